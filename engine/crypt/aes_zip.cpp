// The WinZip AES-256 (AE-2) ZIP writer: headers, Zip64, streaming deflate and batched encryption.
#include "crypt/aes_zip.h"

#include <deque>
#include <future>
#include <thread>

#include "crypt/chunk_deflate.h"

#include <openssl/rand.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <utility>

#include "crypt/winzip_aes.h"

namespace sg::crypt {

namespace {

constexpr std::uint32_t kLocalHeaderSig = 0x04034b50;
constexpr std::uint32_t kCentralHeaderSig = 0x02014b50;
constexpr std::uint32_t kEndSig = 0x06054b50;
constexpr std::uint32_t kZip64EndSig = 0x06064b50;
constexpr std::uint32_t kZip64LocatorSig = 0x07064b50;

constexpr std::uint16_t kVersionNeeded = 51;             // AES encryption (APPNOTE 4.4.3.2)
constexpr std::uint16_t kVersionNeededZip64End = 45;     // the Zip64 end record itself
constexpr std::uint16_t kVersionMadeBy = (3 << 8) | 63;  // Unix, APPNOTE 6.3
constexpr std::uint16_t kFlags = 0x0001 | 0x0800;        // encrypted, UTF-8 name
constexpr std::uint16_t kMethodAes = 99;
constexpr std::uint16_t kMethodStore = 0;
constexpr std::uint16_t kMethodDeflate = 8;
constexpr std::uint32_t kExternalAttributes = 0100644u << 16;  // regular file, rw-r--r--

constexpr std::uint16_t kExtraZip64 = 0x0001;
constexpr std::uint16_t kExtraAes = 0x9901;
constexpr std::uint16_t kExtraTimestamp = 0x5455;

constexpr std::uint32_t kMax32 = 0xFFFFFFFF;
constexpr std::uint16_t kMax16 = 0xFFFF;
// Declared sizes from here on get a Zip64 local header: salt, MAC and deflate's worst-case
// growth (~0.03%) must still fit below 4 GiB without one.
constexpr std::uint64_t kZip64DeclaredSize = 0xF0000000;

constexpr std::size_t kProbeBytes = 64 * 1024;
// Deflate threads at most: each holds a chunk and its output (~8 MiB) while in flight.
constexpr unsigned kMaxDeflateThreads = 4;  // what Compression::automatic tries to deflate
constexpr std::size_t kMinBatch = 64 * 1024;
constexpr std::size_t kMaxBatch = 64 * 1024 * 1024;

Error invalid(std::string ja, std::string en) {
  return make_error(ErrorCode::invalid_request, Text{std::move(ja), std::move(en)});
}
Error internal(std::string ja, std::string en) {
  return make_error(ErrorCode::internal, Text{std::move(ja), std::move(en)});
}

void put16(std::string& s, std::uint32_t v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}
void put64(std::string& s, std::uint64_t v) {
  put32(s, static_cast<std::uint32_t>(v & kMax32));
  put32(s, static_cast<std::uint32_t>(v >> 32));
}
std::uint32_t clamp32(std::uint64_t v) {
  return v >= kMax32 ? kMax32 : static_cast<std::uint32_t>(v);
}

unsigned char* as_uchar(char* p) {
  return reinterpret_cast<unsigned char*>(p);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
}
std::string_view as_chars(const unsigned char* p, std::size_t n) {
  return {reinterpret_cast<const char*>(p), n};  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};
constexpr Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

constexpr std::int64_t kDosEpoch = days_from_civil(1980, 1, 1) * 86400;
constexpr std::int64_t kDosLast = days_from_civil(2108, 1, 1) * 86400 - 2;

// DOS date and time fields (UTC; the exact time also goes into the 0x5455 extra field).
void to_dos(std::int64_t t, std::uint16_t& time, std::uint16_t& date) {
  if (t < kDosEpoch) {
    time = 0;
    date = (1 << 5) | 1;  // 1980-01-01
    return;
  }
  t = std::min(t, kDosLast);
  const std::int64_t days = t / 86400;
  const auto secs = static_cast<unsigned>(t % 86400);
  const Civil c = civil_from_days(days);
  date = static_cast<std::uint16_t>((static_cast<unsigned>(c.year - 1980) << 9) | (c.month << 5) | c.day);
  time = static_cast<std::uint16_t>(((secs / 3600) << 11) | (((secs / 60) % 60) << 5) | ((secs % 60) / 2));
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

// The WinZip AES extra field (AE-2, AES-256, the real method) and the Unix time, as both the
// local and the central header carry them.
void put_aes_and_time_extras(std::string& extra, Compression used, std::optional<std::uint32_t> unix_time) {
  put16(extra, kExtraAes);
  put16(extra, 7);
  put16(extra, 2);  // AE-2
  extra += "AE";
  extra += static_cast<char>(3);  // AES-256
  put16(extra, used == Compression::deflate ? kMethodDeflate : kMethodStore);
  if (unix_time) {
    put16(extra, kExtraTimestamp);
    put16(extra, 5);
    extra += static_cast<char>(1);  // modification time present
    put32(extra, *unix_time);
  }
}

// Version needed to extract through CRC-32: the same in local and central headers.
void put_common_fields(std::string& h, std::uint16_t dos_time, std::uint16_t dos_date) {
  put16(h, kVersionNeeded);
  put16(h, kFlags);
  put16(h, kMethodAes);
  put16(h, dos_time);
  put16(h, dos_date);
  put32(h, 0);  // CRC-32: 0 in AE-2
}

}  // namespace

// ---- names ----

Status validate_entry_name(std::string_view name) {
  if (name.empty()) return invalid("ファイル名が空です", "the entry name is empty");
  if (name.size() > kMaxEntryNameBytes) {
    return invalid("ファイル名が長すぎます (最大 " + std::to_string(kMaxEntryNameBytes) + " バイト)",
                   "the entry name is longer than " + std::to_string(kMaxEntryNameBytes) + " bytes");
  }
  if (name.front() == '/') return invalid("ファイル名が「/」で始まっています", "the entry name starts with '/'");
  if (name.find('\\') != std::string_view::npos) {
    return invalid("ファイル名に「\\」は使えません (区切りは「/」)", "the entry name contains '\\' (use '/')");
  }
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F)
      return invalid("ファイル名に制御文字があります", "the entry name has a control character");
  }
  if (!valid_utf8(name)) return invalid("ファイル名が UTF-8 ではありません", "the entry name is not valid UTF-8");
  if (name.size() >= 2 && name[1] == ':' &&
      ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z'))) {
    return invalid("ファイル名にドライブ名は使えません", "the entry name starts with a drive letter");
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = name.find('/', start);
    const std::string_view part = name.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (part.empty()) {
      return invalid("ファイル名に空のフォルダ名があります (「//」か末尾の「/」)",
                     "the entry name has an empty component ('//' or a trailing '/')");
    }
    if (part == "." || part == "..") {
      return invalid("ファイル名に「.」や「..」は使えません", "the entry name has a '.' or '..' component");
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return Ok{};
}

bool is_precompressed_name(std::string_view name) {
  static constexpr std::array<std::string_view, 62> kTypes = {
      "pdf",  "jpg",  "jpeg", "png",  "gif",  "zip",  "7z",   "gz",  "tgz",  "bz2",  "tbz2", "xz",   "txz",
      "zst",  "lz",   "lzma", "lz4",  "rar",  "cab",  "jar",  "apk", "epub", "docx", "xlsx", "pptx", "docm",
      "xlsm", "pptm", "dotx", "xltx", "potx", "ppsx", "vsdx", "odt", "ods",  "odp",  "odg",  "mp3",  "m4a",
      "aac",  "ogg",  "oga",  "opus", "flac", "wma",  "mp4",  "m4v", "mov",  "avi",  "mkv",  "webm", "wmv",
      "flv",  "heic", "heif", "webp", "avif", "jxl",  "jp2",  "3gp", "mpg",  "mpeg"};
  const std::size_t slash = name.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  const std::size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= base.size() || base.size() - dot - 1 > 8) return false;
  std::string ext(base.substr(dot + 1));
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return std::find(kTypes.begin(), kTypes.end(), ext) != kTypes.end();
}

// ---- sinks ----

Status MemorySink::write(std::string_view bytes) {
  if (bytes.size() > max_bytes_ - std::min(max_bytes_, bytes_.size())) {
    return make_error(ErrorCode::too_large,
                      Text{"暗号化した ZIP が上限 (" + std::to_string(max_bytes_) + " バイト) を超えます",
                           "the encrypted ZIP would exceed its limit of " + std::to_string(max_bytes_) + " bytes"});
  }
  bytes_.append(bytes);
  return Ok{};
}

Status MemorySink::overwrite(std::uint64_t offset, std::string_view bytes) {
  if (offset > bytes_.size() || bytes.size() > bytes_.size() - offset) {
    return internal("書き込み済みの範囲外を書き換えようとしました", "overwrite outside the bytes written");
  }
  bytes_.replace(static_cast<std::size_t>(offset), bytes.size(), bytes);
  return Ok{};
}

Result<std::unique_ptr<FileSink>> FileSink::create(const std::filesystem::path& path) {
  std::unique_ptr<FileSink> sink(new FileSink());
  sink->file_.open(path, std::ios::binary | std::ios::out | std::ios::trunc);
  if (!sink->file_.is_open()) {
    return internal("ZIP ファイルを作成できません: " + path.string(), "cannot create the ZIP file: " + path.string());
  }
  return sink;
}

FileSink::~FileSink() {
  if (!closed_) file_.close();
}

Status FileSink::write(std::string_view bytes) {
  if (closed_ || !file_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    return internal("ZIP ファイルに書き込めません", "cannot write to the ZIP file");
  }
  position_ += bytes.size();
  return Ok{};
}

Status FileSink::overwrite(std::uint64_t offset, std::string_view bytes) {
  if (closed_ || offset > position_ || bytes.size() > position_ - offset) {
    return internal("書き込み済みの範囲外を書き換えようとしました", "overwrite outside the bytes written");
  }
  if (!file_.seekp(static_cast<std::streamoff>(offset)) ||
      !file_.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) ||
      !file_.seekp(static_cast<std::streamoff>(position_))) {
    return internal("ZIP ファイルを書き換えられません", "cannot patch the ZIP file");
  }
  return Ok{};
}

