// ca.pem read with OpenSSL: DER by i2d_X509, fingerprints by EVP over the DER.
#include "tls/ca_identity.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <memory>
#include <system_error>

#include "platform/files.h"

namespace sg::tls {

namespace {

// A PEM certificate is well under 4 KiB; anything larger is not ours.
constexpr std::size_t kMaxCaPemBytes = 64u * 1024;

std::string digest_hex(const std::string& bytes, const EVP_MD* md) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), out.data(), &size, md, nullptr) != 1) return {};
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) hex += fmt::format("{:02x}", out[i]);
  return hex;
}

Error unusable(const std::filesystem::path& file) {
  return make_error(ErrorCode::internal, Text{fmt::format("{} は CA 証明書として読めません", file.string()),
                                              fmt::format("{} cannot be read as a CA certificate", file.string())});
}

}  // namespace

Result<platform::CaCertificate> read_ca_certificate(const std::filesystem::path& ca_pem) {
  auto pem = read_file(ca_pem, kMaxCaPemBytes);
  if (!pem) return std::move(pem).error();
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())), &BIO_free);
  if (!bio) return unusable(ca_pem);
  std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
  if (!cert || X509_check_ca(cert.get()) == 0) return unusable(ca_pem);
  const int size = i2d_X509(cert.get(), nullptr);
  if (size <= 0) return unusable(ca_pem);
  platform::CaCertificate ca;
  ca.file = ca_pem;
  ca.pem = std::move(*pem);
  ca.der.resize(static_cast<std::size_t>(size));
  auto* out = reinterpret_cast<unsigned char*>(ca.der.data());
  if (i2d_X509(cert.get(), &out) != size) return unusable(ca_pem);
  ca.sha256_hex = digest_hex(ca.der, EVP_sha256());
  ca.sha1_hex = digest_hex(ca.der, EVP_sha1());
  if (ca.sha256_hex.empty() || ca.sha1_hex.empty()) return unusable(ca_pem);
  return ca;
}

}  // namespace sg::tls
