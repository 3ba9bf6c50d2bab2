// Test support for sg_extract_tests: ZIP archives written in memory with libzip's writer
// (including entries of zeros deflated here, so a 1 GiB entry never sits in memory), byte patches for
// archives that lie, base64 for hand-written messages, and fixture paths.
#pragma once

#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sg::test {

// An archive built in memory; entries keep pointers into strings this object owns.
class ZipWriter {
 public:
  ZipWriter() {
    zip_error_t error;
    zip_error_init(&error);
    source_ = zip_source_buffer_create(nullptr, 0, 0, &error);
    archive_ = source_ != nullptr ? zip_open_from_source(source_, ZIP_TRUNCATE, &error) : nullptr;
    zip_error_fini(&error);
    if (archive_ == nullptr) throw std::runtime_error("cannot create an in-memory ZIP");
    zip_source_keep(source_);
  }
  ~ZipWriter() {
    if (archive_ != nullptr) zip_discard(archive_);
    if (source_ != nullptr) zip_source_free(source_);
  }
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // Adds an entry (deflated unless `store`); returns its index.
  zip_int64_t add(const std::string& name, std::string data, bool store = false) {
    const std::string& kept = data_.emplace_back(std::move(data));
    zip_source_t* s = zip_source_buffer(archive_, kept.data(), kept.size(), 0);
    return add_source(name, s, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE);
  }

  // Adds an entry of `size` zero bytes (a multiple of kZeroChunkBytes) as deflate data made here:
  // one chunk of zeros deflated at level 9 and flushed to a byte boundary, repeated (valid after
  // any zeros), then an empty final block. libzip copies it as it is, so a 1 GiB entry costs
  // neither 1 GiB of memory nor the time to compress it.
  zip_int64_t add_zeros(const std::string& name, std::uint64_t size) {
    Zeros& z = zeros_.emplace_back();
    z.chunks = size / kZeroChunkBytes;
    z.chunk = deflated_zero_chunk();
    const std::string zeros(kZeroChunkBytes, '\0');
    const uLong chunk_crc = crc32(0L, reinterpret_cast<const Bytef*>(zeros.data()), static_cast<uInt>(zeros.size()));
    uLong crc = 0;
    for (std::uint64_t i = 0; i < z.chunks; ++i) crc = crc32_combine(crc, chunk_crc, kZeroChunkBytes);
    z.crc = static_cast<std::uint32_t>(crc);
    zip_source_t* s = zip_source_function(archive_, &Zeros::callback, &z);
    return add_source(name, s, ZIP_CM_DEFLATE);
  }

  void encrypt(zip_int64_t index, std::uint16_t method, const char* password) {
    if (zip_file_set_encryption(archive_, static_cast<zip_uint64_t>(index), method, password) != 0) {
      throw std::runtime_error(std::string("zip_file_set_encryption: ") + zip_strerror(archive_));
    }
  }