Status FileSink::close() {
  if (closed_) return Ok{};
  closed_ = true;
  file_.flush();
  const bool flushed = static_cast<bool>(file_);
  file_.close();
  if (!flushed || file_.fail()) return internal("ZIP ファイルを閉じられません", "cannot close the ZIP file");
  return Ok{};
}

// ---- the writer ----

struct AesZipWriter::Buffers {
  std::vector<char> in;
  std::vector<char> out;

  Buffers() = default;
  Buffers(const Buffers&) = delete;
  Buffers& operator=(const Buffers&) = delete;
  ~Buffers() = default;
};

AesZipWriter::AesZipWriter(ArchiveSink& sink, std::string password, ZipWriterOptions options)
    : sink_(sink), password_(std::move(password)), options_(options) {
  options_.batch_bytes = std::clamp(options_.batch_bytes, kMinBatch, kMaxBatch);
}

AesZipWriter::~AesZipWriter() {
  wipe(std::span<unsigned char>(as_uchar(password_.data()), password_.size()));
}

Error AesZipWriter::fail(Error error) {
  failed_ = error;
  return error;
}

Status AesZipWriter::check_entry(const ZipEntry& entry) const {
  if (finished_) return invalid("ZIP はすでに閉じられています", "the archive is already finished");
  if (password_.empty() || password_.size() > kMaxPasswordBytes) {
    return invalid("パスワードは 1〜" + std::to_string(kMaxPasswordBytes) + " バイトにしてください",
                   "the password must be 1 to " + std::to_string(kMaxPasswordBytes) + " bytes");
  }
  if (options_.deflate_level != -1 &&
      (options_.deflate_level < kMinDeflateLevel || options_.deflate_level > kMaxDeflateLevel)) {
    return invalid("圧縮レベルは -1〜9 にしてください", "the deflate level must be -1 to 9");
  }
  if (records_.size() >= kMaxArchiveEntries) {
    return invalid("ZIP に入れられるファイルは " + std::to_string(kMaxArchiveEntries) + " 個までです",
                   "an archive holds at most " + std::to_string(kMaxArchiveEntries) + " entries");
  }
  if (auto valid = validate_entry_name(entry.name); !valid) return valid;
  if (names_.contains(entry.name) || folders_.contains(entry.name + '/')) {
    return invalid("同じ名前のファイルがすでにあります: " + entry.name, "duplicate entry name: " + entry.name);
  }
  for (std::size_t slash = entry.name.find('/'); slash != std::string::npos; slash = entry.name.find('/', slash + 1)) {
    if (names_.contains(std::string_view(entry.name).substr(0, slash))) {
      return invalid("フォルダと同じ名前のファイルがあります: " + entry.name,
                     "a file has the name of this entry's folder: " + entry.name);
    }
  }
  return Ok{};
}

