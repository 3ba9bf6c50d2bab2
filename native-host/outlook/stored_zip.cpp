// Stored-entry ZIP (APPNOTE 6.3.10 sections 4.3.7, 4.3.12, 4.3.16), CRC-32 from zlib.
#include "outlook/stored_zip.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace sg::outlook {

namespace {

constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr std::uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr std::uint32_t kEndOfCentralDirectorySignature = 0x06054b50;
constexpr std::uint16_t kVersionNeeded = 10;              // 1.0: stored entries
constexpr std::uint16_t kVersionMadeBy = (3u << 8) | 20;  // UNIX, so the external attributes are a mode
constexpr std::uint16_t kMethodStored = 0;
constexpr std::uint16_t kDosTime = 0;                           // 00:00:00
constexpr std::uint16_t kDosDate = (0u << 9) | (1u << 5) | 1u;  // 1980-01-01
constexpr std::uint32_t kRegularFileMode = 0100644u;            // -rw-r--r--
constexpr std::uint64_t kMaxClassicSize = std::numeric_limits<std::uint32_t>::max() - 1;
constexpr std::size_t kMaxClassicEntries = std::numeric_limits<std::uint16_t>::max() - 1;

void u16(std::string& out, std::uint64_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
}

void u32(std::string& out, std::uint64_t v) {
  u16(out, v & 0xffff);
  u16(out, (v >> 16) & 0xffff);
}

std::uint32_t crc32_of(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes the length as uInt: feed in pieces so a large member cannot be truncated.
  constexpr std::size_t kPiece = 1u << 30;
  for (std::size_t at = 0; at < bytes.size(); at += kPiece) {
    const std::size_t n = std::min(kPiece, bytes.size() - at);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + at), static_cast<uInt>(n));
  }
  return static_cast<std::uint32_t>(crc);
}

Error too_large() {
  return make_error(ErrorCode::too_large, Text{"ZIP に収まりません（4 GiB または 65,535 項目まで）",
                                               "does not fit a ZIP archive (4 GiB or 65,535 entries at most)"});
}

}  // namespace

Result<std::string> stored_zip(const std::vector<ZipMember>& members) {
  if (members.size() > kMaxClassicEntries) return too_large();
  std::string out;
  std::string central;
  for (const ZipMember& m : members) {
    const std::uint64_t offset = out.size();
    if (offset > kMaxClassicSize || m.bytes.size() > kMaxClassicSize || m.name.size() > 0xffff) return too_large();
    const std::uint32_t crc = crc32_of(m.bytes);

    u32(out, kLocalHeaderSignature);
    u16(out, kVersionNeeded);
    u16(out, 0);  // flags: ASCII names, sizes known up front
    u16(out, kMethodStored);
    u16(out, kDosTime);
    u16(out, kDosDate);
    u32(out, crc);
    u32(out, m.bytes.size());
    u32(out, m.bytes.size());
    u16(out, m.name.size());
    u16(out, 0);  // no extra field
    out += m.name;
    out += m.bytes;

    u32(central, kCentralHeaderSignature);
    u16(central, kVersionMadeBy);
    u16(central, kVersionNeeded);
    u16(central, 0);
    u16(central, kMethodStored);
    u16(central, kDosTime);
    u16(central, kDosDate);
    u32(central, crc);
    u32(central, m.bytes.size());
    u32(central, m.bytes.size());
    u16(central, m.name.size());
    u16(central, 0);  // extra field
    u16(central, 0);  // comment
    u16(central, 0);  // disk number
    u16(central, 0);  // internal attributes
    u32(central, std::uint64_t{kRegularFileMode} << 16);
    u32(central, offset);
    central += m.name;
  }
  const std::uint64_t central_offset = out.size();
  if (central_offset > kMaxClassicSize || central.size() > kMaxClassicSize) return too_large();
  out += central;
  u32(out, kEndOfCentralDirectorySignature);
  u16(out, 0);  // this disk
  u16(out, 0);  // the disk with the central directory
  u16(out, members.size());
  u16(out, members.size());
  u32(out, central.size());
  u32(out, central_offset);
  u16(out, 0);  // no comment
  return out;
}

}  // namespace sg::outlook
