// A streaming writer of WinZip AES-256 (AE-2) encrypted ZIP archives, on zlib and OpenSSL EVP.
//
// Every entry: method 99 with the 0x9901 extra field (AE-2, AES-256, actual method store or
// deflate), flags bit 0 (encrypted) and bit 11 (UTF-8 name), CRC 0; data = 16-byte salt, 2-byte
// password verifier, AES-256-CTR ciphertext, 10-byte HMAC-SHA1-80 of the ciphertext. Local header
// sizes are patched through ArchiveSink::overwrite (no data descriptors). Zip64 records appear
// when sizes, offsets or the count need them, or always with force_zip64.
//
// Memory is O(options.batch_bytes) whatever the entry sizes: entries stream through ReadFn, and
// each batch is encrypted with one EVP call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "crypt/chunk_deflate.h"

namespace sg::crypt {

inline constexpr std::size_t kMaxArchiveEntries = 1000;
inline constexpr std::size_t kMaxEntryNameBytes = 1024;
inline constexpr std::size_t kMaxPasswordBytes = 256;

enum class Compression { automatic, store, deflate };

struct ZipEntry {
  std::string name;  // UTF-8; '/' separators; no leading '/', no "..", no '\\', non-empty
  Compression compression = Compression::automatic;
  std::optional<std::uint64_t> size{};  // when known beforehand; decides Zip64 up front
  std::int64_t mtime_unix = 0;          // stored as DOS time (local header + central dir); 0 = 1980-01-01
};

// Pulls an entry's bytes into buf; returns how many (0 = end of entry).
using ReadFn = std::function<Result<std::size_t>(std::span<char> buf)>;

// Receives the archive's bytes in order; overwrite() patches bytes already written (local header sizes).
class ArchiveSink {
 public:
  virtual ~ArchiveSink() = default;
  [[nodiscard]] virtual Status write(std::string_view bytes) = 0;
  [[nodiscard]] virtual Status overwrite(std::uint64_t offset, std::string_view bytes) = 0;
  [[nodiscard]] virtual std::uint64_t position() const = 0;
};

// The archive in a string, refusing (too_large) to grow past max_bytes.
class MemorySink final : public ArchiveSink {
 public:
  explicit MemorySink(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  [[nodiscard]] Status write(std::string_view bytes) override;
  [[nodiscard]] Status overwrite(std::uint64_t offset, std::string_view bytes) override;
  [[nodiscard]] std::uint64_t position() const override { return bytes_.size(); }
  std::string& bytes() { return bytes_; }
  [[nodiscard]] const std::string& bytes() const { return bytes_; }

 private:
  std::size_t max_bytes_;
  std::string bytes_;
};

// The archive in a file, created (or truncated) by create(); close() reports late write errors.
class FileSink final : public ArchiveSink {
 public:
  [[nodiscard]] static Result<std::unique_ptr<FileSink>> create(const std::filesystem::path& path);
  ~FileSink() override;
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  [[nodiscard]] Status write(std::string_view bytes) override;
  [[nodiscard]] Status overwrite(std::uint64_t offset, std::string_view bytes) override;
  [[nodiscard]] std::uint64_t position() const override { return position_; }
  [[nodiscard]] Status close();

 private:
  FileSink() = default;
  std::ofstream file_;
  std::uint64_t position_ = 0;
  bool closed_ = false;
};

struct ZipWriterOptions {
  int deflate_level = kDefaultDeflateLevel;  // libdeflate 1-12; -1 also means the default
  bool force_zip64 = false;
  std::size_t batch_bytes = 1 << 20;  // clamped to [64 KiB, 64 MiB]
};

struct EntrySummary {
  std::string name;
  std::uint64_t size = 0;         // bytes read from the entry
  std::uint64_t stored_size = 0;  // compressed size in the archive: salt + verifier + data + MAC
  Compression used = Compression::store;
};

struct ArchiveSummary {
  std::uint64_t bytes = 0;
  std::vector<EntrySummary> entries;
};

// Checks an entry name as add() does (invalid_request with a Japanese and English message).
[[nodiscard]] Status validate_entry_name(std::string_view name);

// What Compression::automatic decides from the name alone: true for already-compressed types.
[[nodiscard]] bool is_precompressed_name(std::string_view name);

class AesZipWriter {
 public:
  AesZipWriter(ArchiveSink& sink, std::string password, ZipWriterOptions options = {});
  ~AesZipWriter();
  AesZipWriter(const AesZipWriter&) = delete;
  AesZipWriter& operator=(const AesZipWriter&) = delete;

  // Adds one entry. Bad input (name, duplicate, count, password, declared size) is refused
  // before anything is written and leaves the writer usable; a failure while the entry is being
  // written (ReadFn, sink, OpenSSL, zlib) leaves a partial archive, and every later call fails.
  [[nodiscard]] Status add(const ZipEntry& entry, const ReadFn& read);
  [[nodiscard]] Status add(const ZipEntry& entry, std::string_view data);
  // Central directory (+ Zip64 end records when needed). Once only.
  [[nodiscard]] Result<ArchiveSummary> finish();

 private:
  struct Record {
    std::string name;
    std::uint16_t dos_time = 0;
    std::uint16_t dos_date = 0;
    std::optional<std::uint32_t> unix_time;  // extended timestamp extra (0x5455)
    Compression used = Compression::store;
    std::uint64_t size = 0;
    std::uint64_t stored_size = 0;
    std::uint64_t offset = 0;
    bool zip64 = false;  // the local header carries a Zip64 extra
  };
  struct Buffers;

  [[nodiscard]] Status check_entry(const ZipEntry& entry) const;
  [[nodiscard]] Status write_entry(const ZipEntry& entry, const ReadFn& read);
  [[nodiscard]] Error fail(Error error);

  ArchiveSink& sink_;
  std::string password_;
  ZipWriterOptions options_;
  std::vector<Record> records_;
  std::set<std::string, std::less<>> names_;
  std::set<std::string, std::less<>> folders_;  // every "a/" and "a/b/" that a name implies
  std::unique_ptr<Buffers> buffers_;            // allocated by the first add()
  std::optional<Error> failed_;
  bool finished_ = false;
};

}  // namespace sg::crypt
