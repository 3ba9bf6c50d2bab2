// The host's CA as trust stores need it: its PEM and DER and the fingerprints that name it
// (`sendguard certs install` and `uninstall`, platform/trust_store.h).
#pragma once

#include <filesystem>

#include "core/result.h"
#include "platform/trust_store.h"

namespace sg::tls {

// Reads and checks ca.pem (one X.509 certificate, a CA); not_found when the file is missing.
[[nodiscard]] Result<platform::CaCertificate> read_ca_certificate(const std::filesystem::path& ca_pem);

}  // namespace sg::tls
