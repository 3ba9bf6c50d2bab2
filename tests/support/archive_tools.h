// Test support: opens our encrypted archives with independent tools (7-Zip's 7zz, libarchive's
// bsdtar), so a test proves what a recipient's software does with them.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "support/process.h"

namespace sg::test {

// Extracts `zip` with the password into a fresh directory under `work` and returns every file
// (path relative to that directory, '/'-separated) with its bytes; the tool's result in `run`.
struct Extracted {
  RunResult run;
  std::map<std::string, std::string> files;
};
Extracted extract_with_7zz(const std::filesystem::path& zip, const std::string& password,
                           const std::filesystem::path& work);
Extracted extract_with_bsdtar(const std::filesystem::path& zip, const std::string& password,
                              const std::filesystem::path& work);

}  // namespace sg::test