Status AesZipWriter::add(const ZipEntry& entry, std::string_view data) {
  if (entry.size && *entry.size != data.size()) {
    return invalid("ファイルの大きさが宣言と違います", "the entry's size differs from the declared size");
  }
  ZipEntry sized = entry;
  sized.size = data.size();
  std::size_t at = 0;
  return add(sized, [data, &at](std::span<char> buf) -> Result<std::size_t> {
    const std::size_t n = std::min(buf.size(), data.size() - at);
    std::memcpy(buf.data(), data.data() + at, n);
    at += n;
    return n;
  });
}

Status AesZipWriter::add(const ZipEntry& entry, const ReadFn& read) {
  if (failed_) return *failed_;
  if (auto valid = check_entry(entry); !valid) return valid;
  if (!read) return invalid("読み出し関数がありません", "no read function");
  if (auto written = write_entry(entry, read); !written) return fail(std::move(written).error());
  names_.insert(entry.name);
  for (std::size_t slash = entry.name.find('/'); slash != std::string::npos; slash = entry.name.find('/', slash + 1)) {
    folders_.insert(entry.name.substr(0, slash + 1));
  }
  return Ok{};
}

Status AesZipWriter::write_entry(const ZipEntry& entry, const ReadFn& read) {
  if (!buffers_) {
    buffers_ = std::make_unique<Buffers>();
    buffers_->in.resize(options_.batch_bytes);
    buffers_->out.resize(std::max<std::size_t>(options_.batch_bytes, deflateBound(nullptr, kProbeBytes) + 64));
  }
  Buffers& b = *buffers_;
  std::vector<char>& in = b.in;
  std::vector<char>& out = b.out;

  // Reading: fill `dst` (of which `have` bytes are already there) or up to the end of the entry.
  std::uint64_t total_in = 0;
  std::size_t filled = 0;
  bool eof = false;
  const auto fill_to = [&](std::span<char> dst, std::size_t& have) -> Status {
    while (have < dst.size() && !eof) {
      const std::size_t want = dst.size() - have;
      auto got = read(dst.subspan(have, want));
      if (!got) return std::move(got).error();
      if (*got > want) {
        return internal("読み出し関数が要求より多いバイト数を返しました", "the read function returned too many bytes");
      }
      if (*got == 0) {
        eof = true;
        break;
      }
      have += *got;
      total_in += *got;
      if (entry.size && total_in > *entry.size) {
        return invalid("ファイルが宣言された大きさより大きくなりました", "the entry is larger than its declared size");
      }
    }
    return Ok{};
  };
  const auto fill = [&](std::size_t target) { return fill_to(std::span<char>(in.data(), target), filled); };

  // 1. Compression: by request, by type, or by a trial deflate of the first 64 KiB.
  if (auto s = fill(kProbeBytes); !s) return s;
  Compression used = entry.compression;
  if (used == Compression::automatic) {
    used = Compression::deflate;
    if (is_precompressed_name(entry.name) || filled == 0) {
      used = Compression::store;
    } else {
      z_stream trial{};
      if (deflateInit2_(&trial, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                        static_cast<int>(sizeof(z_stream))) != Z_OK) {
        return internal("zlib を初期化できません", "zlib initialisation failed");
      }
      trial.next_in = as_uchar(in.data());
      trial.avail_in = static_cast<uInt>(filled);
      trial.next_out = as_uchar(out.data());
      trial.avail_out = static_cast<uInt>(out.size());
      const int ret = deflate(&trial, Z_FINISH);
      const std::uint64_t compressed = trial.total_out;
      deflateEnd(&trial);
      if (ret != Z_STREAM_END || compressed * 100 > std::uint64_t{filled} * 97) used = Compression::store;
    }
  }
  // 2. Keys: a fresh salt per entry.
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return internal("乱数を生成できませんでした (RAND_bytes)", "random generation failed (RAND_bytes)");
  }
  auto keys = derive_keys(password_, salt);
  if (!keys) return std::move(keys).error();
  auto ctr = WinZipCtr::create(keys->aes);
  auto mac = HmacSha1::create(keys->hmac);
  const std::array<unsigned char, 2> verifier = keys->verifier;
  wipe(*keys);
  if (!ctr) return std::move(ctr).error();
  if (!mac) return std::move(mac).error();

  // 3. Local header; sizes are patched once known.
  Record rec;
  rec.name = entry.name;
  rec.used = used;
  rec.offset = sink_.position();
  rec.zip64 = options_.force_zip64 || !entry.size || *entry.size >= kZip64DeclaredSize;
  to_dos(entry.mtime_unix, rec.dos_time, rec.dos_date);
  if (entry.mtime_unix > 0 && entry.mtime_unix <= INT32_MAX)
    rec.unix_time = static_cast<std::uint32_t>(entry.mtime_unix);

  std::string extra;
  if (rec.zip64) {
    put16(extra, kExtraZip64);
    put16(extra, 16);
    put64(extra, 0);  // uncompressed, patched
    put64(extra, 0);  // compressed, patched
  }
  put_aes_and_time_extras(extra, used, rec.unix_time);
  std::string header;
  put32(header, kLocalHeaderSig);
  put_common_fields(header, rec.dos_time, rec.dos_date);
  put32(header, rec.zip64 ? kMax32 : 0);  // compressed size
  put32(header, rec.zip64 ? kMax32 : 0);  // uncompressed size
  put16(header, static_cast<std::uint32_t>(rec.name.size()));
  put16(header, static_cast<std::uint32_t>(extra.size()));
  header += rec.name;
  header += extra;
  header.append(as_chars(salt.data(), salt.size()));
  header.append(as_chars(verifier.data(), verifier.size()));
  if (auto s = sink_.write(header); !s) return s;

  // 4. Data: encrypt each batch with one EVP call, MAC the ciphertext, write it.
  std::uint64_t cipher_bytes = 0;
  const auto emit = [&](char* data, std::size_t len) -> Status {
    if (len == 0) return Ok{};
    const std::span<unsigned char> bytes(as_uchar(data), len);
    ctr->apply(bytes);
    if (auto s = ctr->status(); !s) return s;
    mac->update(bytes);
    if (auto s = mac->status(); !s) return s;
    cipher_bytes += len;
    return sink_.write(std::string_view(data, len));
  };

  if (used != Compression::deflate) {
    for (;;) {
      if (auto s = fill(in.size()); !s) return s;
      if (auto s = emit(in.data(), filled); !s) return s;
      filled = 0;
      if (eof) break;
    }
  } else {
    // Chunks compressed in parallel, pieces encrypted and written in order (chunk_deflate.h).
    // At most `threads` chunks are in flight, so memory stays bounded whatever the entry size.
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, kMaxDeflateThreads);
    const int level = options_.deflate_level < 0 ? kDefaultDeflateLevel : options_.deflate_level;
    std::deque<std::future<Result<std::string>>> pending;
    const auto write_next = [&]() -> Status {
      auto piece = pending.front().get();
      pending.pop_front();
      if (!piece) return std::move(piece).error();
      return emit(piece->data(), piece->size());
    };
    std::string chunk(in.data(), filled);  // the probe's bytes start the first chunk
    filled = 0;
    for (;;) {
      std::size_t have = chunk.size();
      chunk.resize(kDeflateChunkBytes);
      if (auto s = fill_to(chunk, have); !s) return s;
      chunk.resize(have);
      const bool last = eof;
      pending.push_back(std::async(
          std::launch::async, [data = std::move(chunk), level, last] { return deflate_piece(data, level, last); }));
      chunk = std::string();
      if (last) break;
      while (pending.size() >= threads) {
        if (auto s = write_next(); !s) return s;
      }
    }
    while (!pending.empty()) {
      if (auto s = write_next(); !s) return s;
    }
  }

  // 5. Authentication code, then the sizes into the local header.
  auto code = mac->finish160();
  if (!code) return std::move(code).error();
  if (auto s = sink_.write(as_chars(code->data(), kAuthCodeBytes)); !s) return s;

  if (entry.size && total_in != *entry.size) {
    return invalid("ファイルが宣言された大きさより小さくなりました", "the entry is smaller than its declared size");
  }
  rec.size = total_in;
  rec.stored_size = kSaltBytes + kVerifierBytes + cipher_bytes + kAuthCodeBytes;
  std::string sizes;
  std::uint64_t patch_at = rec.offset + 18;
  if (rec.zip64) {
    put64(sizes, rec.size);
    put64(sizes, rec.stored_size);
    patch_at = rec.offset + 30 + rec.name.size() + 4;
  } else {
    if (rec.size >= kMax32 || rec.stored_size >= kMax32) {
      return internal("4 GiB を超えるファイルに Zip64 がありません", "an entry over 4 GiB has no Zip64 header");
    }
    put32(sizes, static_cast<std::uint32_t>(rec.stored_size));
    put32(sizes, static_cast<std::uint32_t>(rec.size));
  }
  if (auto s = sink_.overwrite(patch_at, sizes); !s) return s;
  records_.push_back(std::move(rec));
  return Ok{};
}

