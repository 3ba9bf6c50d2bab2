// Test support: temporary directories removed at scope exit, and whole-file reads and writes.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace sg::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string read_text(const std::filesystem::path& p);
void write_text(const std::filesystem::path& p, std::string_view content);

}  // namespace sg::test
