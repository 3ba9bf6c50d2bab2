// Recognises attachments that are already encrypted from their bytes.
#include "extract/protection.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace sg {

namespace {

// How much of a file we read to decide: the ZIP central directory lives at the end, PDF
// trailers too; OLE directory sectors are near the start in practice.
constexpr std::size_t kZipTailWindow = 64 * 1024 + 22;
constexpr std::size_t kMaxZipEntriesExamined = 4096;
constexpr std::size_t kPdfWindow = 1024 * 1024;

std::uint32_t le16(std::string_view s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8);
}
std::uint32_t le32(std::string_view s, std::size_t at) {
  return le16(s, at) | (le16(s, at + 2) << 16);
}

// Walks the central directory: encrypted when every file entry has the encryption flag.
Protection zip_protection(std::string_view z) {
  const std::size_t window = std::min(z.size(), kZipTailWindow);
  const std::size_t from = z.size() - window;
  std::size_t eocd = std::string_view::npos;
  if (z.size() >= 22) {
    for (std::size_t i = z.size() - 22;; --i) {
      if (z.compare(i, 4, "PK\x05\x06") == 0) {
        eocd = i;
        break;
      }
      if (i == from || i == 0) break;
    }
  }
  std::size_t files = 0;
  std::size_t encrypted = 0;
  bool aes = false;
  const auto account = [&](std::uint32_t flags, std::uint32_t method, std::string_view name) {
    if (!name.empty() && name.back() == '/') return;  // directory entry
    ++files;
    if (flags & 1u) {
      ++encrypted;
      aes = aes || method == 99;
    }
  };
  if (eocd != std::string_view::npos) {
    const std::size_t count = le16(z, eocd + 10);
    std::size_t pos = le32(z, eocd + 16);
    for (std::size_t n = 0; n < count && n < kMaxZipEntriesExamined; ++n) {
      if (pos + 46 > z.size() || z.compare(pos, 4, "PK\x01\x02") != 0) break;
      const std::uint32_t name_len = le16(z, pos + 28);
      if (pos + 46 + name_len > z.size()) break;
      account(le16(z, pos + 8), le16(z, pos + 10), z.substr(pos + 46, name_len));
      pos += 46 + name_len + le16(z, pos + 30) + le16(z, pos + 32);
    }
  }
  if (files == 0 && z.size() >= 30) {
    // No usable central directory (Zip64 or truncated): the first local header decides.
    const std::uint32_t name_len = le16(z, 26);
    const std::string_view name = z.size() >= 30 + name_len ? z.substr(30, name_len) : std::string_view{};
    account(le16(z, 6), le16(z, 8), name);
  }
  if (files > 0 && encrypted == files) return aes ? Protection::zip_aes : Protection::zip_crypto;
  return Protection::none;
}

Protection pdf_protection(std::string_view pdf) {
  // The /Encrypt entry sits in the trailer (end) or, for linearised files, near the start.
  const std::string_view head = pdf.substr(0, std::min(pdf.size(), kPdfWindow));
  const std::string_view tail = pdf.substr(pdf.size() - std::min(pdf.size(), kPdfWindow));
  for (std::string_view part : {head, tail}) {
    for (std::size_t at = part.find("/Encrypt"); at != std::string_view::npos; at = part.find("/Encrypt", at + 1)) {
      const std::size_t after = at + 8;
      // "/EncryptMetadata" is a key of the encryption dictionary, not the trailer's entry.
      if (after < part.size() &&
          ((part[after] >= 'A' && part[after] <= 'Z') || (part[after] >= 'a' && part[after] <= 'z'))) {
        continue;
      }
      return Protection::pdf_encrypted;
    }
  }
  return Protection::none;
}

Protection ole_protection(std::string_view ole) {
  // Directory entry names are UTF-16LE; an encrypted OOXML package is an OLE file holding an
  // "EncryptedPackage" stream next to "EncryptionInfo".
  static const std::string kName = [] {
    std::string s;
    for (char c : std::string_view("EncryptedPackage")) {
      s.push_back(c);
      s.push_back('\0');
    }
    return s;
  }();
  const std::string_view head = ole.substr(0, std::min(ole.size(), kPdfWindow));
  const std::string_view tail = ole.substr(ole.size() - std::min(ole.size(), kPdfWindow));
  if (head.find(kName) != std::string_view::npos || tail.find(kName) != std::string_view::npos) {
    return Protection::office_encrypted;
  }
  return Protection::none;
}

}  // namespace

std::string_view protection_name(Protection p) {
  switch (p) {
    case Protection::unknown: return "unknown";
    case Protection::none: return "none";
    case Protection::zip_aes: return "zip_aes";
    case Protection::zip_crypto: return "zip_crypto";
    case Protection::pdf_encrypted: return "pdf_encrypted";
    case Protection::office_encrypted: return "office_encrypted";
  }
  return "unknown";
}

bool is_encrypted(Protection p) {
  return p == Protection::zip_aes || p == Protection::zip_crypto || p == Protection::pdf_encrypted ||
         p == Protection::office_encrypted;
}

Protection detect_protection(std::string_view content) {
  if (content.size() >= 4 && content.compare(0, 4, "PK\x03\x04") == 0) return zip_protection(content);
  if (content.size() >= 5 && content.compare(0, 5, "%PDF-") == 0) return pdf_protection(content);
  if (content.size() >= 8 && content.compare(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") == 0) {
    return ole_protection(content);
  }
  return Protection::none;
}

}  // namespace sg
