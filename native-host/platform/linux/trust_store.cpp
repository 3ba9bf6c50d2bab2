// Linux: the user's NSS database (Chrome, Chromium and Edge read ~/.pki/nssdb) through Debian's
// certutil (libnss3-tools), and the system store read by curl, OpenSSL and GnuTLS programs
// (/usr/local/share/ca-certificates + update-ca-certificates), which needs root: without it the
// command is handed to an administrator instead of calling sudo behind the user's back.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <system_error>

#include "platform/files.h"
#include "platform/program.h"
#include "platform/trust_store.h"

namespace sg::platform {

namespace {

namespace fs = std::filesystem;

// Trusted to issue TLS server certificates ("C"), nothing for mail or code signing.
constexpr std::string_view kNssTrust = "C,,";
constexpr std::string_view kSystemCaDir = "/usr/local/share/ca-certificates";
constexpr std::string_view kSystemLinkDir = "/etc/ssl/certs";
// How many copies of one nickname uninstall removes at most (certutil -D removes one per call).
constexpr int kMaxNssCopies = 16;

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Error tool_failed(const std::vector<std::string>& argv, const ProgramResult& r) {
  std::string command;
  for (const std::string& a : argv) command += (command.empty() ? "" : " ") + a;
  return make_error(ErrorCode::internal,
                    Text{fmt::format("「{}」が失敗しました（終了コード {}）: {}", command, r.exit_code, r.output),
                         fmt::format("\"{}\" failed (exit code {}): {}", command, r.exit_code, r.output)});
}

Result<ProgramResult> run(const std::vector<std::string>& argv) {
  auto r = run_program(argv);
  if (!r && r.error().code == ErrorCode::not_found && argv.front() == "certutil") {
    return make_error(
        ErrorCode::internal,
        Text{"certutil がありません。libnss3-tools をインストールしてください（apt-get install libnss3-tools）",
             "certutil is missing: install libnss3-tools (apt-get install libnss3-tools)"});
  }
  return r;
}

Result<fs::path> nss_dir(const TrustOptions& options) {
  if (!options.nss_db.empty()) return options.nss_db;
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home != '/') {
    return make_error(ErrorCode::internal, Text{"ホームディレクトリが分かりません（HOME）。--nss-db を指定してください",
                                                "the home directory is unknown (HOME): give --nss-db"});
  }
  return fs::path(home) / ".pki" / "nssdb";
}

std::string sql(const fs::path& dir) {
  return "sql:" + dir.string();
}

Result<bool> nss_has(const fs::path& dir, const std::string& nickname) {
  auto r = run({"certutil", "-L", "-d", sql(dir), "-n", nickname});
  if (!r) return std::move(r).error();
  return r->exit_code == 0;
}

Status nss_trust(const CaCertificate& ca, const fs::path& dir, TrustReport& report) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return io_error(dir, "ディレクトリを作成できません", "cannot create directory", ec.message());
  if (!fs::exists(dir / "cert9.db", ec)) {
    const std::vector<std::string> create{"certutil", "-N", "-d", sql(dir), "--empty-password"};
    auto r = run(create);
    if (!r) return std::move(r).error();
    if (r->exit_code != 0) return tool_failed(create, *r);
    report.done.push_back(
        Text{"NSS データベースを作成しました: " + dir.string(), "Created the NSS database " + dir.string()});
  }
  const std::string nick = ca_nickname(ca);
  auto present = nss_has(dir, nick);
  if (!present) return std::move(present).error();
  // Already there: its trust is set again, in case someone changed it.
  const std::vector<std::string> argv =
      *present
          ? std::vector<std::string>{"certutil", "-M", "-d", sql(dir), "-n", nick, "-t", std::string(kNssTrust)}
          : std::vector<std::string>{
                "certutil", "-A", "-d", sql(dir), "-n", nick, "-t", std::string(kNssTrust), "-i", ca.file.string()};
  auto r = run(argv);
  if (!r) return std::move(r).error();
  if (r->exit_code != 0) return tool_failed(argv, *r);
  report.done.push_back(*present ? Text{fmt::format("NSS（{}）では信頼済みです: {}", dir.string(), nick),
                                        fmt::format("Already trusted in NSS ({}): {}", dir.string(), nick)}
                                 : Text{fmt::format("NSS（{}）に追加しました: {}", dir.string(), nick),
                                        fmt::format("Added to NSS ({}): {}", dir.string(), nick)});
  return Ok{};
}

