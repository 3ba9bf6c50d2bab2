// `sendguard serve` and `sendguard native-messaging`: the two ways the host runs.
#include "cli/commands.h"
#include "http/server.h"
#include "nm/native_messaging.h"

namespace sg::cli {

void add_serve(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto opts = std::make_shared<http::ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the API on loopback / ループバックで API を提供する");
  cmd->add_option("--listen", opts->listen, "127.0.0.1:PORT (port 0 picks a free one)")->capture_default_str();
  cmd->add_flag("--insecure-http", opts->insecure_http, "Plain HTTP, for tests and development only");
  cmd->add_flag("--verbose", opts->verbose,
                "One line per request on stderr (method, path, status, duration) / 要求ごとに 1 行を標準エラーに出力");
  cmd->add_option("--web-ui-dir", opts->web_ui_dir,
                  "Development: serve /addin/outlook/ and /addin/dialog/ from DIR/outlook and DIR/dialog instead of "
                  "the compiled-in copy / 開発用: アドインのファイルを組み込みのものではなく DIR から配信する");
  cmd->callback([&g, &exit_code, opts] {
    opts->locale = cli_locale();
    auto api = open_api(g);
    exit_code = api ? http::serve(*api, *opts) : 1;
  });
}

void add_native_messaging(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "native-messaging", "Answer a mail client over stdin/stdout / メールクライアントに標準入出力で応答する");
  // The manifest path and extension id (or origin and --parent-window) a mail client appends.
  auto client_args = std::make_shared<std::vector<std::string>>();
  cmd->add_option("client-args", *client_args, "What the mail client appends (ignored)")->expected(0, 2);
  cmd->add_option("--parent-window", "Window handle a Chromium-based client appends (ignored)");
  cmd->callback([&g, &exit_code, client_args] {
    auto api = open_api(g);
    exit_code = api ? nm::run(*api, 0, 1) : 1;
  });
}

}  // namespace sg::cli
