// Advice for large buffers, installed by the host (see large_buffer.h).
#include "core/large_buffer.h"

#include <atomic>

namespace sg {

namespace {
std::atomic<LargeBufferAdvice> installed{nullptr};
}  // namespace

void set_large_buffer_advice(LargeBufferAdvice advice) {
  installed.store(advice, std::memory_order_release);
}

void advise_large_buffer(void* data, std::size_t bytes) {
  if (bytes < kLargeBufferBytes || data == nullptr) return;
  if (const LargeBufferAdvice advice = installed.load(std::memory_order_acquire)) advice(data, bytes);
}

}  // namespace sg
