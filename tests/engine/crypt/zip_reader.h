// Test support: a strict reader of the archives AesZipWriter writes. It checks the headers the
// writer promises (method 99, AE-2 extra, flags, Zip64 records) and decrypts, authenticates and
// inflates every entry, so unit tests can round-trip without external tools.
#pragma once

#include <openssl/rand.h>
#include <zlib.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypt/winzip_aes.h"

namespace sg::crypt::testing {

// n random bytes (incompressible input).
inline std::string random_bytes(std::size_t n) {
  std::string s(n, '\0');
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
  if (RAND_bytes(reinterpret_cast<unsigned char*>(s.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return s;
}

// n bytes of Japanese and English text (compressible input).
inline std::string text_bytes(std::size_t n) {
  std::string s;
  for (int i = 0; s.size() < n; ++i) s += "第" + std::to_string(i) + "行: お見積もりの明細です。Quantity and price.\n";
  s.resize(n);
  return s;
}

inline std::uint64_t le(std::string_view s, std::uint64_t at, int bytes) {
  if (at + static_cast<std::uint64_t>(bytes) > s.size()) throw std::runtime_error("read past the end");
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(s[static_cast<std::size_t>(at) + static_cast<std::size_t>(i)]);
  }
  return v;
}
inline void expect(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

struct ReadEntry {
  std::string name;
  std::string data;                 // decrypted and inflated
  std::uint32_t actual_method = 0;  // from the 0x9901 extra: 0 store, 8 deflate
  std::uint32_t dos_time = 0;
  std::uint32_t dos_date = 0;
  std::uint32_t external_attributes = 0;
  std::uint32_t version_made_by = 0;
  bool zip64_local = false;
  bool zip64_central = false;
  std::optional<std::uint32_t> unix_time;
  std::uint64_t local_offset = 0;
  std::uint64_t data_offset = 0;  // where the salt starts
  std::uint64_t stored_size = 0;
};

struct ReadArchive {
  std::vector<ReadEntry> entries;
  bool zip64_end = false;
};

// Extra fields as (id, body) pairs.
inline std::vector<std::pair<std::uint32_t, std::string_view>> extras(std::string_view extra) {
  std::vector<std::pair<std::uint32_t, std::string_view>> out;
  std::size_t at = 0;
  while (at < extra.size()) {
    expect(at + 4 <= extra.size(), "truncated extra field header");
    const auto id = static_cast<std::uint32_t>(le(extra, at, 2));
    const auto len = static_cast<std::size_t>(le(extra, at + 2, 2));
    expect(at + 4 + len <= extra.size(), "truncated extra field");
    out.emplace_back(id, extra.substr(at + 4, len));
    at += 4 + len;
  }
  return out;
}

inline std::string inflate_raw(std::string_view in) {
  z_stream zs{};
  expect(inflateInit2_(&zs, -15, ZLIB_VERSION, static_cast<int>(sizeof(z_stream))) == Z_OK, "inflateInit2");
  std::string out;
  std::vector<unsigned char> input(in.begin(), in.end());
  zs.next_in = input.data();
  zs.avail_in = static_cast<uInt>(input.size());
  std::vector<unsigned char> buf(1 << 16);
  int ret = Z_OK;
  while (ret != Z_STREAM_END) {
    zs.next_out = buf.data();
    zs.avail_out = static_cast<uInt>(buf.size());
    ret = inflate(&zs, Z_NO_FLUSH);
    if (ret != Z_OK && ret != Z_STREAM_END) {
      inflateEnd(&zs);
      throw std::runtime_error("inflate failed");
    }
    out.append(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(buf.size() - zs.avail_out));
    if (ret == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      throw std::runtime_error("deflate stream is truncated");
    }
  }
  const bool all_used = zs.avail_in == 0;
  inflateEnd(&zs);
  expect(all_used, "bytes after the deflate stream");
  return out;
}

// Decrypts one entry's stored bytes (salt + verifier + ciphertext + MAC).
inline std::string decrypt(std::string_view stored, std::string_view password) {
  expect(stored.size() >= 28, "stored data shorter than salt + verifier + MAC");
  std::array<unsigned char, 16> salt{};
  std::memcpy(salt.data(), stored.data(), 16);
  auto keys = derive_keys(password, salt);
  expect(keys.ok(), "derive_keys");
  expect(static_cast<unsigned char>(stored[16]) == keys->verifier[0] &&
             static_cast<unsigned char>(stored[17]) == keys->verifier[1],
         "password verifier mismatch");
  std::string data(stored.substr(18, stored.size() - 28));
  auto mac = HmacSha1::create(keys->hmac);
  expect(mac.ok(), "hmac");
  mac->update(std::string_view(data));
  const auto code = mac->finish80();
  expect(std::memcmp(code.data(), stored.data() + stored.size() - 10, 10) == 0, "authentication code mismatch");
  auto ctr = WinZipCtr::create(keys->aes);
  expect(ctr.ok(), "ctr");
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
  ctr->apply(std::span<unsigned char>(reinterpret_cast<unsigned char*>(data.data()), data.size()));
  return data;
}

inline ReadArchive read_archive(std::string_view z, std::string_view password) {
  ReadArchive archive;
  expect(z.size() >= 22, "too short");
  const std::uint64_t eocd = z.size() - 22;
  expect(le(z, eocd, 4) == 0x06054b50, "no end of central directory record at the end");
  std::uint64_t count = le(z, eocd + 10, 2);
  std::uint64_t cd_size = le(z, eocd + 12, 4);
  std::uint64_t cd_offset = le(z, eocd + 16, 4);
  expect(le(z, eocd + 8, 2) == count, "entry counts differ");
  if (eocd >= 20 && le(z, eocd - 20, 4) == 0x07064b50) {
    archive.zip64_end = true;
    const std::uint64_t rec = le(z, eocd - 20 + 8, 8);
    expect(le(z, rec, 4) == 0x06064b50, "no Zip64 end record where the locator says");
    expect(le(z, rec + 4, 8) == 44, "Zip64 end record size");
    expect(le(z, eocd - 20 + 16, 4) == 1, "Zip64 locator disk count");
    expect(rec + 56 == eocd - 20, "Zip64 end record placement");
    count = le(z, rec + 32, 8);
    cd_size = le(z, rec + 40, 8);
    cd_offset = le(z, rec + 48, 8);
    expect(cd_offset + cd_size == rec, "central directory does not end at the Zip64 end record");
  } else {
    expect(cd_offset + cd_size == eocd, "central directory does not end at the end record");
  }
  std::uint64_t at = cd_offset;
  for (std::uint64_t n = 0; n < count; ++n) {
    ReadEntry e;
    expect(le(z, at, 4) == 0x02014b50, "central header signature");
    e.version_made_by = static_cast<std::uint32_t>(le(z, at + 4, 2));
    expect(le(z, at + 6, 2) == 51, "central version needed is not 51");
    expect(le(z, at + 8, 2) == 0x0801, "central flags are not encrypted + UTF-8");
    expect(le(z, at + 10, 2) == 99, "central method is not 99");
    e.dos_time = static_cast<std::uint32_t>(le(z, at + 12, 2));
    e.dos_date = static_cast<std::uint32_t>(le(z, at + 14, 2));
    expect(le(z, at + 16, 4) == 0, "CRC is not 0 (AE-2)");
    std::uint64_t stored = le(z, at + 20, 4);
    std::uint64_t size = le(z, at + 24, 4);
    const std::uint64_t name_len = le(z, at + 28, 2);
    const std::uint64_t extra_len = le(z, at + 30, 2);
    const std::uint64_t comment_len = le(z, at + 32, 2);
    e.external_attributes = static_cast<std::uint32_t>(le(z, at + 38, 4));
    std::uint64_t offset = le(z, at + 42, 4);
    expect(at + 46 + name_len + extra_len <= z.size(), "central header past the end");
    e.name = std::string(z.substr(static_cast<std::size_t>(at + 46), static_cast<std::size_t>(name_len)));
    bool aes = false;
    for (const auto& [id, body] :
         extras(z.substr(static_cast<std::size_t>(at + 46 + name_len), static_cast<std::size_t>(extra_len)))) {
      if (id == 0x0001) {
        e.zip64_central = true;
        std::uint64_t p = 0;
        if (size == 0xFFFFFFFF) size = le(body, std::exchange(p, p + 8), 8);
        if (stored == 0xFFFFFFFF) stored = le(body, std::exchange(p, p + 8), 8);
        if (offset == 0xFFFFFFFF) offset = le(body, std::exchange(p, p + 8), 8);
        expect(p == body.size(), "central Zip64 extra has unexpected fields");
      } else if (id == 0x9901) {
        aes = true;
        expect(body.size() == 7 && le(body, 0, 2) == 2 && body.substr(2, 2) == "AE" && le(body, 4, 1) == 3,
               "AES extra is not AE-2 AES-256");
        e.actual_method = static_cast<std::uint32_t>(le(body, 5, 2));
        expect(e.actual_method == 0 || e.actual_method == 8, "actual method");
      } else if (id == 0x5455) {
        expect(body.size() == 5 && le(body, 0, 1) == 1, "timestamp extra");
        e.unix_time = static_cast<std::uint32_t>(le(body, 1, 4));
      }
    }
    expect(aes, "no AES extra in the central header");
    at += 46 + name_len + extra_len + comment_len;

    // The local header must agree.
    e.local_offset = offset;
    expect(le(z, offset, 4) == 0x04034b50, "local header signature");
    expect(le(z, offset + 4, 2) == 51, "local version needed");
    expect(le(z, offset + 6, 2) == 0x0801, "local flags");
    expect(le(z, offset + 8, 2) == 99, "local method");
    expect(le(z, offset + 10, 2) == e.dos_time && le(z, offset + 12, 2) == e.dos_date, "local time");
    expect(le(z, offset + 14, 4) == 0, "local CRC");
    std::uint64_t l_stored = le(z, offset + 18, 4);
    std::uint64_t l_size = le(z, offset + 22, 4);
    const std::uint64_t l_name_len = le(z, offset + 26, 2);
    const std::uint64_t l_extra_len = le(z, offset + 28, 2);
    expect(z.substr(static_cast<std::size_t>(offset + 30), static_cast<std::size_t>(l_name_len)) == e.name,
           "local name");
    bool l_aes = false;
    for (const auto& [id, body] :
         extras(z.substr(static_cast<std::size_t>(offset + 30 + l_name_len), static_cast<std::size_t>(l_extra_len)))) {
      if (id == 0x0001) {
        e.zip64_local = true;
        expect(body.size() == 16 && l_size == 0xFFFFFFFF && l_stored == 0xFFFFFFFF, "local Zip64 extra");
        l_size = le(body, 0, 8);
        l_stored = le(body, 8, 8);
      } else if (id == 0x9901) {
        l_aes = true;
        expect(le(body, 5, 2) == e.actual_method, "local actual method");
      }
    }
    expect(l_aes, "no AES extra in the local header");
    expect(l_size == size && l_stored == stored, "local sizes differ from the central directory");
    e.data_offset = offset + 30 + l_name_len + l_extra_len;
    e.stored_size = stored;
    expect(e.data_offset + stored <= cd_offset, "entry data past the central directory");
    std::string data =
        decrypt(z.substr(static_cast<std::size_t>(e.data_offset), static_cast<std::size_t>(stored)), password);
    e.data = e.actual_method == 8 ? inflate_raw(data) : std::move(data);
    expect(e.data.size() == size, "uncompressed size differs");
    archive.entries.push_back(std::move(e));
  }
  expect(at == cd_offset + cd_size, "central directory size");
  return archive;
}

}  // namespace sg::crypt::testing
