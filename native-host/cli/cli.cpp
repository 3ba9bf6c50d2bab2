// The sendguard command line: global options, subcommands, the Thunderbird invocation form.
#include "cli/cli.h"

#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "nm/native_messaging.h"
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
  c.data_dir = !g.data_dir.empty() ? std::filesystem::path(g.data_dir)
                                   : std::filesystem::path(env_or("SENDGUARD_DATA_DIR", platform::default_data_dir().string()));
  c.config_file = !g.config.empty() ? std::filesystem::path(g.config)
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

Locale cli_locale() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') return parse_locale(v, Locale::ja);
  }
  return Locale::ja;
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
  GlobalOptions g;
  app.add_option("--data-dir", g.data_dir, "Data directory (history, audit, tokens, certificates) / データディレクトリ")
      ->envname("SENDGUARD_DATA_DIR");
  app.add_option("--config", g.config, "Helpdesk override profile / ヘルプデスクの上書きプロファイル")
      ->envname("SENDGUARD_CONFIG");
  int exit_code = 0;
  add_serve(app, g, exit_code);
  add_native_messaging(app, g, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}

}  // namespace sg::cli
