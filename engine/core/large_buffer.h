// Advice for large buffers (an inflated worksheet is tens of megabytes): the host may install a
// function that asks the operating system for huge pages, so filling the buffer takes a few page
// faults instead of thousands. Engine code stays free of OS headers; the host's platform code
// (native-host/platform) installs the advice at start, and without it nothing happens.
#pragma once

#include <cstddef>

namespace sg {

// Buffers smaller than this are not worth advising about.
inline constexpr std::size_t kLargeBufferBytes = std::size_t{4} << 20;

using LargeBufferAdvice = void (*)(void* data, std::size_t bytes);

// Installs the advice (nullptr removes it). Call once at start, before any check runs.
void set_large_buffer_advice(LargeBufferAdvice advice);

// Gives the advice for `bytes` at `data`, allocated but not yet written, when there is advice
// and the buffer is at least kLargeBufferBytes.
void advise_large_buffer(void* data, std::size_t bytes);

}  // namespace sg