Status nss_distrust(const CaCertificate& ca, const fs::path& dir, TrustReport& report) {
  std::error_code ec;
  if (!fs::exists(dir / "cert9.db", ec)) return Ok{};
  const std::string nick = ca_nickname(ca);
  for (int i = 0; i < kMaxNssCopies; ++i) {
    auto present = nss_has(dir, nick);
    if (!present) return std::move(present).error();
    if (!*present) break;
    const std::vector<std::string> argv{"certutil", "-D", "-d", sql(dir), "-n", nick};
    auto r = run(argv);
    if (!r) return std::move(r).error();
    if (r->exit_code != 0) return tool_failed(argv, *r);
    if (i == 0) {
      report.done.push_back(Text{fmt::format("NSS（{}）から削除しました: {}", dir.string(), nick),
                                 fmt::format("Removed from NSS ({}): {}", dir.string(), nick)});
    }
  }
  return Ok{};
}

std::string system_name(const CaCertificate& ca) {
  return "sendguard-" + ca.sha256_hex.substr(0, kShortFingerprintDigits);
}

fs::path system_file(const CaCertificate& ca) {
  return fs::path(std::string(kSystemCaDir)) / (system_name(ca) + ".crt");
}

Status update_system_store(bool fresh) {
  std::vector<std::string> argv{"update-ca-certificates"};
  // A removed certificate leaves its links behind unless they are rebuilt.
  if (fresh) argv.emplace_back("--fresh");
  auto r = run(argv);
  if (!r) return std::move(r).error();
  if (r->exit_code != 0) return tool_failed(argv, *r);
  return Ok{};
}

Status system_trust(const CaCertificate& ca, TrustReport& report) {
  const fs::path target = system_file(ca);
  if (::geteuid() != 0) {
    report.for_administrator.push_back(Text{
        fmt::format("install -m 0644 {} {} && update-ca-certificates", shell_quote(ca.file.string()), target.string()),
        fmt::format("install -m 0644 {} {} && update-ca-certificates", shell_quote(ca.file.string()),
                    target.string())});
    return Ok{};
  }
  std::error_code ec;
  const fs::path link = fs::path(std::string(kSystemLinkDir)) / (system_name(ca) + ".pem");
  auto existing = read_file(target, ca.pem.size() + 1);
  if (existing && *existing == ca.pem && fs::exists(link, ec)) {
    report.done.push_back(Text{"システムの証明書ストアでは信頼済みです: " + target.string(),
                               "Already trusted in the system store: " + target.string()});
    return Ok{};
  }
  if (auto st = write_file_atomically(target, ca.pem, false); !st) return st;
  fs::permissions(target,
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read, ec);
  if (auto st = update_system_store(false); !st) return st;
  report.done.push_back(Text{"システムの証明書ストアに追加しました: " + target.string(),
                             "Added to the system store: " + target.string()});
  return Ok{};
}

Status system_distrust(const CaCertificate& ca, TrustReport& report) {
  const fs::path target = system_file(ca);
  std::error_code ec;
  if (::geteuid() != 0) {
    if (fs::exists(target, ec)) {
      report.for_administrator.push_back(
          Text{fmt::format("rm -f {} && update-ca-certificates --fresh", target.string()),
               fmt::format("rm -f {} && update-ca-certificates --fresh", target.string())});
    }
    return Ok{};
  }
  if (!fs::exists(target, ec)) return Ok{};
  if (!fs::remove(target, ec) && ec) return io_error(target, "削除できません", "cannot remove", ec.message());
  if (auto st = update_system_store(true); !st) return st;
  report.done.push_back(Text{"システムの証明書ストアから削除しました: " + target.string(),
                             "Removed from the system store: " + target.string()});
  return Ok{};
}

}  // namespace

Result<TrustReport> trust_ca(const CaCertificate& ca, const TrustOptions& options) {
  TrustReport report;
  auto dir = nss_dir(options);
  if (!dir) return std::move(dir).error();
  if (auto st = nss_trust(ca, *dir, report); !st) return st.error();
  if (options.system) {
    if (auto st = system_trust(ca, report); !st) return st.error();
  }
  return report;
}

Result<TrustReport> distrust_ca(const CaCertificate& ca, const TrustOptions& options) {
  TrustReport report;
  auto dir = nss_dir(options);
  if (!dir) return std::move(dir).error();
  if (auto st = nss_distrust(ca, *dir, report); !st) return st.error();
  if (options.system) {
    if (auto st = system_distrust(ca, report); !st) return st.error();
  }
  return report;
}

}  // namespace sg::platform
