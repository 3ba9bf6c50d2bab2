// The AES ZIP writer in process: headers and round trips through the strict test reader, names,
// limits, sinks and failures. (Extraction by 7-Zip and bsdtar is in aes_zip_tool_test.cpp.)
#include <doctest/doctest.h>

#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "crypt/aes_zip.h"
#include "zip_reader.h"

namespace {

using sg::ErrorCode;
using sg::crypt::AesZipWriter;
using sg::crypt::Compression;
using sg::crypt::MemorySink;
using sg::crypt::ZipEntry;
using sg::crypt::ZipWriterOptions;
using sg::crypt::testing::random_bytes;
using sg::crypt::testing::read_archive;
using sg::crypt::testing::text_bytes;

constexpr std::size_t kLimit = std::size_t{256} << 20;
const std::string kPassword = "unit-test-パスワード";

ErrorCode code_of(const sg::Status& s) {
  return s.ok() ? ErrorCode::internal : s.error().code;
}

// Counts the bytes and keeps only the first `keep` of them (for patching checks).
class CountingSink final : public sg::crypt::ArchiveSink {
 public:
  sg::Status write(std::string_view bytes) override {
    position_ += bytes.size();
    return sg::Ok{};
  }
  sg::Status overwrite(std::uint64_t offset, std::string_view bytes) override {
    if (offset + bytes.size() > position_) return sg::make_error(ErrorCode::internal, sg::Text{"範囲外", "range"});
    return sg::Ok{};
  }
  [[nodiscard]] std::uint64_t position() const override { return position_; }

 private:
  std::uint64_t position_ = 0;
};

}  // namespace

TEST_CASE("entries of every kind round-trip and carry the promised headers") {
  MemorySink sink(kLimit);
  AesZipWriter writer(sink, kPassword, ZipWriterOptions{.batch_bytes = 64 * 1024});
  const std::string text = text_bytes(300000);
  const std::string random = random_bytes(200000);
  struct Case {
    ZipEntry entry;
    std::string data;
    Compression expected;
  };
  std::vector<Case> cases = {
      {{"empty.txt"}, "", Compression::store},
      {{"one.bin"}, "x", Compression::store},  // the trial deflate of one byte saves nothing
      {{"フォルダ/報告書.txt", Compression::automatic, std::nullopt, 1715000000}, text, Compression::deflate},
      {{"random.bin"}, random, Compression::store},
      {{"見積書_クライアントA.pdf"}, text, Compression::store},  // by type, however compressible
      {{"forced/stored.txt", Compression::store}, text, Compression::store},
      {{"forced/deflated.bin", Compression::deflate}, random, Compression::deflate},
      {{"forced/deflated-empty", Compression::deflate}, "", Compression::deflate},
  };
  for (const Case& c : cases) {
    CAPTURE(c.entry.name);
    REQUIRE(writer.add(c.entry, c.data).ok());
  }
  auto summary = writer.finish();
  REQUIRE(summary.ok());
  CHECK(summary->bytes == sink.bytes().size());
  REQUIRE(summary->entries.size() == cases.size());

  sg::crypt::testing::ReadArchive archive;
  REQUIRE_NOTHROW(archive = read_archive(sink.bytes(), kPassword));
  CHECK_FALSE(archive.zip64_end);
  REQUIRE(archive.entries.size() == cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& e = archive.entries[i];
    CAPTURE(e.name);
    CHECK(e.name == cases[i].entry.name);
    CHECK(e.data == cases[i].data);
    CHECK(summary->entries[i].used == cases[i].expected);
    CHECK(e.actual_method == (cases[i].expected == Compression::deflate ? 8u : 0u));
    CHECK(summary->entries[i].size == cases[i].data.size());
    CHECK(summary->entries[i].stored_size == e.stored_size);
    CHECK(e.external_attributes == (0100644u << 16));
    CHECK((e.version_made_by >> 8) == 3);  // Unix
    CHECK_FALSE(e.zip64_local);            // every size was known and small
    CHECK_FALSE(e.zip64_central);
  }
  CHECK(archive.entries[0].stored_size == 28);  // salt + verifier + MAC
  CHECK(archive.entries[4].stored_size == text.size() + 28);
  CHECK(archive.entries[2].stored_size < text.size() / 2);
  // 2024-05-06 12:53:20 UTC, and the 0x5455 extra with the exact time.
  CHECK(archive.entries[2].dos_date == ((2024u - 1980u) << 9 | 5u << 5 | 6u));
  CHECK(archive.entries[2].dos_time == (12u << 11 | 53u << 5 | 10u));
  CHECK(archive.entries[2].unix_time == 1715000000u);
  // mtime 0: 1980-01-01 00:00, no extended timestamp.
  CHECK(archive.entries[0].dos_date == (1u << 5 | 1u));
  CHECK(archive.entries[0].dos_time == 0);
  CHECK_FALSE(archive.entries[0].unix_time.has_value());
}

