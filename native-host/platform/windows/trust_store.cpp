// Windows: the user's Trusted Root Certification Authorities (CurrentUser\Root), which Outlook,
// WebView2, Edge and Chrome read. Windows asks the user to confirm a new root there; a "No" is
// reported as a failure. --nss-db and --no-system are Linux options and are ignored here.
#include <wincrypt.h>
#include <windows.h>

#include <fmt/format.h>

#include "platform/trust_store.h"

namespace sg::platform {

namespace {

constexpr DWORD kEncoding = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;

Error store_error(std::string_view what_ja, std::string_view what_en) {
  const DWORD code = GetLastError();
  return make_error(ErrorCode::internal, Text{fmt::format("{}（エラー 0x{:08x}）", what_ja, code),
                                              fmt::format("{} (error 0x{:08x})", what_en, code)});
}

// The user's Root store, closed when it goes out of scope.
class RootStore {
 public:
  RootStore() : store_(CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_CURRENT_USER, L"ROOT")) {}
  ~RootStore() {
    if (store_ != nullptr) CertCloseStore(store_, 0);
  }
  RootStore(const RootStore&) = delete;
  RootStore& operator=(const RootStore&) = delete;
  [[nodiscard]] HCERTSTORE get() const { return store_; }

 private:
  HCERTSTORE store_;
};

const Text kStoreName{"ユーザーの「信頼されたルート証明機関」", "the user's Trusted Root Certification Authorities"};

}  // namespace

Result<TrustReport> trust_ca(const CaCertificate& ca, const TrustOptions& /*options*/) {
  RootStore store;
  if (store.get() == nullptr) return store_error("証明書ストアを開けません", "cannot open the certificate store");
  // USE_EXISTING: adding the same certificate again changes nothing.
  if (!CertAddEncodedCertificateToStore(store.get(), kEncoding, reinterpret_cast<const BYTE*>(ca.der.data()),
                                        static_cast<DWORD>(ca.der.size()), CERT_STORE_ADD_USE_EXISTING, nullptr)) {
    return store_error("証明書を追加できません（確認の画面で「いいえ」を選ぶとこうなります）",
                       "cannot add the certificate (choosing \"No\" in the confirmation does this)");
  }
  TrustReport report;
  report.done.push_back(Text{fmt::format("{}に追加しました: {}", kStoreName.ja, ca_nickname(ca)),
                             fmt::format("Added to {}: {}", kStoreName.en, ca_nickname(ca))});
  return report;
}

Result<TrustReport> distrust_ca(const CaCertificate& ca, const TrustOptions& /*options*/) {
  RootStore store;
  if (store.get() == nullptr) return store_error("証明書ストアを開けません", "cannot open the certificate store");
  PCCERT_CONTEXT wanted = CertCreateCertificateContext(kEncoding, reinterpret_cast<const BYTE*>(ca.der.data()),
                                                       static_cast<DWORD>(ca.der.size()));
  if (wanted == nullptr) return store_error("証明書を読めません", "cannot read the certificate");
  TrustReport report;
  PCCERT_CONTEXT found = CertFindCertificateInStore(store.get(), kEncoding, 0, CERT_FIND_EXISTING, wanted, nullptr);
  CertFreeCertificateContext(wanted);
  if (found != nullptr) {
    // CertDeleteCertificateFromStore frees the context it is given, whatever it returns.
    if (!CertDeleteCertificateFromStore(found)) {
      return store_error("証明書を削除できません", "cannot remove the certificate");
    }
    report.done.push_back(Text{fmt::format("{}から削除しました: {}", kStoreName.ja, ca_nickname(ca)),
                               fmt::format("Removed from {}: {}", kStoreName.en, ca_nickname(ca))});
  }
  return report;
}

}  // namespace sg::platform
