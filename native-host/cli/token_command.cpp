// `sendguard token [--admin]`: prints the bearer token for scripts and the helpdesk console,
// creating it on first use like the host does.
#include <iostream>

#include "cli/commands.h"
#include "service/tokens.h"

namespace sg::cli {

void add_token(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  const Locale l = cli_locale();
  auto admin = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("token", l == Locale::ja ? "API のトークンを表示する（なければ作成する）"
                                                              : "Print the API token (creating it when missing)");
  cmd->add_flag("--admin", *admin,
                l == Locale::ja ? "ヘルプデスク用の管理者トークンを表示する（/v1/policy, /v1/audit）"
                                : "Print the admin token instead (for /v1/policy and /v1/audit)");
  cmd->footer(l == Locale::ja ? "終了コード: 0 成功、1 失敗" : "Exit codes: 0 done, 1 failure");
  cmd->callback([&g, &exit_code, admin] {
    // Not open_api(): the token must be reachable even while the installed profile is broken.
    auto tokens = Tokens::load_or_create(resolve(g).data_dir);
    if (!tokens) {
      print_error(tokens.error(), cli_locale());
      exit_code = kExitFailure;
      return;
    }
    std::cout << (*admin ? tokens->admin() : tokens->user()) << "\n";
    exit_code = kExitOk;
  });
}

}  // namespace sg::cli