TEST_CASE("every entry has its own salt: equal content, different ciphertext") {
  MemorySink sink(kLimit);
  AesZipWriter writer(sink, kPassword);
  REQUIRE(writer.add({"a.txt", Compression::store}, "same content").ok());
  REQUIRE(writer.add({"b.txt", Compression::store}, "same content").ok());
  REQUIRE(writer.finish().ok());
  const auto archive = read_archive(sink.bytes(), kPassword);
  const auto stored = [&](std::size_t i) {
    return sink.bytes().substr(archive.entries[i].data_offset, archive.entries[i].stored_size);
  };
  CHECK(stored(0).substr(0, 16) != stored(1).substr(0, 16));
  CHECK(stored(0).substr(18) != stored(1).substr(18));
  CHECK_THROWS(read_archive(sink.bytes(), "wrong password"));
}

TEST_CASE("force_zip64 writes Zip64 extras and end records that read back") {
  MemorySink sink(kLimit);
  AesZipWriter writer(sink, kPassword, ZipWriterOptions{.force_zip64 = true});
  const std::string text = text_bytes(100000);
  REQUIRE(writer.add({"a.txt"}, text).ok());
  REQUIRE(writer.add({"b/c.bin", Compression::store}, "xyz").ok());
  REQUIRE(writer.finish().ok());
  sg::crypt::testing::ReadArchive archive;
  REQUIRE_NOTHROW(archive = read_archive(sink.bytes(), kPassword));
  CHECK(archive.zip64_end);
  REQUIRE(archive.entries.size() == 2);
  CHECK(archive.entries[0].zip64_local);
  CHECK(archive.entries[0].zip64_central);
  CHECK(archive.entries[0].data == text);
  CHECK(archive.entries[1].data == "xyz");
}

TEST_CASE("a streamed entry of unknown size reserves Zip64 in its local header") {
  MemorySink sink(kLimit);
  AesZipWriter writer(sink, kPassword, ZipWriterOptions{.batch_bytes = 64 * 1024});
  const std::string data = random_bytes(1000003);
  std::size_t at = 0;
  // Odd, small reads: the writer keeps filling its batch.
  const sg::crypt::ReadFn read = [&](std::span<char> buf) -> sg::Result<std::size_t> {
    const std::size_t n = std::min({buf.size(), data.size() - at, std::size_t{4099}});
    std::copy_n(data.data() + at, n, buf.data());
    at += n;
    return n;
  };
  REQUIRE(writer.add({"stream.bin"}, read).ok());
  REQUIRE(writer.finish().ok());
  const auto archive = read_archive(sink.bytes(), kPassword);
  REQUIRE(archive.entries.size() == 1);
  CHECK(archive.entries[0].zip64_local);
  CHECK(archive.entries[0].data == data);
  CHECK_FALSE(archive.zip64_end);
}