Result<ArchiveSummary> AesZipWriter::finish() {
  if (failed_) return *failed_;
  if (finished_) return invalid("ZIP はすでに閉じられています", "the archive is already finished");
  finished_ = true;
  const bool force = options_.force_zip64;
  const std::uint64_t cd_offset = sink_.position();
  std::string cd;
  for (const Record& r : records_) {
    const bool sizes64 = r.zip64 || r.size >= kMax32 || r.stored_size >= kMax32;
    const bool offset64 = force || r.offset >= kMax32;
    std::string extra;
    if (sizes64 || offset64) {
      put16(extra, kExtraZip64);
      put16(extra, (sizes64 ? 16u : 0u) + (offset64 ? 8u : 0u));
      if (sizes64) {
        put64(extra, r.size);
        put64(extra, r.stored_size);
      }
      if (offset64) put64(extra, r.offset);
    }
    put_aes_and_time_extras(extra, r.used, r.unix_time);
    put32(cd, kCentralHeaderSig);
    put16(cd, kVersionMadeBy);
    put_common_fields(cd, r.dos_time, r.dos_date);
    put32(cd, sizes64 ? kMax32 : static_cast<std::uint32_t>(r.stored_size));
    put32(cd, sizes64 ? kMax32 : static_cast<std::uint32_t>(r.size));
    put16(cd, static_cast<std::uint32_t>(r.name.size()));
    put16(cd, static_cast<std::uint32_t>(extra.size()));
    put16(cd, 0);  // comment
    put16(cd, 0);  // disk
    put16(cd, 0);  // internal attributes
    put32(cd, kExternalAttributes);
    put32(cd, offset64 ? kMax32 : static_cast<std::uint32_t>(r.offset));
    cd += r.name;
    cd += extra;
  }
  const std::uint64_t cd_size = cd.size();
  const std::uint64_t count = records_.size();
  const bool zip64_end =
      force || count >= kMax16 || cd_offset >= kMax32 || cd_size >= kMax32 || cd_offset + cd_size >= kMax32;
  if (zip64_end) {
    const std::uint64_t end64_offset = cd_offset + cd_size;
    put32(cd, kZip64EndSig);
    put64(cd, 44);  // size of the rest of this record
    put16(cd, kVersionMadeBy);
    put16(cd, kVersionNeededZip64End);
    put32(cd, 0);  // this disk
    put32(cd, 0);  // disk with the central directory
    put64(cd, count);
    put64(cd, count);
    put64(cd, cd_size);
    put64(cd, cd_offset);
    put32(cd, kZip64LocatorSig);
    put32(cd, 0);
    put64(cd, end64_offset);
    put32(cd, 1);  // total disks
  }
  put32(cd, kEndSig);
  put16(cd, 0);
  put16(cd, 0);
  const std::uint32_t count16 = count >= kMax16 ? kMax16 : static_cast<std::uint32_t>(count);
  put16(cd, count16);
  put16(cd, count16);
  put32(cd, force ? kMax32 : clamp32(cd_size));
  put32(cd, force ? kMax32 : clamp32(cd_offset));
  put16(cd, 0);  // comment
  if (auto s = sink_.write(cd); !s) return fail(std::move(s).error());

  ArchiveSummary summary;
  summary.bytes = sink_.position();
  summary.entries.reserve(records_.size());
  for (const Record& r : records_) summary.entries.push_back(EntrySummary{r.name, r.size, r.stored_size, r.used});
  return summary;
}

}  // namespace sg::crypt
