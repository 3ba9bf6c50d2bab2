// The per-machine CA and the host's leaf certificate, made and checked with OpenSSL 3's EVP APIs.
#include "tls/certificates.h"

#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/files.h"
#include "platform/paths.h"

namespace sg::tls {

namespace {

// A PEM certificate or P-256 key is well under 4 KiB; anything larger is not ours.
constexpr std::size_t kMaxPemBytes = 64u * 1024;
constexpr int kSerialBits = 159;  // RFC 5280: at most 20 octets, positive

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const {
    Free(p);
  }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

// Key material held in a std::string is wiped before the memory is given back.
struct WipedString {
  std::string text;
  WipedString() = default;
  WipedString(const WipedString&) = delete;
  WipedString& operator=(const WipedString&) = delete;
  ~WipedString() { OPENSSL_cleanse(text.data(), text.size()); }
};

// The reason OpenSSL gives for the last failure (never contains key material), and clears the queue.
std::string openssl_reason() {
  std::string reason;
  while (const unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!reason.empty()) reason += "; ";
    reason += buf;
  }
  return reason.empty() ? "unknown OpenSSL error" : reason;
}

Error tls_error(std::string_view what_ja, std::string_view what_en) {
  const std::string reason = openssl_reason();
  return make_error(ErrorCode::internal,
                    Text{fmt::format("証明書を用意できません: {}（{}）", what_ja, reason),
                         fmt::format("cannot prepare the certificates: {} ({})", what_en, reason)});
}

std::time_t to_time_t(std::chrono::system_clock::time_point t) {
  return std::chrono::system_clock::to_time_t(t);
}

PkeyPtr generate_p256_key() {
  return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

Result<std::string> bio_contents(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  if (n < 0 || data == nullptr) return tls_error("PEM を取り出せません", "cannot read the PEM buffer");
  return std::string(data, static_cast<std::size_t>(n));
}

Result<std::string> cert_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
    return tls_error("証明書を PEM にできません", "cannot write the certificate as PEM");
  }
  return bio_contents(bio.get());
}

Status write_key(const std::filesystem::path& file, EVP_PKEY* key) {
  // A secure-memory BIO wipes its buffer when freed, so the PEM does not linger on the heap.
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return tls_error("秘密鍵を PEM にできません", "cannot write the private key as PEM");
  }
  WipedString pem;
  auto text = bio_contents(bio.get());
  if (!text) return std::move(text).error();
  pem.text = std::move(*text);
  // Owner-only from creation: the temporary file is made 0600 before the key is written into it.
  return write_file_atomically(file, pem.text, true);
}

Status write_cert(const std::filesystem::path& file, X509* cert) {
  auto pem = cert_pem(cert);
  if (!pem) return std::move(pem).error();
  return write_file_atomically(file, *pem, false);
}

X509Ptr read_cert(const std::filesystem::path& file) {
  auto text = read_file(file, kMaxPemBytes);
  if (!text) return nullptr;
  BioPtr bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
  if (!bio) return nullptr;
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  return cert;
}

PkeyPtr read_key(const std::filesystem::path& file) {
  WipedString pem;
  auto text = read_file(file, kMaxPemBytes);
  if (!text) return nullptr;
  pem.text = std::move(*text);
  // Someone may have loosened the permissions since we wrote it.
  platform::restrict_to_owner(file, false);
  BioPtr bio(BIO_new_mem_buf(pem.text.data(), static_cast<int>(pem.text.size())));
  if (!bio) return nullptr;
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  return key;
}

// True when the certificate is valid at `now` and stays valid for kRenewBefore.
bool in_service(X509* cert, std::chrono::system_clock::time_point now) {
  std::time_t t_now = to_time_t(now);
  std::time_t t_renew = to_time_t(now + kRenewBefore);
  return X509_cmp_time(X509_get0_notBefore(cert), &t_now) < 0 && X509_cmp_time(X509_get0_notAfter(cert), &t_renew) > 0;
}

Status add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return tls_error("証明書の拡張を設定できません", fmt::format("cannot add the extension {}", OBJ_nid2sn(nid)));
  }
  return Ok{};
}

struct CertSpec {
  std::string common_name;
  std::chrono::days lifetime;
  std::vector<std::pair<int, const char*>> extensions;  // in order; SKI before AKI
};

// A certificate for `key`, signed by `issuer_key` (self-signed when `issuer` is null).
Result<X509Ptr> make_cert(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key,
                          std::chrono::system_clock::time_point now) {
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
    return tls_error("証明書を作成できません", "cannot create a certificate");
  }
  BignumPtr serial(BN_new());
  if (!serial || BN_rand(serial.get(), kSerialBits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr) {
    return tls_error("シリアル番号を作成できません", "cannot make a serial number");
  }
  if (ASN1_TIME_set(X509_getm_notBefore(cert.get()), to_time_t(now - kBackdate)) == nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(cert.get()), to_time_t(now + spec.lifetime)) == nullptr) {
    return tls_error("有効期間を設定できません", "cannot set the validity period");
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto* org = reinterpret_cast<const unsigned char*>("SendGuard");
  const auto* cn = reinterpret_cast<const unsigned char*>(spec.common_name.c_str());
  if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, org, -1, -1, 0) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, -1, -1, 0) != 1) {
    return tls_error("名前を設定できません", "cannot set the subject name");
  }
  X509* signer = issuer != nullptr ? issuer : cert.get();
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) != 1 || X509_set_pubkey(cert.get(), key) != 1) {
    return tls_error("発行者と公開鍵を設定できません", "cannot set the issuer and public key");
  }
  for (const auto& [nid, value] : spec.extensions) {
    if (auto st = add_extension(cert.get(), signer, nid, value); !st) return st.error();
  }
  if (X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) <= 0) {
    return tls_error("証明書に署名できません", "cannot sign the certificate");
  }
  return cert;
}

