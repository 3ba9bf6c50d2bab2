// Already-encrypted attachments are recognised from their bytes.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "extract/protection.h"

namespace {
// A tiny ZIP with one stored entry "a.txt"; `flags` and `method` are patched into both headers.
std::string zip_with(std::uint16_t flags, std::uint16_t method) {
  std::string local = std::string("PK\x03\x04", 4) + std::string("\x14\x00", 2);
  local += static_cast<char>(flags & 0xFF);
  local += static_cast<char>(flags >> 8);
  local += static_cast<char>(method & 0xFF);
  local += static_cast<char>(method >> 8);
  local += std::string(16, '\0');                         // time, date, crc, sizes
  local += std::string("\x05\x00\x00\x00", 4) + "a.txt";  // name length 5, extra 0
  std::string central = std::string("PK\x01\x02", 4) + std::string("\x14\x00\x14\x00", 4);
  central += static_cast<char>(flags & 0xFF);
  central += static_cast<char>(flags >> 8);
  central += static_cast<char>(method & 0xFF);
  central += static_cast<char>(method >> 8);
  central += std::string(16, '\0');
  central += std::string("\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 18) + "a.txt";
  const auto cd_offset = static_cast<std::uint32_t>(local.size());
  const auto cd_size = static_cast<std::uint32_t>(central.size());
  std::string eocd = std::string("PK\x05\x06", 4) + std::string(4, '\0') + std::string("\x01\x00\x01\x00", 4);
  for (int i = 0; i < 4; ++i) eocd += static_cast<char>((cd_size >> (8 * i)) & 0xFF);
  for (int i = 0; i < 4; ++i) eocd += static_cast<char>((cd_offset >> (8 * i)) & 0xFF);
  eocd += std::string(2, '\0');
  return local + central + eocd;
}
}  // namespace

TEST_CASE("ZIP entries with the encryption flag are recognised, AES by method 99") {
  CHECK(sg::detect_protection(zip_with(0, 0)) == sg::Protection::none);
  CHECK(sg::detect_protection(zip_with(1, 0)) == sg::Protection::zip_crypto);
  CHECK(sg::detect_protection(zip_with(1, 99)) == sg::Protection::zip_aes);
}

TEST_CASE("a PDF with /Encrypt in its trailer is encrypted; /EncryptMetadata alone is not") {
  CHECK(sg::detect_protection("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<</Encrypt 5 0 R/Root 1 0 R>>") ==
        sg::Protection::pdf_encrypted);
  CHECK(sg::detect_protection("%PDF-1.7\n1 0 obj<</EncryptMetadata false>>endobj\ntrailer<</Root 1 0 R>>") ==
        sg::Protection::none);
}

TEST_CASE("an OLE container with an EncryptedPackage stream is an encrypted Office file") {
  std::string ole = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + std::string(100, '\0');
  CHECK(sg::detect_protection(ole) == sg::Protection::none);
  for (char c : std::string_view("EncryptedPackage")) {
    ole.push_back(c);
    ole.push_back('\0');
  }
  CHECK(sg::detect_protection(ole) == sg::Protection::office_encrypted);
}

TEST_CASE("the example WinZip AES archive is recognised and a plain PDF is not") {
  const auto read_case = [](const char* name) {
    std::ifstream in(std::filesystem::path(SG_EXAMPLES_DIR) / name);
    std::stringstream ss;
    ss << in.rdbuf();
    return boost::json::parse(ss.str());
  };
  const auto decode = [](std::string_view b64) {
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : b64) {
      const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      const char* at = std::strchr(alphabet, c);
      if (c == '=' || at == nullptr) continue;
      acc = (acc << 6) | static_cast<std::uint32_t>(at - alphabet);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push_back(static_cast<char>((acc >> bits) & 0xFF));
      }
    }
    return out;
  };
  const auto zip = read_case("clean.aes_zip-01.json");
  const auto& zatt = zip.at("draft").at("attachments").at(0).at("content_base64").as_string();
  CHECK(sg::detect_protection(decode(zatt)) == sg::Protection::zip_aes);
  const auto pdf = read_case("attachment.unencrypted-01.json");
  const auto& patt = pdf.at("draft").at("attachments").at(0).at("content_base64").as_string();
  CHECK(sg::detect_protection(decode(patt)) == sg::Protection::none);
}

TEST_CASE("truncated or hostile ZIP directories do not read out of bounds") {
  std::string z = zip_with(1, 99);
  for (std::size_t cut = 4; cut < z.size(); ++cut) {
    (void)sg::detect_protection(std::string_view(z).substr(0, cut));
  }
  std::string bogus = z;
  bogus[bogus.size() - 6] = '\xff';                                // central directory offset far beyond the end
  CHECK(sg::detect_protection(bogus) == sg::Protection::zip_aes);  // falls back to the local header
}
