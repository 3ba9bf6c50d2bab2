// The per-machine CA and the host's certificate for https://localhost and https://127.0.0.1
// (design.md "Trust and safety"): made on first start in the data directory with OpenSSL's EVP
// APIs, the leaf re-issued whenever it is missing, near its end or not signed by the current CA.
// Private keys are owner-only files that never leave the data directory.
#pragma once

#include <chrono>
#include <filesystem>

#include "core/result.h"

namespace sg::tls {

// Ten years: `sendguard certs install` puts the CA into trust stores, which should not be redone often.
inline constexpr std::chrono::days kCaLifetime{3650};
// About two years, under the 825 days Apple platforms accept for any TLS server certificate.
inline constexpr std::chrono::days kLeafLifetime{730};
// A certificate this close to its end is replaced at start, so a running host never serves an expired one.
inline constexpr std::chrono::days kRenewBefore{30};
// Certificates start this much in the past, so a clock a little behind still accepts them.
inline constexpr std::chrono::hours kBackdate{1};

struct CertificateFiles {
  std::filesystem::path ca_cert;      // ca.pem: what clients trust and verify the host against
  std::filesystem::path ca_key;       // ca-key.pem, owner-only
  std::filesystem::path server_cert;  // server.pem: the leaf for localhost and 127.0.0.1
  std::filesystem::path server_key;   // server-key.pem, owner-only
};

[[nodiscard]] CertificateFiles certificate_files(const std::filesystem::path& data_dir);

struct CertificateState {
  CertificateFiles files;
  bool ca_created = false;   // a new CA: trust stores that held the old one must be updated
  bool leaf_issued = false;  // a new leaf signed by the (possibly old) CA
};

// Makes sure the data directory holds a usable CA and a leaf signed by it, creating what is
// missing or unusable. `now` is a parameter so tests can age the certificates.
[[nodiscard]] Result<CertificateState> ensure_certificates(
    const std::filesystem::path& data_dir,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace sg::tls
