// Runs a system tool to completion (certutil, update-ca-certificates, security) and collects what
// it printed, so portable code never includes OS process headers. POSIX: platform/posix/program.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"

namespace sg::platform {

// A tool's chatter beyond this is dropped (what is kept goes into error messages only).
inline constexpr std::size_t kMaxProgramOutputBytes = 256u * 1024;

struct ProgramResult {
  int exit_code = -1;  // 128 + signal when killed
  std::string output;  // stdout and stderr together, at most kMaxProgramOutputBytes
};

// Runs argv[0] (looked up in PATH) with standard input from /dev/null. not_found when the
// program does not exist; internal when it cannot be started or waited for.
[[nodiscard]] Result<ProgramResult> run_program(const std::vector<std::string>& argv);

}  // namespace sg::platform
