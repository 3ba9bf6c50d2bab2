// `sendguard audit verify|show`: checks the audit log's hash chain and head file, and prints the
// records that match filters (api.md "Command line", "GET /v1/audit").
#include <fmt/format.h>

#include <boost/json.hpp>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/value_json.h"
#include "service/audit_log.h"

namespace sg::cli {

namespace {

namespace json = boost::json;

std::filesystem::path audit_file(const GlobalOptions& g) {
  return resolve(g).data_dir / std::string(kAuditFileName);
}

int run_verify(const GlobalOptions& g) {
  const Locale l = cli_locale();
  const auto file = audit_file(g);
  auto report = verify_audit_log(file);
  if (!report) {
    print_error(report.error(), l);
    return kExitFailure;
  }
  std::cout << say(l, "監査ログ: ", "audit log: ") << file.string() << "\n";
  for (const AuditIssue& w : report->warnings) {
    std::cout << say(l, "警告", "warning") << " [" << audit_issue_name(w.kind) << "] " << w.message.in(l) << "\n";
  }
  if (report->more_warnings > 0) {
    std::cout << (l == Locale::ja ? fmt::format("ほかに警告が {} 件あります\n", report->more_warnings)
                                  : fmt::format("{} more warnings\n", report->more_warnings));
  }
  if (const auto& p = report->problem) {
    std::cout << say(l, "問題", "PROBLEM") << " [" << audit_issue_name(p->kind) << "] " << p->message.in(l) << "\n";
    std::cout << (l == Locale::ja ? fmt::format("問題より前に正しくつながっていた記録: {} 件\n", report->records)
                                  : fmt::format("records in order before the problem: {}\n", report->records));
    return kExitAuditProblem;
  }
  if (report->records == 0) {
    std::cout << say(l, "問題ありません: 記録はまだありません\n", "intact: no records yet\n");
  } else {
    std::cout << (l == Locale::ja
                      ? fmt::format("問題ありません: 記録 {} 件（seq 1〜{}）\n", report->records, report->last_seq)
                      : fmt::format("intact: {} record{} (seq 1-{})\n", report->records,
                                    report->records == 1 ? "" : "s", report->last_seq));
  }
  return kExitOk;
}

struct ShowOptions {
  std::string from, to, sender, recipient, action, outcome, kind, limit, before_seq;
  bool json = false;
};

std::string str(const json::object* o, std::string_view key) {
  if (o == nullptr) return {};
  const json::value* v = o->if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64() || v->is_uint64()) return json_text(*v);
  return {};
}

const json::object* obj(const json::object* o, std::string_view key) {
  if (o == nullptr) return nullptr;
  const json::value* v = o->if_contains(key);
  return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

// The addresses of a {"to", "cc", "bcc"} object, at most a few of them shown.
std::string addresses(const json::object* fields, Locale l) {
  constexpr std::size_t kShown = 5;
  std::vector<std::string> all;
  if (fields != nullptr) {
    for (const char* f : {"to", "cc", "bcc"}) {
      const json::value* list = fields->if_contains(f);
      if (list == nullptr || !list->is_array()) continue;
      for (const json::value& a : list->get_array()) {
        if (a.is_string()) all.emplace_back(a.get_string());
      }
    }
  }
  std::string out;
  for (std::size_t i = 0; i < all.size() && i < kShown; ++i) out += (i == 0 ? "" : ", ") + all[i];
  if (all.size() > kShown) {
    out += l == Locale::ja ? fmt::format(" ほか {} 件", all.size() - kShown)
                           : fmt::format(" and {} more", all.size() - kShown);
  }
  return out;
}

std::string record_line(const json::object& r, Locale l) {
  std::string line = fmt::format("#{} {}", str(&r, "seq"), str(&r, "time"));
  const std::string kind = str(&r, "kind");
  if (kind == "decision") {
    const json::object* check = obj(&r, "check");
    const std::string outcome = str(&r, "outcome");
    line += say(l, " 判断 ", " decision ");
    line += l == Locale::ja ? (outcome == "sent" ? "送信" : outcome == "cancelled" ? "取り消し" : outcome) : outcome;
    if (const std::string action = str(check, "action"); !action.empty()) {
      line += l == Locale::ja ? "（" + action + "）" : " (" + action + ")";
    }
    if (const std::string sender = str(check, "sender"); !sender.empty()) {
      line += say(l, " 差出人 ", " from ") + sender;
    }
    // The final recipients when the add-in sent them, else those of the check.
    std::string to = addresses(obj(&r, "final"), l);
    if (to.empty()) to = addresses(obj(check, "recipients"), l);
    if (!to.empty()) line += say(l, " 宛先 ", " to ") + to;
  } else if (kind == "encrypt") {
    const json::object* archive = obj(&r, "archive");
    const json::value* entries = r.if_contains("entries");
    const std::size_t files = entries != nullptr && entries->is_array() ? entries->get_array().size() : 0;
    line += l == Locale::ja
                ? fmt::format(" 暗号化 {}（{} ファイル、{} バイト）", str(archive, "name"), files, str(archive, "size"))
                : fmt::format(" encrypt {} ({} file{}, {} bytes)", str(archive, "name"), files, files == 1 ? "" : "s",
                              str(archive, "size"));
  } else {
    line += " " + kind;
  }
  return line;
}

int run_show(const GlobalOptions& g, const ShowOptions& o) {
  const Locale l = cli_locale();
  const std::vector<std::pair<std::string, std::string>> params = {
      {"from", o.from},       {"to", o.to},     {"sender", o.sender}, {"recipient", o.recipient},  {"action", o.action},
      {"outcome", o.outcome}, {"kind", o.kind}, {"limit", o.limit},   {"before_seq", o.before_seq}};
  auto query = audit_query_from_params(params);
  if (!query) {
    Error e = std::move(query).error();
    // "/before_seq" names the option --before-seq here.
    if (e.path.starts_with('/')) {
      std::string option = "--" + e.path.substr(1);
      for (char& c : option) c = c == '_' ? '-' : c;
      e.path = option;
    }
    print_error(e, l);
    return kExitBadInput;
  }
  auto page = query_audit_log(audit_file(g), *query);
  if (!page) {
    print_error(page.error(), l);
    return kExitFailure;
  }
  if (o.json) {
    std::cout << json_text(audit_page_json(std::move(*page))) << "\n";
    return kExitOk;
  }
  if (page->records.empty()) std::cout << say(l, "該当する記録はありません\n", "no matching records\n");
  for (const json::object& r : page->records) std::cout << record_line(r, l) << "\n";
  if (page->next_before_seq) {
    std::cout << (l == Locale::ja ? fmt::format("続きは --before-seq {} で表示できます\n", *page->next_before_seq)
                                  : fmt::format("more: add --before-seq {}\n", *page->next_before_seq));
  }
  return kExitOk;
}

}  // namespace

void add_audit(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  const Locale l = cli_locale();
  CLI::App* cmd = app.add_subcommand("audit", say(l, "監査ログを検証・表示する", "Verify and show the audit log"));
  cmd->require_subcommand(1);

  CLI::App* verify = cmd->add_subcommand(
      "verify", say(l, "監査ログのハッシュチェーンとヘッドファイルを検証する",
                    "Check the audit log's hash chain and head file for edits, deletions and reordering"));
  verify->footer(say(l, "終了コード: 0 問題なし（警告があっても）、3 問題あり（最初の問題の行を表示）、1 読めない",
                     "Exit codes: 0 intact (warnings allowed), 3 a problem was found (the first one is printed with "
                     "its line), 1 cannot read"));
  verify->callback([&g, &exit_code] { exit_code = run_verify(g); });

  auto o = std::make_shared<ShowOptions>();
  CLI::App* show = cmd->add_subcommand(
      "show", say(l, "条件に合う監査ログの記録を新しい順に表示する", "Print matching audit records, newest first"));
  show->add_option("--from", o->from,
                   say(l, "この日時以降（ISO 8601、オフセットなしは UTC）",
                       "At or after this time (ISO 8601; UTC without an offset)"));
  show->add_option("--to", o->to,
                   say(l, "この日時まで（日付だけならその日の終わりまで）",
                       "At or before this time (a date alone: to the end of that day)"));
  show->add_option("--sender", o->sender, say(l, "差出人のアドレスか @ドメイン", "Sender address or @domain"));
  show->add_option("--recipient", o->recipient,
                   say(l, "宛先のアドレスか @ドメイン（確認時と送信時の宛先）",
                       "Recipient address or @domain (checked or final recipients)"));
  show->add_option("--action", o->action, "allow, confirm, justify, block");
  show->add_option("--outcome", o->outcome, "sent, cancelled");
  show->add_option("--kind", o->kind, "decision, encrypt");
  show->add_option(
      "--limit", o->limit,
      say(l, fmt::format("表示する件数（既定 {}、最大 {}）", kAuditQueryDefaultLimit, kAuditQueryMaxLimit),
          fmt::format("How many records (default {}, at most {})", kAuditQueryDefaultLimit, kAuditQueryMaxLimit)));
  show->add_option("--before-seq", o->before_seq,
                   say(l, "この seq より前の記録だけ（続きの表示）", "Only records before this seq (the next page)"));
  show->add_flag("--json", o->json,
                 say(l, "GET /v1/audit と同じ JSON で出力する", "Print the JSON document of GET /v1/audit"));
  show->footer(say(l, "終了コード: 0 成功、2 条件の誤り、1 失敗", "Exit codes: 0 done, 2 bad filter, 1 failure"));
  show->callback([&g, &exit_code, o] { exit_code = run_show(g, *o); });
}

}  // namespace sg::cli
