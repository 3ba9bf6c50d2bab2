// The AES ZIP writer against independent readers: 7-Zip (7zz) and libarchive (bsdtar) must
// extract every archive to byte-identical files, refuse a wrong password and notice tampering.
#include <doctest/doctest.h>

#include <openssl/rand.h>
#include <sys/stat.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "crypt/aes_zip.h"
#include "support/files.h"
#include "support/process.h"
#include "zip_reader.h"

namespace {

namespace fs = std::filesystem;
using sg::crypt::AesZipWriter;
using sg::crypt::Compression;
using sg::crypt::ZipEntry;
using sg::crypt::ZipWriterOptions;
using sg::crypt::testing::random_bytes;
using sg::crypt::testing::text_bytes;

const std::string kPassword = "Tool-Test#7xQ%pw";

std::string tool(const char* name) {
  for (const char* dir : {"/usr/bin/", "/usr/local/bin/", "/bin/"}) {
    const std::string p = std::string(dir) + name;
    if (fs::exists(p)) return p;
  }
  FAIL(name << " is not installed (scripts/setup installs 7zip and libarchive-tools)");
  return {};
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path utf8_path(const std::string& name) {
  return fs::path(std::u8string(name.begin(), name.end()));
}

struct File {
  ZipEntry entry;
  std::string data;
};

fs::path write_archive(const fs::path& dir, const std::vector<File>& files, ZipWriterOptions options = {}) {
  const fs::path path = dir / "archive.zip";
  auto sink = sg::crypt::FileSink::create(path);
  REQUIRE(sink.ok());
  AesZipWriter writer(**sink, kPassword, options);
  for (const File& f : files) {
    CAPTURE(f.entry.name);
    REQUIRE(writer.add(f.entry, f.data).ok());
  }
  REQUIRE(writer.finish().ok());
  REQUIRE((*sink)->close().ok());
  return path;
}

sg::test::RunResult seven_zip(std::vector<std::string> args) {
  std::vector<std::string> argv = {tool("7zz")};
  argv.insert(argv.end(), args.begin(), args.end());
  return sg::test::run(argv);
}

sg::test::RunResult bsdtar(std::vector<std::string> args) {
  std::vector<std::string> argv = {tool("bsdtar")};
  argv.insert(argv.end(), args.begin(), args.end());
  return sg::test::run(argv);
}

// Both tools extract the archive; every file must come out byte-identical.
void check_extracts(const fs::path& archive, const std::vector<File>& files) {
  const fs::path root = archive.parent_path();
  const fs::path by7z = root / "out-7zz";
  const fs::path bytar = root / "out-bsdtar";
  fs::create_directories(by7z);
  fs::create_directories(bytar);

  const auto t = seven_zip({"t", "-p" + kPassword, archive.string()});
  INFO("7zz t: " << t.out << t.err);
  CHECK(t.status == 0);
  const auto x = seven_zip({"x", "-y", "-p" + kPassword, "-o" + by7z.string(), archive.string()});
  INFO("7zz x: " << x.out << x.err);
  CHECK(x.status == 0);
  const auto b = bsdtar({"-x", "--passphrase", kPassword, "-C", bytar.string(), "-f", archive.string()});
  INFO("bsdtar: " << b.out << b.err);
  CHECK(b.status == 0);

  for (const File& f : files) {
    CAPTURE(f.entry.name);
    for (const fs::path& out : {by7z, bytar}) {
      const fs::path p = out / utf8_path(f.entry.name);
      REQUIRE(fs::is_regular_file(p));
      CHECK(fs::file_size(p) == f.data.size());
      CHECK(read_file(p) == f.data);
    }
    // bsdtar applies the Unix mode from the central directory: rw-r--r-- (less the umask).
    const auto perms = fs::status(bytar / utf8_path(f.entry.name)).permissions();
    CHECK((perms & fs::perms::owner_read) != fs::perms::none);
    CHECK((perms & fs::perms::owner_exec) == fs::perms::none);
  }
}

}  // namespace

TEST_CASE("7-Zip and bsdtar extract Japanese names, empty and 1-byte files, stored and deflated entries") {
  sg::test::TempDir dir;
  const std::vector<File> files = {
      {{"見積書_クライアントA.pdf"}, random_bytes(150000)},
      {{"フォルダ/報告書.txt", Compression::automatic, std::nullopt, 1715000000}, text_bytes(500000)},
      {{"empty.txt"}, ""},
      {{"one.bin"}, "!"},
      {{"data/stored.bin", Compression::store}, random_bytes(300001)},
      {{"data/deflated.csv", Compression::deflate}, text_bytes(2000003)},
      {{"data/deflated-random.bin", Compression::deflate}, random_bytes(70000)},
  };
  // Small batches: the larger entries cross several of them.
  const fs::path archive = write_archive(dir.path(), files, ZipWriterOptions{.batch_bytes = 64 * 1024});
  check_extracts(archive, files);
}

TEST_CASE("7-Zip and bsdtar extract a force_zip64 archive") {
  sg::test::TempDir dir;
  const std::vector<File> files = {
      {{"zip64/テキスト.txt"}, text_bytes(200000)},
      {{"zip64/stored.bin", Compression::store}, random_bytes(100000)},
      {{"empty"}, ""},
  };
  const fs::path archive = write_archive(dir.path(), files, ZipWriterOptions{.force_zip64 = true});
  // It really is Zip64 throughout.
  const auto parsed = sg::crypt::testing::read_archive(read_file(archive), kPassword);
  CHECK(parsed.zip64_end);
  CHECK(parsed.entries[0].zip64_local);
  check_extracts(archive, files);
}

TEST_CASE("a wrong password fails in both tools") {
  sg::test::TempDir dir;
  const std::vector<File> files = {{{"secret.txt"}, text_bytes(10000)}, {{"s.bin", Compression::store}, "abc"}};
  const fs::path archive = write_archive(dir.path(), files);
  const auto t = seven_zip({"t", "-pnot-the-password", archive.string()});
  CHECK(t.status != 0);
  const auto x = seven_zip({"x", "-y", "-pnot-the-password", "-o" + (dir.path() / "o7").string(), archive.string()});
  CHECK(x.status != 0);
  fs::create_directories(dir.path() / "ob");
  const auto b =
      bsdtar({"-x", "--passphrase", "not-the-password", "-C", (dir.path() / "ob").string(), "-f", archive.string()});
  CHECK(b.status != 0);
}

TEST_CASE("one flipped ciphertext byte makes 7zz t report an error") {
  sg::test::TempDir dir;
  const std::vector<File> files = {{{"a.bin", Compression::store}, random_bytes(5000)}};
  const fs::path archive = write_archive(dir.path(), files);
  std::string bytes = read_file(archive);
  const auto parsed = sg::crypt::testing::read_archive(bytes, kPassword);
  // Past salt (16) and verifier (2), in the ciphertext.
  const std::size_t at = static_cast<std::size_t>(parsed.entries[0].data_offset) + 18 + 1234;
  bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
  sg::test::write_text(archive, bytes);
  const auto t = seven_zip({"t", "-p" + kPassword, archive.string()});
  INFO("7zz t: " << t.out << t.err);
  CHECK(t.status != 0);
  CHECK(t.out.find("Error") != std::string::npos);
}

TEST_CASE("an entry over 4 GiB streamed from a ReadFn (Zip64 by size) passes 7zz t and bsdtar") {
  sg::test::TempDir dir;
  const fs::path path = dir.path() / "big.zip";
  constexpr std::uint64_t kSize = (std::uint64_t{4} << 30) + 12345;
  std::uint64_t left = kSize;
  const sg::crypt::ReadFn zeros = [&](std::span<char> buf) -> sg::Result<std::size_t> {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, buf.size()));
    std::memset(buf.data(), 0, n);
    left -= n;
    return n;
  };
  const auto start = std::chrono::steady_clock::now();
  {
    auto sink = sg::crypt::FileSink::create(path);
    REQUIRE(sink.ok());
    AesZipWriter writer(**sink, kPassword, ZipWriterOptions{.deflate_level = 1});
    REQUIRE(writer.add({"zeros.bin", Compression::deflate, kSize}, zeros).ok());
    REQUIRE(writer.add({"after.txt"}, "after the big one").ok());
    auto summary = writer.finish();
    REQUIRE(summary.ok());
    CHECK(summary->entries[0].size == kSize);
    REQUIRE((*sink)->close().ok());
  }
  const std::chrono::duration<double> wrote = std::chrono::steady_clock::now() - start;
  MESSAGE("wrote 4 GiB of zeros in " << wrote.count() << " s; archive " << fs::file_size(path) << " bytes");
  const auto t = seven_zip({"t", "-p" + kPassword, path.string()});
  INFO("7zz t: " << t.out << t.err);
  CHECK(t.status == 0);
  // "Size:" is the total of both entries.
  CHECK(t.out.find(std::to_string(kSize + std::string_view("after the big one").size())) != std::string::npos);
  // bsdtar streams the big entry to stdout, counted by wc (nothing lands on disk).
  const auto b =
      sg::test::run({"/bin/bash", "-c", "set -o pipefail; \"$0\" -x -O --passphrase \"$1\" -f \"$2\" zeros.bin | wc -c",
                     tool("bsdtar"), kPassword, path.string()});
  INFO("bsdtar: " << b.err);
  CHECK(b.status == 0);
  CHECK(b.out.find(std::to_string(kSize)) != std::string::npos);
  const std::chrono::duration<double> total = std::chrono::steady_clock::now() - start;
  MESSAGE("write + 7zz t + bsdtar: " << total.count() << " s");
}