TEST_CASE("bad names are refused before anything is written") {
  MemorySink sink(kLimit);
  AesZipWriter writer(sink, kPassword);
  const std::string bad[] = {"",
                             "/abs.txt",
                             "../up.txt",
                             "a/../b.txt",
                             "a/./b.txt",
                             "..",
                             "a\\b.txt",
                             "a//b.txt",
                             "dir/",
                             "C:evil.txt",
                             std::string("nul\0.txt", 8),
                             "tab\t.txt",
                             "\xff\xfe.txt",
                             "\xc0\xaf.txt",      // overlong '/'
                             "\xed\xa0\x80.txt",  // surrogate
                             std::string(sg::crypt::kMaxEntryNameBytes + 1, 'a')};
  for (const std::string& name : bad) {
    CAPTURE(name);
    CHECK(code_of(writer.add({name}, "data")) == ErrorCode::invalid_request);
    CHECK(code_of(sg::crypt::validate_entry_name(name)) == ErrorCode::invalid_request);
  }
  CHECK(sink.bytes().empty());
  const auto error = writer.add({"../x"}, "data");
  CHECK_FALSE(error.error().message.ja.empty());
  CHECK_FALSE(error.error().message.en.empty());
  CHECK(sg::crypt::validate_entry_name(std::string(sg::crypt::kMaxEntryNameBytes, 'a')).ok());
  CHECK(sg::crypt::validate_entry_name("フォルダ/サブ/見積書 (最終).pdf").ok());
  CHECK(sg::crypt::validate_entry_name("..hidden/a..b.txt").ok());
  // The writer is still usable.
  REQUIRE(writer.add({"ok.txt"}, "data").ok());
  REQUIRE(writer.finish().ok());
  CHECK(read_archive(sink.bytes(), kPassword).entries.size() == 1);
}

TEST_CASE("duplicate names and file/folder clashes are refused, the writer stays usable") {
  MemorySink sink(kLimit);
  AesZipWriter writer(sink, kPassword);
  REQUIRE(writer.add({"a/b.txt"}, "1").ok());
  const auto before = sink.bytes().size();
  CHECK(code_of(writer.add({"a/b.txt"}, "2")) == ErrorCode::invalid_request);
  CHECK(code_of(writer.add({"a"}, "3")) == ErrorCode::invalid_request);
  CHECK(code_of(writer.add({"a/b.txt/c"}, "4")) == ErrorCode::invalid_request);
  CHECK(sink.bytes().size() == before);
  REQUIRE(writer.add({"a/B.txt"}, "5").ok());
  auto summary = writer.finish();
  REQUIRE(summary.ok());
  CHECK(summary->entries.size() == 2);
}

TEST_CASE("passwords must be 1 to kMaxPasswordBytes bytes") {
  MemorySink sink(kLimit);
  AesZipWriter empty(sink, "");
  CHECK(code_of(empty.add({"a"}, "x")) == ErrorCode::invalid_request);
  AesZipWriter long_one(sink, std::string(sg::crypt::kMaxPasswordBytes + 1, 'p'));
  CHECK(code_of(long_one.add({"a"}, "x")) == ErrorCode::invalid_request);
  CHECK(sink.bytes().empty());
  AesZipWriter longest(sink, std::string(sg::crypt::kMaxPasswordBytes, 'p'));
  REQUIRE(longest.add({"a"}, "x").ok());
  REQUIRE(longest.finish().ok());
  CHECK(read_archive(sink.bytes(), std::string(sg::crypt::kMaxPasswordBytes, 'p')).entries[0].data == "x");
}

TEST_CASE("at most kMaxArchiveEntries entries") {
  CountingSink sink;
  AesZipWriter writer(sink, kPassword);
  for (std::size_t i = 0; i < sg::crypt::kMaxArchiveEntries; ++i) {
    REQUIRE(writer.add({"f" + std::to_string(i)}, "").ok());
  }
  CHECK(code_of(writer.add({"one-too-many"}, "")) == ErrorCode::invalid_request);
  auto summary = writer.finish();
  REQUIRE(summary.ok());
  CHECK(summary->entries.size() == sg::crypt::kMaxArchiveEntries);
}

TEST_CASE("MemorySink refuses to grow past its limit") {
  MemorySink sink(10);
  CHECK(sink.write("12345").ok());
  CHECK(sink.write("67890").ok());
  CHECK(code_of(sink.write("x")) == ErrorCode::too_large);
  CHECK(sink.bytes() == "1234567890");
  CHECK(sink.overwrite(8, "ab").ok());
  CHECK(sink.bytes() == "12345678ab");
  CHECK_FALSE(sink.overwrite(9, "ab").ok());
  CHECK_FALSE(sink.overwrite(11, "").ok());

  MemorySink small(1000);
  AesZipWriter writer(small, kPassword);
  const auto s = writer.add({"big.bin", Compression::store}, random_bytes(5000));
  CHECK(code_of(s) == ErrorCode::too_large);
  CHECK(small.bytes().size() <= 1000);
  // A failure mid-entry leaves a partial archive: every later call reports it.
  CHECK(code_of(writer.add({"next.txt"}, "x")) == ErrorCode::too_large);
  CHECK(writer.finish().error().code == ErrorCode::too_large);
}

