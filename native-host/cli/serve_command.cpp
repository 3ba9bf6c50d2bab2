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
  cmd->callback([&g, &exit_code, opts] {
    auto api = open_api(g);
    exit_code = api ? http::serve(*api, *opts) : 1;
  });
}

void add_native_messaging(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("native-messaging",
                                     "Answer a mail client over stdin/stdout / メールクライアントに標準入出力で応答する");
  cmd->allow_extras();  // the manifest path and extension id a browser appends
  cmd->callback([&g, &exit_code] {
    auto api = open_api(g);
    exit_code = api ? nm::run(*api, 0, 1) : 1;
  });
}

}  // namespace sg::cli
