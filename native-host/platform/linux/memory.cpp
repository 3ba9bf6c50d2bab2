// Linux: large buffers get MADV_HUGEPAGE, so Transparent Huge Pages back them even where the
// system's policy is "madvise" (Debian's default): an inflated 40 MB worksheet then takes about
// twenty page faults instead of ten thousand (engine/core/large_buffer.h).
#include <sys/mman.h>

#include <cstdint>

#include "core/large_buffer.h"
#include "platform/memory.h"

namespace sg::platform {

namespace {

constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;

void advise_huge_pages(void* data, std::size_t bytes) {
  // Only whole huge pages inside the buffer; the advice is a hint and its failure changes nothing.
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t end = (begin + bytes) & ~(kHugePage - 1);
  if (end > first) madvise(reinterpret_cast<void*>(first), end - first, MADV_HUGEPAGE);
}

}  // namespace

void install_large_buffer_advice() {
  set_large_buffer_advice(advise_huge_pages);
}

}  // namespace sg::platform