TEST_CASE("a failing ReadFn fails the entry and the writer") {
  MemorySink sink(kLimit);
  AesZipWriter writer(sink, kPassword);
  int calls = 0;
  const sg::crypt::ReadFn read = [&](std::span<char> buf) -> sg::Result<std::size_t> {
    if (++calls > 2) return sg::make_error(ErrorCode::internal, sg::Text{"読めません", "cannot read"});
    std::fill(buf.begin(), buf.begin() + 100, 'a');
    return std::size_t{100};
  };
  const auto s = writer.add({"x.txt"}, read);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message.en == "cannot read");
  CHECK_FALSE(writer.finish().ok());

  MemorySink sink2(kLimit);
  AesZipWriter writer2(sink2, kPassword);
  const sg::crypt::ReadFn liar = [](std::span<char> buf) -> sg::Result<std::size_t> { return buf.size() + 1; };
  CHECK(code_of(writer2.add({"x.txt"}, liar)) == ErrorCode::internal);
}

TEST_CASE("the declared size must match what the entry delivers") {
  MemorySink sink(kLimit);
  AesZipWriter writer(sink, kPassword);
  CHECK(code_of(writer.add({"a", Compression::store, 5}, "1234")) == ErrorCode::invalid_request);
  CHECK(writer.add({"a", Compression::store, 4}, "1234").ok());
  std::size_t left = 10;
  const sg::crypt::ReadFn ten = [&](std::span<char> buf) -> sg::Result<std::size_t> {
    const std::size_t n = std::min(left, buf.size());
    std::fill_n(buf.begin(), n, 'z');
    left -= n;
    return n;
  };
  CHECK(code_of(writer.add({"b", Compression::store, 9}, ten)) == ErrorCode::invalid_request);
}

TEST_CASE("finish once; nothing after it") {
  MemorySink sink(kLimit);
  AesZipWriter writer(sink, kPassword);
  auto summary = writer.finish();
  REQUIRE(summary.ok());
  CHECK(summary->entries.empty());
  CHECK(sink.bytes().size() == 22);  // just the end record
  CHECK(read_archive(sink.bytes(), kPassword).entries.empty());
  CHECK(writer.finish().error().code == ErrorCode::invalid_request);
  CHECK(code_of(writer.add({"late.txt"}, "x")) == ErrorCode::invalid_request);
}

TEST_CASE("FileSink writes the same archive structure to disk") {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("sg-crypt-unit-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "out.zip";
  {
    auto sink = sg::crypt::FileSink::create(path);
    REQUIRE(sink.ok());
    AesZipWriter writer(**sink, kPassword);
    REQUIRE(writer.add({"a.txt"}, text_bytes(100000)).ok());
    REQUIRE(writer.add({"b.bin", Compression::store}, "b").ok());
    auto summary = writer.finish();
    REQUIRE(summary.ok());
    REQUIRE((*sink)->close().ok());
    CHECK(std::filesystem::file_size(path) == summary->bytes);
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  const auto archive = read_archive(content.str(), kPassword);
  REQUIRE(archive.entries.size() == 2);
  CHECK(archive.entries[0].data == text_bytes(100000));
  CHECK(archive.entries[1].data == "b");
  // Truncates an existing file.
  {
    auto again = sg::crypt::FileSink::create(path);
    REQUIRE(again.ok());
    REQUIRE((*again)->close().ok());
  }
  CHECK(std::filesystem::file_size(path) == 0);
  auto missing = sg::crypt::FileSink::create(dir / "no-such-dir" / "x.zip");
  CHECK(missing.error().code == ErrorCode::internal);
  std::filesystem::remove_all(dir);
}

TEST_CASE("is_precompressed_name decides by extension, case-insensitively") {
  CHECK(sg::crypt::is_precompressed_name("a/b/写真.JPG"));
  CHECK(sg::crypt::is_precompressed_name("report.docx"));
  CHECK(sg::crypt::is_precompressed_name("x.tar.gz"));
  CHECK_FALSE(sg::crypt::is_precompressed_name("notes.txt"));
  CHECK_FALSE(sg::crypt::is_precompressed_name("pdf"));
  CHECK_FALSE(sg::crypt::is_precompressed_name("zip.d/readme"));
}
