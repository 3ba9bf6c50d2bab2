// macOS: the login keychain, trusted as a root for SSL (Outlook for Mac's WKWebView, Safari, Chrome
// and Edge read it), through Apple's `security` tool; macOS asks for the user's password to change
// trust settings. --nss-db and --no-system are Linux options and are ignored here.
#include <fmt/format.h>

#include <cstdlib>

#include "platform/program.h"
#include "platform/trust_store.h"

namespace sg::platform {

namespace {

Result<std::string> login_keychain() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home != '/') {
    return make_error(ErrorCode::internal,
                      Text{"ホームディレクトリが分かりません（HOME）", "the home directory is unknown (HOME)"});
  }
  return std::string(home) + "/Library/Keychains/login.keychain-db";
}

Error failed(const std::string& what, const ProgramResult& r) {
  return make_error(ErrorCode::internal,
                    Text{fmt::format("security {} が失敗しました（終了コード {}）: {}", what, r.exit_code, r.output),
                         fmt::format("security {} failed (exit code {}): {}", what, r.exit_code, r.output)});
}

}  // namespace

Result<TrustReport> trust_ca(const CaCertificate& ca, const TrustOptions& /*options*/) {
  auto keychain = login_keychain();
  if (!keychain) return std::move(keychain).error();
  // Adding again only sets the same trust again.
  auto r =
      run_program({"security", "add-trusted-cert", "-r", "trustRoot", "-p", "ssl", "-k", *keychain, ca.file.string()});
  if (!r) return std::move(r).error();
  if (r->exit_code != 0) return failed("add-trusted-cert", *r);
  TrustReport report;
  report.done.push_back(Text{fmt::format("ログインキーチェーンで SSL 用に信頼しました: {}", ca_nickname(ca)),
                             fmt::format("Trusted for SSL in the login keychain: {}", ca_nickname(ca))});
  return report;
}

Result<TrustReport> distrust_ca(const CaCertificate& ca, const TrustOptions& /*options*/) {
  auto keychain = login_keychain();
  if (!keychain) return std::move(keychain).error();
  TrustReport report;
  // The trust setting first, then the certificate itself (found by its SHA-1 hash); either may
  // already be gone, which is what uninstall wants.
  auto trust = run_program({"security", "remove-trusted-cert", ca.file.string()});
  if (!trust) return std::move(trust).error();
  auto cert = run_program({"security", "delete-certificate", "-Z", ca.sha1_hex, *keychain});
  if (!cert) return std::move(cert).error();
  if (trust->exit_code == 0 || cert->exit_code == 0) {
    report.done.push_back(Text{fmt::format("ログインキーチェーンから削除しました: {}", ca_nickname(ca)),
                               fmt::format("Removed from the login keychain: {}", ca_nickname(ca))});
  }
  return report;
}

}  // namespace sg::platform
