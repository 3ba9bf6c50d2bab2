// The TLS settings of `sendguard serve`: TLS 1.2+, forward-secret AEAD suites, the leaf and its key.
#include "tls/server_context.h"

#include <fmt/format.h>
#include <openssl/ssl.h>

#include <exception>

namespace sg::tls {

namespace ssl = boost::asio::ssl;

namespace {

// TLS 1.2 suites for our ECDSA P-256 key: ECDHE key exchange (forward secrecy) with AEAD only.
// TLS 1.3 suites are all AEAD and keep OpenSSL's default order.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305";

Error context_error(std::string_view what_ja, std::string_view what_en, const std::string& detail) {
  return make_error(ErrorCode::internal, Text{fmt::format("TLS を設定できません: {}（{}）", what_ja, detail),
                                              fmt::format("cannot set up TLS: {} ({})", what_en, detail)});
}

}  // namespace

Result<std::unique_ptr<ssl::context>> make_server_context(const CertificateFiles& files) {
  std::unique_ptr<ssl::context> ctx;
  try {
    ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  } catch (const std::exception& e) {
    return context_error("コンテキストを作成できません", "cannot create the context", e.what());
  }
  SSL_CTX* native = ctx->native_handle();
  boost::system::error_code ec;
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                   ec);
  if (ec) return context_error("オプションを設定できません", "cannot set options", ec.message());
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    return context_error("プロトコルと暗号スイートを設定できません", "cannot set protocol versions and ciphers",
                         "OpenSSL refused the settings");
  }
  // Renegotiation only serves attacks against a loopback API.
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  ctx->use_certificate_chain_file(files.server_cert.string(), ec);
  if (ec) return context_error("証明書を読めません", "cannot load the certificate", ec.message());
  ctx->use_private_key_file(files.server_key.string(), ssl::context::pem, ec);
  if (ec) return context_error("秘密鍵を読めません", "cannot load the private key", ec.message());
  if (SSL_CTX_check_private_key(native) != 1) {
    return context_error("秘密鍵が証明書と一致しません", "the private key does not match the certificate",
                         files.server_key.filename().string());
  }
  return ctx;
}

}  // namespace sg::tls
