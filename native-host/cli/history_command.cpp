// `sendguard history forget ADDRESS`: removes an address from the local sending history,
// everywhere it is stored (api.md "Command line"; the privacy promise of issue 5).
#include <iostream>

#include "cli/commands.h"

namespace sg::cli {

void add_history(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  const Locale l = cli_locale();
  const auto say = [l](const char* ja, const char* en) { return std::string(l == Locale::ja ? ja : en); };
  CLI::App* cmd = app.add_subcommand("history", say("送信履歴を扱う", "Work with the sending history"));
  cmd->require_subcommand(1);
  auto address = std::make_shared<std::string>();
  CLI::App* forget = cmd->add_subcommand(
      "forget", say("アドレスを送信履歴からすべて消す", "Remove an address from the sending history everywhere"));
  forget->add_option("address", *address, say("消すアドレス", "The address to forget"))->required();
  forget->footer(say("終了コード: 0 成功、1 失敗、2 入力の誤り", "Exit codes: 0 done, 1 failure, 2 bad input"));
  forget->callback([&g, &exit_code, address, l] {
    auto api = open_api(g);
    if (!api) {
      exit_code = kExitFailure;
      return;
    }
    if (auto st = api->forget_address(*address); !st) {
      print_error(st.error(), l);
      exit_code = exit_code_for(st.error());
      return;
    }
    std::cout << (l == Locale::ja ? "送信履歴から消しました: " : "Forgotten: ") << *address << "\n";
    exit_code = kExitOk;
  });
}

}  // namespace sg::cli
