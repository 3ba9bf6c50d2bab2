// `sendguard check DRAFT.json`: scores a draft as POST /v1/check does and tells the action by the
// exit code, so scripts and the helpdesk can try drafts against the installed profile.
#include <boost/json.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/verdict_text.h"
#include "core/value_json.h"
#include "host_limits.h"
#include "wire/json_io.h"
#include "wire/verdict_json.h"

namespace sg::cli {

namespace {

namespace json = boost::json;

struct CheckOptions {
  std::string draft;
  bool json = false;
  std::string locale;
};

int run_check(const GlobalOptions& g, const CheckOptions& o) {
  const std::optional<Locale> asked = o.locale.empty() ? env_locale() : parse_locale(o.locale, Locale::ja);
  const Locale error_locale = asked.value_or(Locale::ja);
  const auto fail = [&](const Error& e) {
    print_error(e, error_locale);
    // A script reading --json gets the same error document as the HTTP answer.
    if (o.json) std::cout << sg::json_text(wire::error_document(e, error_locale)) << "\n";
    return exit_code_for(e);
  };

  auto text = read_input(o.draft, limits::kMaxRequestBodyBytes);
  if (!text) return fail(text.error());
  auto doc = wire::parse_json(*text);
  if (!doc) return fail(doc.error());
  // With --json, --locale picks the language of the verdict's messages as the draft's own would.
  if (o.json && !o.locale.empty() && doc->is_object()) doc->as_object()["locale"] = o.locale;

  auto api = open_api(g);
  if (!api) return kExitFailure;
  auto checked = api->check_verdict(*doc);
  if (!checked) return fail(checked.error());
  const Verdict& verdict = checked->verdict;
  if (o.json) {
    std::cout << sg::json_text(wire::verdict_to_json(verdict, checked->draft_digest)) << "\n";
  } else {
    // The person at the terminal: --locale, else their environment, else the draft's language.
    std::cout << verdict_text(verdict, asked.value_or(verdict.locale));
  }
  std::cout.flush();
  return exit_code_for(verdict.action);
}

}  // namespace

void add_check(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  const Locale l = cli_locale();
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", say(l, "下書きを確認して判定を表示する（POST /v1/check と同じ）",
                                                  "Check a draft and print the verdict (as POST /v1/check)"));
  cmd->add_option("DRAFT", o->draft,
                  say(l, "下書きの JSON ファイル（POST /v1/check の本文と同じ形式）。- で標準入力",
                      "Draft JSON file (the body of POST /v1/check); - reads standard input"))
      ->required();
  cmd->add_flag("--json", o->json,
                say(l, "API と同じ判定の JSON を出力する", "Print the verdict JSON the API answers"));
  cmd->add_option("--locale", o->locale,
                  say(l, "表示する言語（既定: 環境の言語、なければ下書きの言語）",
                      "Language of the output (default: the environment's, else the draft's)"))
      ->check(CLI::IsMember({"ja", "en"}));
  cmd->footer(say(l,
                  "終了コード: 0 送信可 (allow)、10 確認 (confirm)、11 理由の入力 (justify)、12 送信不可 (block)、"
                  "2 入力の誤り（下書きまたはコマンドライン。エラーコードと JSON パスを標準エラーに表示）、"
                  "1 その他の失敗（データディレクトリ、インストール済みプロファイルなど）",
                  "Exit codes: 0 allow, 10 confirm, 11 justify, 12 block, 2 bad input (the draft or the command "
                  "line; the error code and JSON path go to stderr), 1 other failure (data directory, installed "
                  "profile, ...)"));
  cmd->callback([&g, &exit_code, o] { exit_code = run_check(g, *o); });
}

}  // namespace sg::cli
