// Test support: see archive_tools.h.
#include "support/archive_tools.h"

#include <atomic>

#include "support/files.h"

namespace sg::test {

namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const fs::path& work, std::string_view tool) {
  static std::atomic<int> n{0};
  fs::path dir = work / (std::string(tool) + "-" + std::to_string(n++));
  fs::create_directories(dir);
  return dir;
}

std::map<std::string, std::string> files_under(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).generic_string()] = read_text(e.path());
  }
  return out;
}

}  // namespace

Extracted extract_with_7zz(const fs::path& zip, const std::string& password, const fs::path& work) {
  const fs::path dir = fresh_dir(work, "7zz");
  Extracted x;
  x.run = run({"/usr/bin/7zz", "x", "-y", "-p" + password, "-o" + dir.string(), zip.string()}, {"LC_ALL=C.UTF-8"});
  x.files = files_under(dir);
  return x;
}

Extracted extract_with_bsdtar(const fs::path& zip, const std::string& password, const fs::path& work) {
  const fs::path dir = fresh_dir(work, "bsdtar");
  Extracted x;
  x.run = run({"/usr/bin/bsdtar", "-x", "--passphrase", password, "-C", dir.string(), "-f", zip.string()},
              {"LC_ALL=C.UTF-8"});
  x.files = files_under(dir);
  return x;
}

}  // namespace sg::test