// A short random suffix makes each machine's CA name distinct, so trust stores never confuse
// a regenerated CA with the one it replaces.
std::string ca_common_name() {
  unsigned char id[4] = {};
  BignumPtr bn(BN_new());
  if (bn && BN_rand(bn.get(), 32, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1) {
    BN_bn2binpad(bn.get(), id, sizeof id);
  }
  return fmt::format("SendGuard local CA {:02x}{:02x}{:02x}{:02x}", id[0], id[1], id[2], id[3]);
}

struct Ca {
  X509Ptr cert;
  PkeyPtr key;
};

Result<Ca> create_ca(const CertificateFiles& files, std::chrono::system_clock::time_point now) {
  PkeyPtr key = generate_p256_key();
  if (!key) return tls_error("CA の鍵を生成できません", "cannot generate the CA key");
  const CertSpec spec{ca_common_name(),
                      kCaLifetime,
                      {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                       {NID_key_usage, "critical,keyCertSign,cRLSign"},
                       {NID_subject_key_identifier, "hash"}}};
  auto cert = make_cert(spec, key.get(), nullptr, nullptr, now);
  if (!cert) return std::move(cert).error();
  // The key first: a crash between the two writes leaves a pair that does not match, which the
  // next start detects and replaces, never a certificate whose key is lost.
  if (auto st = write_key(files.ca_key, key.get()); !st) return st.error();
  if (auto st = write_cert(files.ca_cert, cert->get()); !st) return st.error();
  return Ca{std::move(*cert), std::move(key)};
}

Status issue_leaf(const CertificateFiles& files, const Ca& ca, std::chrono::system_clock::time_point now) {
  PkeyPtr key = generate_p256_key();
  if (!key) return tls_error("サーバーの鍵を生成できません", "cannot generate the server key");
  const CertSpec spec{"localhost",
                      kLeafLifetime,
                      {{NID_basic_constraints, "critical,CA:FALSE"},
                       {NID_key_usage, "critical,digitalSignature"},
                       {NID_ext_key_usage, "serverAuth"},
                       {NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"},
                       {NID_subject_key_identifier, "hash"},
                       {NID_authority_key_identifier, "keyid:always"}}};
  auto cert = make_cert(spec, key.get(), ca.cert.get(), ca.key.get(), now);
  if (!cert) return std::move(cert).error();
  if (auto st = write_key(files.server_key, key.get()); !st) return st;
  return write_cert(files.server_cert, cert->get());
}

std::optional<Ca> load_usable_ca(const CertificateFiles& files, std::chrono::system_clock::time_point now) {
  Ca ca{read_cert(files.ca_cert), read_key(files.ca_key)};
  const bool usable = ca.cert && ca.key && X509_check_private_key(ca.cert.get(), ca.key.get()) == 1 &&
                      X509_check_ca(ca.cert.get()) >= 1 && in_service(ca.cert.get(), now);
  ERR_clear_error();
  if (!usable) return std::nullopt;
  return ca;
}

bool leaf_usable(const CertificateFiles& files, const Ca& ca, std::chrono::system_clock::time_point now) {
  X509Ptr cert = read_cert(files.server_cert);
  PkeyPtr key = read_key(files.server_key);
  EVP_PKEY* ca_public = X509_get0_pubkey(ca.cert.get());
  const bool usable = cert && key && ca_public != nullptr && X509_check_private_key(cert.get(), key.get()) == 1 &&
                      X509_check_issued(ca.cert.get(), cert.get()) == X509_V_OK &&
                      X509_verify(cert.get(), ca_public) == 1 && in_service(cert.get(), now) &&
                      X509_check_host(cert.get(), "localhost", 0, 0, nullptr) == 1 &&
                      X509_check_ip_asc(cert.get(), "127.0.0.1", 0) == 1;
  ERR_clear_error();
  return usable;
}

}  // namespace

CertificateFiles certificate_files(const std::filesystem::path& data_dir) {
  return CertificateFiles{data_dir / "ca.pem", data_dir / "ca-key.pem", data_dir / "server.pem",
                          data_dir / "server-key.pem"};
}

Result<CertificateState> ensure_certificates(const std::filesystem::path& data_dir,
                                             std::chrono::system_clock::time_point now) {
  if (auto st = ensure_private_dir(data_dir); !st) return st.error();
  CertificateState state;
  state.files = certificate_files(data_dir);
  std::optional<Ca> ca = load_usable_ca(state.files, now);
  if (!ca) {
    auto created = create_ca(state.files, now);
    if (!created) return std::move(created).error();
    ca = std::move(*created);
    state.ca_created = true;
  }
  if (state.ca_created || !leaf_usable(state.files, *ca, now)) {
    if (auto st = issue_leaf(state.files, *ca, now); !st) return st.error();
    state.leaf_issued = true;
  }
  return state;
}

}  // namespace sg::tls
