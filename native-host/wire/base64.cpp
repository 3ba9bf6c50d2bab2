// Standard base64 (RFC 4648 section 4) for attachment contents on the wire.
#include "wire/base64.h"

#include <array>

namespace sg::wire {

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<signed char, 256> make_table() {
  std::array<signed char, 256> t{};
  for (auto& x : t) x = -1;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
  }
  return t;
}

constexpr std::array<signed char, 256> kTable = make_table();

}  // namespace

std::optional<std::string> base64_decode(std::string_view in) {
  std::string out(base64_decoded_bound(in.size()), '\0');
  std::size_t o = 0;
  std::size_t i = 0;
  // Whole groups of four alphabet characters, three bytes at a time (a 5 MB attachment is 7 MB of
  // base64); a line break, padding or a bad character hands over to the careful loop below.
  const auto sym = [&](std::size_t k) { return static_cast<int>(kTable[static_cast<unsigned char>(in[k])]); };
  for (; i + 4 <= in.size(); i += 4) {
    const int a = sym(i);
    const int b = sym(i + 1);
    const int c = sym(i + 2);
    const int d = sym(i + 3);
    if ((a | b | c | d) < 0) break;
    const auto n = static_cast<std::uint32_t>(a << 18 | b << 12 | c << 6 | d);
    out[o++] = static_cast<char>(n >> 16);
    out[o++] = static_cast<char>((n >> 8) & 0xFFu);
    out[o++] = static_cast<char>(n & 0xFFu);
  }
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t padding = 0;
  std::size_t symbols = i;  // the groups above are whole: no bits carried over
  for (; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '\r' || c == '\n') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return std::nullopt;  // data after padding
    const signed char v = kTable[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    ++symbols;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = static_cast<char>((acc >> bits) & 0xFFu);
    }
  }
  if (padding > 2 || symbols % 4 == 1) return std::nullopt;
  if (padding > 0 && (symbols + padding) % 4 != 0) return std::nullopt;
  out.resize(o);
  return out;
}

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t n = (static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << 16) |
                            (static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8) |
                            static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 2]));
    out.push_back(kAlphabet[(n >> 18) & 63u]);
    out.push_back(kAlphabet[(n >> 12) & 63u]);
    out.push_back(kAlphabet[(n >> 6) & 63u]);
    out.push_back(kAlphabet[n & 63u]);
  }
  if (i < in.size()) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63u]);
    out.push_back(kAlphabet[(n >> 12) & 63u]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(n >> 6) & 63u] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace sg::wire
