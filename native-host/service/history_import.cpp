// Teaching the history mail already sent (history_import.h).
#include "service/history_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "check/check.h"
#include "core/timestamp.h"
#include "host_limits.h"
#include "service/audit_log.h"
#include "text/greeting.h"
#include "text/html.h"
#include "text/organisation.h"
#include "wire/draft_json.h"

namespace sg {

namespace json = boost::json;

void ImportTally::problem(std::string path, Text message) {
  ++malformed;
  if (problems.size() < kMaxImportProblemsListed) problems.push_back({std::move(path), std::move(message)});
}

std::string import_key(const ImportMessage& m) {
  std::string text = fmt::format("sendguard-import-v1\n{}\n{}\n", m.date, m.from.key());
  for (const auto* list : {&m.to, &m.cc, &m.bcc}) {
    std::vector<std::string> keys;
    for (const Address& a : *list) keys.push_back(a.key());
    std::sort(keys.begin(), keys.end());
    for (const std::string& k : keys) text += k + ",";
    text += "\n";
  }
  text += m.subject;
  return sha256_hex(text);
}

Status HistoryImporter::add(const ImportMessage& m, ImportTally& tally) {
  if (!tx_) {
    auto tx = store::Transaction::begin(db_);
    if (!tx) return std::move(tx).error();
    tx_.emplace(std::move(*tx));
  }
  std::vector<store::SentRecipient> recipients;
  for (const auto* list : {&m.to, &m.cc, &m.bcc}) {
    for (const Address& a : *list) recipients.push_back({a.key(), a.domain_ascii, a.name});
  }
  std::vector<AddressedOrganisation> seen;
  if (!m.body_text.empty()) {
    const auto internal = [&](std::string_view domain) {
      return internal_domains_.empty() ? domain == m.from.domain_ascii
                                       : std::any_of(internal_domains_.begin(), internal_domains_.end(),
                                                     [&](const std::string& p) { return domain_matches(domain, p); });
    };
    const auto freemail = [&](std::string_view domain) {
      return std::any_of(freemail_domains_.begin(), freemail_domains_.end(),
                         [&](const std::string& p) { return domain_matches(domain, p); });
    };
    std::vector<std::string> external_to;
    for (const Address& a : m.to) {
      if (!internal(a.domain_ascii)) external_to.push_back(a.domain_ascii);
    }
    seen = organisations_seen(text::organisations_in_signatures(m.body_text), text::find_addressees(m.body_text),
                              external_to, internal, freemail);
  }
  auto fresh = history_.import_sent(import_key(m), m.from.key(), m.date, recipients, seen);
  if (!fresh) return std::move(fresh).error();
  ++(*fresh ? tally.imported : tally.skipped);
  if (++in_batch_ >= kImportBatchMessages) return finish();
  return Ok{};
}

Status HistoryImporter::finish() {
  in_batch_ = 0;
  if (!tx_) return Ok{};
  Status st = tx_->commit();
  tx_.reset();
  return st;
}

namespace {

Error invalid(std::string path, std::string ja, std::string en) {
  return make_error(ErrorCode::invalid_request, Text{std::move(ja), std::move(en)}, std::move(path));
}

// One message of the request, or the problem with its JSON path.
Result<ImportMessage> message_from_json(const json::value& v, const std::string& path) {
  if (!v.is_object()) return invalid(path, "オブジェクトでなければなりません", "must be an object");
  const json::object& o = v.get_object();
  ImportMessage m;
  const json::value* date = o.if_contains("date");
  if (date == nullptr || !date->is_string()) {
    return invalid(path + "/date", "日時（ISO 8601）の文字列が必要です", "an ISO 8601 date-time string is required");
  }
  const auto when = parse_iso8601(date->get_string());
  if (!when) {
    return invalid(path + "/date", "ISO 8601 の日時として読めません（例: 2026-10-01T09:00:00+09:00）",
                   "not an ISO 8601 date-time (e.g. 2026-10-01T09:00:00+09:00)");
  }
  m.date = *when;
  const json::value* from = o.if_contains("from");
  if (from == nullptr) return invalid(path + "/from", "送信者が必要です", "\"from\" is required");
  auto sender = wire::address_from_json(*from, path + "/from");
  if (!sender) return std::move(sender).error();
  m.from = std::move(*sender);
  std::size_t total = 0;
  for (auto [key, list] : {std::pair{"to", &m.to}, std::pair{"cc", &m.cc}, std::pair{"bcc", &m.bcc}}) {
    auto parsed = wire::addresses_from_json(o, key, path + "/" + key, limits::kMaxRecipients - total);
    if (!parsed) return std::move(parsed).error();
    total += parsed->size();
    *list = std::move(*parsed);
  }
  if (total == 0) return invalid(path + "/to", "宛先がありません", "the message has no recipients");
  if (const json::value* subject = o.if_contains("subject"); subject != nullptr && !subject->is_null()) {
    if (!subject->is_string() || subject->get_string().size() > limits::kMaxSubjectBytes) {
      return invalid(path + "/subject", "件名は文字列でなければなりません", "must be a string");
    }
    m.subject = subject->get_string();
  }
  // "body": {"text"} or {"html"}, the way a draft's is (only its salutation is read).
  if (const json::value* body = o.if_contains("body"); body != nullptr && !body->is_null()) {
    const json::object* b = body->if_object();
    if (b == nullptr) return invalid(path + "/body", "オブジェクトでなければなりません", "must be an object");
    for (const char* key : {"text", "html"}) {
      const json::value* part = b->if_contains(key);
      if (part == nullptr || part->is_null()) continue;
      if (!part->is_string() || part->get_string().size() > kMaxImportBodyTextBytes) {
        return invalid(path + "/body/" + key,
                       fmt::format("{} バイトまでの文字列でなければなりません", kMaxImportBodyTextBytes),
                       fmt::format("must be a string of at most {} bytes", kMaxImportBodyTextBytes));
      }
      if (m.body_text.empty()) {
        m.body_text =
            std::string(key) == "text" ? std::string(part->get_string()) : text::html_to_text(part->get_string());
      }
    }
  }
  return m;
}

}  // namespace

Result<ImportTally> import_history_json(store::Database& db, store::History& history, const json::value& params,
                                        const Profile& profile) {
  if (!params.is_object()) return invalid("", "オブジェクトでなければなりません", "must be an object");
  const json::value* messages = params.get_object().if_contains("messages");
  if (messages == nullptr || !messages->is_array()) {
    return invalid("/messages", "メッセージの配列が必要です", "\"messages\" must be an array");
  }
  const json::array& list = messages->get_array();
  if (list.size() > kMaxImportMessages) {
    return invalid("/messages", fmt::format("1 回に取り込めるのは {} 通までです", kMaxImportMessages),
                   fmt::format("at most {} messages per request", kMaxImportMessages));
  }
  ImportTally tally;
  HistoryImporter importer(db, history, profile);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = fmt::format("/messages/{}", i);
    auto m = message_from_json(list[i], path);
    if (!m) {
      tally.problem(m.error().path.empty() ? path : m.error().path, m.error().message);
      continue;
    }
    if (auto st = importer.add(*m, tally); !st) return std::move(st).error();
  }
  if (auto st = importer.finish(); !st) return std::move(st).error();
  return tally;
}

json::value import_tally_json(const ImportTally& tally, Locale locale) {
  json::array problems;
  for (const Problem& p : tally.problems) {
    problems.push_back(json::object{{"path", p.path}, {"message", locale == Locale::ja ? p.message.ja : p.message.en}});
  }
  return json::object{{"imported", tally.imported},
                      {"skipped", tally.skipped},
                      {"malformed", tally.malformed},
                      {"problems", std::move(problems)}};
}

}  // namespace sg