  // Writes the archive and returns its bytes; the writer is spent.
  std::string finish() {
    if (zip_close(archive_) != 0) throw std::runtime_error(std::string("zip_close: ") + zip_strerror(archive_));
    archive_ = nullptr;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(source_, &st) != 0 || zip_source_open(source_) != 0) {
      throw std::runtime_error("cannot read the written ZIP back");
    }
    std::string out(static_cast<std::size_t>(st.size), '\0');
    const zip_int64_t got = zip_source_read(source_, out.data(), out.size());
    zip_source_close(source_);
    if (got != static_cast<zip_int64_t>(out.size())) throw std::runtime_error("short read of the written ZIP");
    return out;
  }

 private:
  static constexpr std::size_t kZeroChunkBytes = 1024 * 1024;
  static constexpr std::string_view kFinalEmptyBlock{"\x03\x00", 2};

  static std::string deflated_zero_chunk() {
    z_stream zs{};
    if (deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
    std::string zeros(kZeroChunkBytes, '\0');
    std::string out(kZeroChunkBytes, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(zeros.data());
    zs.avail_in = static_cast<uInt>(zeros.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_SYNC_FLUSH);
    out.resize(out.size() - zs.avail_out);
    deflateEnd(&zs);
    if (rc != Z_OK || zs.avail_in != 0) throw std::runtime_error("deflate of zeros");
    return out;
  }

  // Deflate data for a run of zeros, handed to libzip as already compressed.
  struct Zeros {
    std::string chunk;
    std::uint64_t chunks = 0;
    std::uint32_t crc = 0;
    std::uint64_t at = 0;  // position in the compressed stream

    [[nodiscard]] std::uint64_t compressed_size() const { return chunk.size() * chunks + kFinalEmptyBlock.size(); }

    static zip_int64_t callback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
      auto* z = static_cast<Zeros*>(user);
      switch (cmd) {
        case ZIP_SOURCE_OPEN: z->at = 0; return 0;
        case ZIP_SOURCE_READ: {
          auto* out = static_cast<char*>(data);
          zip_uint64_t n = 0;
          const std::uint64_t body = z->chunk.size() * z->chunks;
          while (n < len && z->at < z->compressed_size()) {
            if (z->at < body) {
              const std::size_t off = static_cast<std::size_t>(z->at % z->chunk.size());
              const std::size_t take =
                  static_cast<std::size_t>(std::min<std::uint64_t>(len - n, z->chunk.size() - off));
              std::copy_n(z->chunk.data() + off, take, out + n);
              n += take;
              z->at += take;
            } else {
              out[n++] = kFinalEmptyBlock[static_cast<std::size_t>(z->at++ - body)];
            }
          }
          return static_cast<zip_int64_t>(n);
        }
        case ZIP_SOURCE_CLOSE: return 0;
        case ZIP_SOURCE_STAT: {
          auto* st = static_cast<zip_stat_t*>(data);
          zip_stat_init(st);
          st->size = z->chunks * kZeroChunkBytes;
          st->comp_size = z->compressed_size();
          st->comp_method = ZIP_CM_DEFLATE;
          st->crc = z->crc;
          st->valid |= ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
          return sizeof(zip_stat_t);
        }
        case ZIP_SOURCE_ERROR: {
          int* codes = static_cast<int*>(data);
          codes[0] = ZIP_ER_INTERNAL;
          codes[1] = 0;
          return 2 * sizeof(int);
        }
        case ZIP_SOURCE_FREE: return 0;
        case ZIP_SOURCE_SUPPORTS:
          return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                                ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
        default: return -1;
      }
    }
  };

  zip_int64_t add_source(const std::string& name, zip_source_t* s, zip_int32_t method) {
    if (s == nullptr) throw std::runtime_error("cannot make a ZIP source");
    const zip_int64_t index = zip_file_add(archive_, name.c_str(), s, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(s);
      throw std::runtime_error(std::string("zip_file_add: ") + zip_strerror(archive_));
    }
    zip_set_file_compression(archive_, static_cast<zip_uint64_t>(index), method, method == ZIP_CM_STORE ? 0 : 1);
    return index;
  }

  zip_source_t* source_ = nullptr;
  zip_t* archive_ = nullptr;
  std::deque<std::string> data_;
  std::deque<Zeros> zeros_;
};

inline std::uint32_t read_le32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
  return v;
}

inline void write_le32(std::string& s, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// Rewrites the uncompressed size of every entry (local and central headers) to `size`: an
// archive whose entries inflate to more than they declare.
inline void lie_about_sizes(std::string& zip, std::uint32_t size) {
  for (std::size_t at = zip.find("PK\x03\x04"); at != std::string::npos; at = zip.find("PK\x03\x04", at + 4)) {
    write_le32(zip, at + 22, size);
  }
  for (std::size_t at = zip.find("PK\x01\x02"); at != std::string::npos; at = zip.find("PK\x01\x02", at + 4)) {
    write_le32(zip, at + 24, size);
  }
}

// Replaces every occurrence of `from` by `to` (same length) in the archive's bytes: names in
// both headers at once.
inline void patch_bytes(std::string& zip, std::string_view from, std::string_view to) {
  if (from.size() != to.size()) throw std::logic_error("patch_bytes: sizes differ");
  for (std::size_t at = zip.find(from); at != std::string::npos; at = zip.find(from, at + 1)) {
    zip.replace(at, to.size(), to);
  }
}

inline std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t line = 0;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
    if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kAlphabet[n & 63] : '=';
    if (++line % 19 == 0) out += "\r\n";
  }
  return out;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The folder make_office_fixtures.sh wrote (CTest passes it in SG_EXTRACT_FIXTURES).
inline std::filesystem::path office_fixtures() {
  const char* dir = std::getenv("SG_EXTRACT_FIXTURES");
  return dir != nullptr ? std::filesystem::path(dir) : std::filesystem::path(SG_EXTRACT_FIXTURES_DEFAULT);
}

}  // namespace sg::test
