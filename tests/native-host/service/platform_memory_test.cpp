// The host's large-buffer advice (platform/linux/memory.cpp, engine/core/large_buffer.h): a buffer
// the engine advises about is marked for huge pages, stays fully usable, and small ones are left alone.
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "core/large_buffer.h"
#include "platform/memory.h"

namespace {

// The VmFlags line of the mapping in /proc/self/smaps that holds `p`.
std::string vm_flags_of(const void* p) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= at && at < end;
    } else if (inside && line.starts_with("VmFlags:")) {
      return line;
    }
  }
  return {};
}

}  // namespace

TEST_CASE("a large buffer the engine advises about is marked for huge pages and stays usable") {
  sg::platform::install_large_buffer_advice();
  std::string big;
  big.reserve(std::size_t{32} << 20);
  sg::advise_large_buffer(big.data(), big.capacity());
  big.assign(big.capacity(), 'x');
  CHECK(big.size() == std::size_t{32} << 20);
  CHECK(big[12345] == 'x');
  // "hg": the kernel's flag for MADV_HUGEPAGE on the mapping (the interior 2 MiB pages of it).
  const std::string flags = vm_flags_of(big.data() + (std::size_t{8} << 20));
  REQUIRE_FALSE(flags.empty());
  CHECK(flags.find(" hg") != std::string::npos);

  // Below kLargeBufferBytes nothing is asked.
  std::string small(std::size_t{1} << 20, 'y');
  sg::advise_large_buffer(small.data(), small.size());
  CHECK(vm_flags_of(small.data()).find(" hg") == std::string::npos);
  sg::set_large_buffer_advice(nullptr);
}
