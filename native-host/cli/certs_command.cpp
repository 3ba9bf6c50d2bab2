// `sendguard certs install` and `sendguard certs uninstall`: trust (or stop trusting) the host's
// per-machine CA on this computer, so Outlook and browsers accept https://localhost:47120
// (docs/outlook.md "Certificates"). Where each OS keeps trusted roots: platform/trust_store.h.
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "platform/trust_store.h"
#include "tls/ca_identity.h"
#include "tls/certificates.h"

namespace sg::cli {

namespace {

struct CertsOptions {
  std::string nss_db;
  bool no_system = false;
};

platform::TrustOptions trust_options(const CertsOptions& o) {
  return platform::TrustOptions{o.nss_db, !o.no_system};
}

void print_report(const platform::TrustReport& report, Locale l) {
  for (const Text& line : report.done) std::cout << line.in(l) << "\n";
  if (!report.for_administrator.empty()) {
    std::cout << (l == Locale::ja ? "システムの証明書ストアには管理者（root）が次を実行してください:\n"
                                  : "For the system store, an administrator (root) runs:\n");
    for (const Text& line : report.for_administrator) std::cout << "  " << line.in(l) << "\n";
  }
}

int install(const GlobalOptions& g, const CertsOptions& o) {
  const Locale l = cli_locale();
  const auto fail = [l](const Error& e) {
    print_error(e, l);
    return exit_code_for(e);
  };
  const HostConfig config = resolve(g);
  // The CA the host would make on its first start, made now if it is not there yet, so the
  // certificate can be trusted before the host ever runs.
  auto state = tls::ensure_certificates(config.data_dir);
  if (!state) return fail(state.error());
  if (state->ca_created) {
    std::cout << (l == Locale::ja ? "新しい証明機関を作成しました: " : "Created a new certificate authority: ")
              << state->files.ca_cert.string() << "\n";
  }
  auto ca = tls::read_ca_certificate(state->files.ca_cert);
  if (!ca) return fail(ca.error());
  auto report = platform::trust_ca(*ca, trust_options(o));
  if (!report) return fail(report.error());
  print_report(*report, l);
  return kExitOk;
}

int uninstall(const GlobalOptions& g, const CertsOptions& o) {
  const Locale l = cli_locale();
  const auto fail = [l](const Error& e) {
    print_error(e, l);
    return exit_code_for(e);
  };
  const auto files = tls::certificate_files(resolve(g).data_dir);
  auto ca = tls::read_ca_certificate(files.ca_cert);
  if (!ca && ca.error().code == ErrorCode::not_found) {
    // Without the CA its fingerprint is unknown, and the stores are searched by it.
    std::cout << (l == Locale::ja ? "データディレクトリに CA がありません。削除するものが分かりません: "
                                  : "There is no CA in the data directory, so nothing known to remove: ")
              << files.ca_cert.string() << "\n";
    return kExitOk;
  }
  if (!ca) return fail(ca.error());
  auto report = platform::distrust_ca(*ca, trust_options(o));
  if (!report) return fail(report.error());
  if (report->done.empty() && report->for_administrator.empty()) {
    std::cout << (l == Locale::ja ? "信頼されていませんでした: " : "It was not trusted: ") << platform::ca_nickname(*ca)
              << "\n";
  }
  print_report(*report, l);
  return kExitOk;
}

void add_store_options(CLI::App* cmd, CertsOptions& o, Locale l) {
  cmd->add_option("--nss-db", o.nss_db,
                  l == Locale::ja ? "Linux: NSS データベースのディレクトリ（既定: ~/.pki/nssdb、なければ作成）"
                                  : "Linux: the NSS database directory (default ~/.pki/nssdb, created if missing)");
  cmd->add_flag("--no-system", o.no_system,
                l == Locale::ja ? "Linux: システムの証明書ストアには触れない" : "Linux: leave the system store alone");
}

}  // namespace

void add_certs(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  const Locale l = cli_locale();
  CLI::App* cmd =
      app.add_subcommand("certs", say(l, "ホストの証明機関（CA）", "The host's certificate authority (CA)"));
  cmd->require_subcommand(1);

  auto in = std::make_shared<CertsOptions>();
  CLI::App* install_cmd = cmd->add_subcommand(
      "install", say(l, "このコンピューターでホストの CA を信頼する", "Trust the host's CA on this computer"));
  add_store_options(install_cmd, *in, l);
  install_cmd->footer(
      say(l,
          "Linux: ユーザーの NSS データベースと、root ならシステムの証明書ストア（root でなければ管理者が"
          "実行するコマンドを表示）。Windows: ユーザーの「信頼されたルート証明機関」。macOS: ログイン"
          "キーチェーン。何度実行しても同じ結果です。\n終了コード: 0 成功、1 失敗",
          "Linux: the user's NSS database, and the system store when run as root (otherwise the "
          "command for an administrator is printed). Windows: the user's Trusted Root Certification "
          "Authorities. macOS: the login keychain. Running it again changes nothing.\n"
          "Exit codes: 0 done, 1 failure"));
  install_cmd->callback([&g, &exit_code, in] { exit_code = install(g, *in); });

  auto un = std::make_shared<CertsOptions>();
  CLI::App* uninstall_cmd = cmd->add_subcommand(
      "uninstall", say(l, "certs install で信頼した CA を外す", "Stop trusting the CA that certs install trusted"));
  add_store_options(uninstall_cmd, *un, l);
  uninstall_cmd->footer(say(l, "終了コード: 0 成功、1 失敗", "Exit codes: 0 done, 1 failure"));
  uninstall_cmd->callback([&g, &exit_code, un] { exit_code = uninstall(g, *un); });
}

}  // namespace sg::cli
