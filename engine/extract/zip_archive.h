// A ZIP archive read from memory with libzip, within the session's limits: entries counted from
// the end-of-central-directory record before libzip parses them, sizes and compression ratios
// checked before an entry is inflated, inflation stopped at the declared size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/extract_session.h"

struct zip;  // libzip's archive handle

namespace sg::extract {

// Entry names longer than this are refused as bad paths (no file system takes them whole).
inline constexpr std::size_t kMaxEntryNameBytes = 1024;
// Entries are inflated this many bytes at a time, the clock checked between reads.
inline constexpr std::size_t kInflateChunkBytes = 64 * 1024;

struct ZipEntry {
  std::uint64_t index = 0;
  std::string name;        // raw bytes as stored (UTF-8 or, from Japanese Windows, CP932)
  std::uint64_t size = 0;  // declared uncompressed size
  std::uint64_t compressed_size = 0;
  bool directory = false;
  bool encrypted = false;
  bool method_supported = true;  // a compression method libzip can inflate
  bool deflated = false;         // compressed with Deflate (method 8): inflated with libdeflate
  bool has_crc = false;
  std::uint32_t crc = 0;  // CRC-32 of the uncompressed bytes, as the central directory declares it
  bool bad_path = false;  // see is_safe_entry_name; also a NUL in the raw name
};

struct EntryData {
  std::string bytes;
  bool cut = false;  // stopped at the `keep` bytes asked for; more was there
};

// False for names that would escape an extraction directory or hide what they are: empty,
// longer than kMaxEntryNameBytes, absolute, with a drive letter, a backslash, a ".." component,
// or a control character (NUL included).
[[nodiscard]] bool is_safe_entry_name(std::string_view raw);

class ZipArchive {
 public:
  // Opens `bytes` (not copied: they must outlive the archive). Refuses archives with more entries
  // than max_entries or whose declared total expands past max_ratio; nullptr when refused or
  // unreadable, with the problem recorded at `location`.
  static std::unique_ptr<ZipArchive> open(std::string_view bytes, Session& session, std::string_view location);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  [[nodiscard]] const std::vector<ZipEntry>& entries() const { return entries_; }
  // The entry named `name` (ASCII case-insensitive, as OPC part names compare); nullptr if none.
  [[nodiscard]] const ZipEntry* find(std::string_view name) const;

  // Inflates at most `keep` bytes of `entry`. A Deflate entry read whole is inflated in one call
  // of libdeflate (several times faster than zlib's streaming inflate), its CRC-32 checked; the
  // clock is checked before it (an entry is at most max_input_bytes: tens of milliseconds). Refused (nullopt, problem
  // recorded at `location`) when the entry is encrypted, its declared size is over max_input_bytes or what is left of
  // max_uncompressed, its ratio is over max_ratio, it inflates past its declared size, it is
  // broken, or time runs out.
  std::optional<EntryData> read(const ZipEntry& entry, Session& session, std::string_view location,
                                std::size_t keep = std::numeric_limits<std::size_t>::max());

 private:
  ZipArchive() = default;
  zip* archive_ = nullptr;
  std::mutex mu_;                  // libzip calls on archive_: a workbook's shared strings are read on a second thread
  std::size_t archive_bytes_ = 0;  // the archive's size: no entry holds more compressed bytes
  std::vector<ZipEntry> entries_;
  std::unordered_map<std::string, std::size_t> by_name_;  // ASCII-lower-cased name -> entries_ index

  std::optional<EntryData> inflate_whole(const ZipEntry& entry, Session& session, std::string_view location);
};

}  // namespace sg::extract
