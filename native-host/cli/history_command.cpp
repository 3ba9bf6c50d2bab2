// `sendguard history import PATH...`: learns from a Sent folder exported as mbox, maildir or .eml
// files; `sendguard history forget ADDRESS`: removes an address from the local sending history,
// everywhere it is stored (api.md "Command line"; the privacy promise of issue 5).
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "extract/mail_source.h"
#include "service/history_import.h"

namespace sg::cli {

namespace {

// A parsed file message as the importer takes it, or why it cannot be one.
Result<ImportMessage> to_import(Result<mail::SentMessage> parsed, const std::optional<Address>& only_sender) {
  if (!parsed) return std::move(parsed).error();
  mail::SentMessage& m = *parsed;
  const auto bad = [](const char* ja, const char* en) { return make_error(ErrorCode::invalid_request, Text{ja, en}); };
  if (!m.from) return bad("From ヘッダーがありません", "no From header");
  if (!m.date_valid) return bad("Date ヘッダーがないか読めません", "no readable Date header");
  if (m.to.empty() && m.cc.empty() && m.bcc.empty()) return bad("宛先がありません", "no recipients");
  if (only_sender && m.from->key() != only_sender->key()) {
    return make_error(ErrorCode::not_found, Text{"ほかの送信者のメール", "sent by another sender"});
  }
  return ImportMessage{m.date,           std::move(*m.from),   std::move(m.to),       std::move(m.cc),
                       std::move(m.bcc), std::move(m.subject), std::move(m.body_text)};
}

int import_paths(Api& api, const std::vector<std::string>& paths, const std::string& sender, Locale l) {
  std::optional<Address> only_sender;
  if (!sender.empty()) {
    auto parsed = parse_mailbox(sender);
    if (!parsed) {
      print_error(parsed.error(), l);
      return kExitBadInput;
    }
    only_sender = std::move(*parsed);
  }
  ImportTally tally;
  std::uint64_t other_senders = 0;
  std::vector<ImportMessage> batch;
  Status failed = Ok{};
  const auto flush = [&] {
    if (failed) failed = api.import_messages(batch, tally);
    batch.clear();
  };
  for (const std::string& path : paths) {
    auto stats = mail::read_sent_mail(path, [&](Result<mail::SentMessage> parsed, std::string_view where) {
      auto m = to_import(std::move(parsed), only_sender);
      if (!m) {
        if (m.error().code == ErrorCode::not_found) {
          ++other_senders;
        } else {
          tally.problem(std::string(where), m.error().message);
        }
        return;
      }
      batch.push_back(std::move(*m));
      if (batch.size() >= kImportBatchMessages) flush();
    });
    if (!stats) {
      print_error(stats.error(), l);
      return exit_code_for(stats.error());
    }
  }
  flush();
  if (!failed) {
    print_error(failed.error(), l);
    return kExitFailure;
  }
  if (l == Locale::ja) {
    std::cout << fmt::format("取り込み: {} 通、取り込み済み: {} 通、読めなかったメール: {} 通", tally.imported,
                             tally.skipped, tally.malformed);
    if (other_senders > 0) std::cout << fmt::format("、ほかの送信者: {} 通", other_senders);
  } else {
    std::cout << fmt::format("imported: {}, already there: {}, not understood: {}", tally.imported, tally.skipped,
                             tally.malformed);
    if (other_senders > 0) std::cout << fmt::format(", other senders: {}", other_senders);
  }
  std::cout << "\n";
  for (const Problem& p : tally.problems) {
    std::cout << "  " << p.path << ": " << (l == Locale::ja ? p.message.ja : p.message.en) << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_history(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  const Locale l = cli_locale();
  CLI::App* cmd = app.add_subcommand("history", say(l, "送信履歴を扱う", "Work with the sending history"));
  cmd->require_subcommand(1);
  auto paths = std::make_shared<std::vector<std::string>>();
  auto sender = std::make_shared<std::string>();
  CLI::App* import =
      cmd->add_subcommand("import", say(l, "送信済みメール（mbox、maildir、.eml）から送信履歴を学ぶ",
                                        "Learn the sending history from sent mail (mbox, maildir, .eml)"));
  import
      ->add_option("path", *paths,
                   say(l, "mbox ファイル、maildir、.eml ファイルまたはそのフォルダー",
                       "An mbox file, a maildir, an .eml file or a folder of them"))
      ->required();
  import->add_option("--sender", *sender,
                     say(l, "この送信者のメールだけを取り込む", "Import only the messages sent by this address"));
  import->footer(say(l, "同じメールは何度取り込んでも 1 回と数えます。終了コード: 0 成功、1 失敗、2 入力の誤り",
                     "A message imported again counts once. Exit codes: 0 done, 1 failure, 2 bad input"));
  import->callback([&g, &exit_code, paths, sender, l] {
    auto api = open_api(g);
  if (!api) {
    exit_code = kExitFailure;
    return;
  }
  exit_code = import_paths(*api, *paths, *sender, l);
});
auto address = std::make_shared<std::string>();
CLI::App* forget = cmd->add_subcommand(
    "forget", say(l, "アドレスを送信履歴からすべて消す", "Remove an address from the sending history everywhere"));
forget->add_option("address", *address, say(l, "消すアドレス", "The address to forget"))->required();
forget->footer(say(l, "終了コード: 0 成功、1 失敗、2 入力の誤り", "Exit codes: 0 done, 1 failure, 2 bad input"));
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
}  // namespace sg::cli

}  // namespace sg::cli
