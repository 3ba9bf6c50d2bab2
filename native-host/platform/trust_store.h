// Trusting the host's CA on this machine (`sendguard certs install` and `uninstall`): where each OS
// and its browsers look for trusted roots. One implementation per OS in
// platform/{linux,windows,macos}/trust_store.cpp; docs/outlook.md "Certificates" has the table.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/text.h"

namespace sg::platform {

// The CA as the stores need it (tls/ca_identity.h reads it from ca.pem).
struct CaCertificate {
  std::filesystem::path file;  // ca.pem in the data directory
  std::string pem;
  std::string der;
  std::string sha256_hex;  // of the DER: names the CA in every store
  std::string sha1_hex;    // what Windows and the macOS keychain find certificates by
};

struct TrustOptions {
  std::filesystem::path nss_db;  // Linux: the NSS database (default $HOME/.pki/nssdb)
  bool system = true;            // Linux: also the system store (needs root)
};

// What was done, and what is left for an administrator (a command to run as root), line by line.
struct TrustReport {
  std::vector<Text> done;
  std::vector<Text> for_administrator;
};

// Adds the CA as a trusted root for TLS servers; adding it again changes nothing.
[[nodiscard]] Result<TrustReport> trust_ca(const CaCertificate& ca, const TrustOptions& options);

// Removes what trust_ca added for this CA (found by its fingerprint); nothing there is not an error.
[[nodiscard]] Result<TrustReport> distrust_ca(const CaCertificate& ca, const TrustOptions& options);

// A CA's short fingerprint: enough of its SHA-256 to tell this machine's CAs apart.
inline constexpr std::size_t kShortFingerprintDigits = 16;

// The name a CA goes by in the stores: "SendGuard local CA <short fingerprint>".
[[nodiscard]] inline std::string ca_nickname(const CaCertificate& ca) {
  return "SendGuard local CA " + ca.sha256_hex.substr(0, kShortFingerprintDigits);
}

}  // namespace sg::platform
