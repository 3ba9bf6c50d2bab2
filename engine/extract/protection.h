// Recognises attachments that are already encrypted: AES and ZipCrypto ZIPs, encrypted PDFs and
// password-protected Office files, from their bytes (never from the name alone).
#pragma once

#include <string_view>

namespace sg {

enum class Protection {
  unknown,           // no content to look at
  none,              // readable as it is
  zip_aes,           // WinZip AE-1/AE-2 (method 99)
  zip_crypto,        // traditional PKWARE encryption (weak, but encrypted)
  pdf_encrypted,     // /Encrypt in the trailer
  office_encrypted,  // OLE container with an EncryptedPackage stream (ECMA-376 agile/standard)
};

[[nodiscard]] std::string_view protection_name(Protection p);
[[nodiscard]] bool is_encrypted(Protection p);

// Looks at the first and last bytes of `content` only: bounded work whatever its size.
[[nodiscard]] Protection detect_protection(std::string_view content);

}  // namespace sg
