// macos: no advice for large buffers; the allocator's defaults serve (engine/core/large_buffer.h).
#include "platform/memory.h"

namespace sg::platform {

void install_large_buffer_advice() {}

}  // namespace sg::platform
