// The sendguard command line: global options, subcommands, the Thunderbird invocation form.
#include "cli/cli.h"

#include <fmt/format.h>

#include <array>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "nm/native_messaging.h"
#include "platform/fd_io.h"
#include "platform/files.h"
#include "platform/paths.h"
#include "text/utf8.h"

namespace sg::cli {

namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

// Thunderbird and Firefox start a native-messaging host as `host <manifest path> <extension id>`;
// Chromium-based hosts get `host chrome-extension://<id>/ [--parent-window=N]`.
bool is_browser_invocation(int argc, char** argv) {
  if (argc < 2) return false;
  const std::string_view first = argv[1];
  return first.starts_with("chrome-extension://") || (argc >= 3 && first.ends_with(".json"));
}

}  // namespace

HostConfig resolve(const GlobalOptions& g) {
  HostConfig c;
  c.data_dir = !g.data_dir.empty()
                   ? std::filesystem::path(g.data_dir)
                   : std::filesystem::path(env_or("SENDGUARD_DATA_DIR", platform::default_data_dir().string()));
  c.config_file = !g.config.empty()
                      ? std::filesystem::path(g.config)
                      : std::filesystem::path(env_or("SENDGUARD_CONFIG", platform::default_config_file().string()));
  return c;
}

std::unique_ptr<Api> open_api(const GlobalOptions& g) {
  auto api = Api::open(resolve(g));
  if (!api) {
    std::cerr << "sendguard: " << api.error().message.in(cli_locale()) << "\n";
    return nullptr;
  }
  return std::move(*api);
}

std::optional<Locale> env_locale() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v == nullptr || *v == '\0') continue;
    // The first variable set decides, as in POSIX: LC_ALL=C means no language, not LANG's.
    const Locale ja = parse_locale(v, Locale::ja);
    const Locale en = parse_locale(v, Locale::en);
    return ja == en ? std::optional<Locale>(ja) : std::nullopt;
  }
  return std::nullopt;
}

Locale cli_locale() {
  return env_locale().value_or(Locale::ja);
}

Result<std::string> read_input(const std::string& path, std::size_t max_bytes) {
  if (path != "-") return read_file(path, max_bytes);
  std::string data;
  std::array<char, 64 * 1024> chunk{};
  for (;;) {
    auto n = platform::read_some(0, chunk);
    if (!n) return std::move(n).error();
    if (*n == 0) return data;
    if (data.size() + *n > max_bytes) {
      return make_error(ErrorCode::too_large, Text{fmt::format("標準入力が {} バイトを超えています", max_bytes),
                                                   fmt::format("standard input is larger than {} bytes", max_bytes)});
    }
    data.append(chunk.data(), *n);
  }
}

void print_error(const Error& e, Locale locale) {
  std::cerr << "sendguard: [" << error_code_name(e.code) << "] " << (e.path.empty() ? "" : e.path + ": ")
            << e.message.in(locale) << "\n";
}

int exit_code_for(const Error& e) {
  return e.code == ErrorCode::internal ? kExitFailure : kExitBadInput;
}

int exit_code_for(Action action) {
  switch (action) {
    case Action::allow: return kExitOk;
    case Action::confirm: return kExitConfirm;
    case Action::justify: return kExitJustify;
    case Action::block: return kExitBlock;
  }
  return kExitFailure;
}

std::string problem_lines(const std::vector<Problem>& problems, Locale locale) {
  std::string out;
  for (const Problem& p : problems) {
    const std::string where = p.path.empty() ? (locale == Locale::ja ? "（文書全体）" : "(document)") : p.path;
    out += where + ": " + p.message.in(locale) + "\n";
  }
  return out;
}

int main(int argc, char** argv) {
  if (is_browser_invocation(argc, argv)) {
    auto api = open_api(GlobalOptions{});
    if (!api) return 1;
    return nm::run(*api, 0, 1);
  }
  CLI::App app{"SendGuard: checks e-mail drafts before they are sent / 送信前にメールの下書きを確認します",
               "sendguard"};
  app.set_version_flag("--version", std::string(SG_VERSION));
  app.require_subcommand(1);
  app.fallthrough();  // `sendguard serve --data-dir X` as well as `sendguard --data-dir X serve`
  GlobalOptions g;
  app.add_option("--data-dir", g.data_dir, "Data directory (history, audit, tokens, certificates) / データディレクトリ")
      ->envname("SENDGUARD_DATA_DIR");
  app.add_option("--config", g.config, "Helpdesk override profile / ヘルプデスクの上書きプロファイル")
      ->envname("SENDGUARD_CONFIG");
  int exit_code = 0;
  add_serve(app, g, exit_code);
  add_native_messaging(app, g, exit_code);
  add_check(app, g, exit_code);
  add_config(app, g, exit_code);
  add_token(app, g, exit_code);
  add_install(app, g, exit_code);
  add_encrypt(app, g, exit_code);
  add_history(app, g, exit_code);
  add_audit(app, g, exit_code);
  add_outlook(app, g, exit_code);
  add_certs(app, g, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every usage error is "bad input", whatever CLI11 numbers it.
    return app.exit(e) == 0 ? kExitOk : kExitBadInput;
  }
  return exit_code;
}

}  // namespace sg::cli
