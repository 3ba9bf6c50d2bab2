// How this OS is asked to back large buffers with huge pages (engine/core/large_buffer.h). One
// implementation per OS in platform/{linux,windows,macos}/memory.cpp.
#pragma once

namespace sg::platform {

// Installs the engine's large-buffer advice for this OS (a no-op where there is none to give).
void install_large_buffer_advice();

}  // namespace sg::platform
