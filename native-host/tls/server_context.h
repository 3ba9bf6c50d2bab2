// The TLS settings of `sendguard serve`: TLS 1.2 or newer, forward-secret AEAD cipher suites,
// the host's leaf certificate and key from the data directory.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "core/result.h"
#include "tls/certificates.h"

namespace sg::tls {

[[nodiscard]] Result<std::unique_ptr<boost::asio::ssl::context>> make_server_context(const CertificateFiles& files);

}  // namespace sg::tls
