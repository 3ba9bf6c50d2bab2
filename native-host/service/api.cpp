// The operations of api.md, independent of transport.
#include "service/api.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <chrono>

#include "check/check.h"
#include "host_limits.h"
#include "platform/files.h"
#include "platform/native_messaging.h"
#include "rules/rule.h"
#include "service/history_import.h"
#include "wire/draft_digest.h"
#include "wire/draft_json.h"
#include "wire/json_io.h"
#include "wire/verdict_json.h"

namespace sg {

namespace json = boost::json;

namespace {

constexpr std::size_t kRememberedChecks = 1024;  // checks awaiting their decision
constexpr std::size_t kMaxCheckIdBytes = 64;
constexpr std::size_t kMaxShortIdBytes = 64;
constexpr std::size_t kMaxAcknowledged = 100;
constexpr std::size_t kMaxJustificationBytes = 4000;

// What the audit log keeps of a check: who sent to which domains what kind of files, and why the
// host answered as it did. Attachments by name, size and SHA-256, never their contents.
json::object check_summary(const Draft& draft, const Verdict& v) {
  json::object s;
  s["sender"] = draft.from ? json::value(draft.from->address()) : json::value(nullptr);
  s["client"] = json::object{{"name", draft.client_name}, {"version", draft.client_version}};
  s["action"] = action_name(v.action);
  s["score"] = v.score;
  s["policy_version"] = v.policy_version;
  json::array findings;
  for (const Finding& f : v.findings) findings.emplace_back(f.id);
  s["findings"] = std::move(findings);
  json::object recipients;
  for (Field field : {Field::to, Field::cc, Field::bcc}) {
    json::array list;
    for (const Address& a : draft.field(field)) list.emplace_back(a.address());
    recipients[field_name(field)] = std::move(list);
  }
  s["recipients"] = std::move(recipients);
  json::array attachments;
  for (const Attachment& a : draft.attachments) {
    json::object ao{{"name", a.name}, {"size", a.size}};
    ao["sha256"] = a.content ? json::value(sha256_hex(*a.content)) : json::value(nullptr);
    attachments.push_back(std::move(ao));
  }
  s["attachments"] = std::move(attachments);
  if (!v.organisations_seen.empty()) {
    json::array seen;
    for (const AddressedOrganisation& o : v.organisations_seen) {
      seen.push_back(json::object{{"name", o.name}, {"domain", o.domain}});
    }
    s["organisations_seen"] = std::move(seen);
  }
  return s;
}

}  // namespace

ProfileLoad load_profile_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.empty() || !std::filesystem::exists(file, ec)) {
    ProfileLoad defaults;
    defaults.profile = std::make_shared<const Profile>(default_parameter_table());
    return defaults;
  }
  auto text = read_file(file, kMaxProfileBytes);
  if (!text) {
    ProfileLoad failed;
    failed.problems.push_back({"", text.error().message});
    return failed;
  }
  return load_profile(default_parameter_table(), *text);
}

Api::Api(HostConfig config, Tokens tokens, std::shared_ptr<const Profile> profile, store::Database db)
    : config_(std::move(config)),
      tokens_(std::move(tokens)),
      audit_(config_.data_dir),
      encrypt_(audit_),
      profile_(std::move(profile)),
      db_(std::move(db)) {}

Result<std::unique_ptr<Api>> Api::open(HostConfig config) {
  ProfileLoad loaded = load_profile_file(config.config_file);
  if (!loaded.profile) {
    std::string ja = fmt::format("プロファイル {} に問題があります:", config.config_file.string());
    std::string en = fmt::format("the profile {} has problems:", config.config_file.string());
    for (const Problem& p : loaded.problems) {
      ja += fmt::format("\n  {}: {}", p.path.empty() ? "(document)" : p.path, p.message.ja);
      en += fmt::format("\n  {}: {}", p.path.empty() ? "(document)" : p.path, p.message.en);
    }
    return make_error(ErrorCode::invalid_request, Text{ja, en});
  }
  auto tokens = Tokens::load_or_create(config.data_dir);
  if (!tokens) return std::move(tokens).error();
  // The tokens made the data directory; the history lives beside them.
  auto db = store::Database::open(config.data_dir / kHistoryFileName);
  if (!db) return std::move(db).error();
  std::unique_ptr<Api> api(new Api(std::move(config), std::move(*tokens), std::move(loaded.profile), std::move(*db)));
  auto history = store::History::open(api->db_);
  if (!history) return std::move(history).error();
  api->history_.emplace(std::move(*history));
  if (auto exe = platform::current_executable()) {
    if (auto helper = extract::find_pdf_helper_next_to(*exe)) {
      api->pdf_ = extract::pdf_extractor(extract::PdfHelper{{*helper}});
    }
  }
  return api;
}

std::shared_ptr<const Profile> Api::profile() const {
  std::lock_guard lock(mu_);
  return profile_;
}

Reply Api::error(const Error& e, std::optional<Locale> locale) const {
  return Reply{http_status(e.code), wire::error_document(e, locale.value_or(profile()->locale()))};
}

Reply Api::health() const {
  const auto p = profile();
  return Reply{200, json::object{{"status", "ok"},
                                 {"version", SG_VERSION},
                                 {"policy_version", p->version()},
                                 {"client", wire::client_settings_to_json(client_settings(*p))}}};
}

Result<CheckResult> Api::check_verdict(const json::value& draft_doc) const {
  auto draft = wire::draft_from_json(draft_doc);
  if (!draft) return std::move(draft).error();
  const auto profile = this->profile();
  // What the sender's history knows of the recipients; without a sender there is nobody's history.
  std::optional<HistoryFacts> history;
  if (draft->from) {
    std::vector<store::DraftRecipient> recipients;
    for (Field field : {Field::to, Field::cc, Field::bcc}) {
      for (const Address& a : draft->field(field)) recipients.push_back({a.key(), a.domain_ascii, a.name});
    }
    std::lock_guard lock(history_mu_);
    auto facts = history_->facts_for(draft->from->key(), recipients);
    if (!facts) return std::move(facts).error();
    history = std::move(*facts);
  }
  Verdict v = sg::check(*draft, *profile, history ? &*history : nullptr, pdf_ ? &pdf_ : nullptr);
  v.check_id = new_check_id();
  // Before the attachments move to the encrypt service: their contents are part of the digest.
  std::string digest = wire::draft_digest(*draft);
  remember_check(v.check_id, check_summary(*draft, v));
  encrypt_.keep_attachments(v.check_id, std::move(draft->attachments));
  return CheckResult{std::move(v), std::move(digest)};
}

Reply Api::encrypt(const json::value& params, std::size_t inline_limit) {
  const auto profile = this->profile();
  auto result = encrypt_.encrypt(params, *profile, inline_limit);
  if (!result) return error(result.error());
  return Reply{200, std::move(*result)};
}

Reply Api::archive_chunk(const json::value& params) {
  auto result = encrypt_.archive_chunk(params);
  if (!result) return error(result.error());
  return Reply{200, std::move(*result)};
}

Reply Api::check(const json::value& draft_doc) const {
  auto checked = check_verdict(draft_doc);
  if (!checked) return error(checked.error());
  return Reply{200, wire::verdict_to_json(checked->verdict, checked->draft_digest)};
}

void Api::remember_check(const std::string& check_id, json::object summary) const {
  std::lock_guard lock(checks_mu_);
  if (checks_.size() >= kRememberedChecks) checks_.pop_front();
  checks_.emplace_back(check_id, std::move(summary));
}

std::optional<json::object> Api::recall_check(const std::string& check_id) const {
  std::lock_guard lock(checks_mu_);
  for (auto it = checks_.rbegin(); it != checks_.rend(); ++it) {
    if (it->first == check_id) return it->second;
  }
  return std::nullopt;
}

Reply Api::decision(const json::value& params) {
  const auto invalid = [](std::string path, std::string ja, std::string en) {
    return make_error(ErrorCode::invalid_request, Text{std::move(ja), std::move(en)}, std::move(path));
  };
  if (!params.is_object()) return error(invalid("", "オブジェクトでなければなりません", "must be an object"));
  const json::object& o = params.get_object();
  const json::value* id = o.if_contains("check_id");
  if (id == nullptr || !id->is_string() || id->get_string().empty() || id->get_string().size() > kMaxCheckIdBytes) {
    return error(
        invalid("/check_id", "check_id を文字列で指定してください", "\"check_id\" must be a non-empty string"));
  }
  const json::value* outcome = o.if_contains("outcome");
  if (outcome == nullptr || !outcome->is_string() ||
      (outcome->get_string() != "sent" && outcome->get_string() != "cancelled")) {
    return error(
        invalid("/outcome", "\"sent\" か \"cancelled\" でなければなりません", "must be \"sent\" or \"cancelled\""));
  }
  json::array acknowledged;
  if (const json::value* a = o.if_contains("acknowledged"); a != nullptr && !a->is_null()) {
    if (!a->is_array() || a->get_array().size() > kMaxAcknowledged) {
      return error(invalid("/acknowledged", "検出 ID の配列でなければなりません", "must be an array of finding ids"));
    }
    for (std::size_t i = 0; i < a->get_array().size(); ++i) {
      const json::value& item = a->get_array()[i];
      if (!item.is_string() || item.get_string().size() > kMaxShortIdBytes) {
        return error(
            invalid(wire::child("/acknowledged", i), "検出 ID の文字列でなければなりません", "must be a finding id"));
      }
      acknowledged.push_back(item);
    }
  }
  std::string justification;
  if (const json::value* j = o.if_contains("justification"); j != nullptr && !j->is_null()) {
    if (!j->is_string() || j->get_string().size() > kMaxJustificationBytes) {
      return error(invalid("/justification",
                           fmt::format("{} バイトまでの文字列でなければなりません", kMaxJustificationBytes),
                           fmt::format("must be a string of at most {} bytes", kMaxJustificationBytes)));
    }
    justification = j->get_string();
  }
  json::object final_recipients;
  std::vector<store::SentRecipient> sent_to;
  if (const json::value* f = o.if_contains("final"); f != nullptr && !f->is_null()) {
    if (!f->is_object()) return error(invalid("/final", "オブジェクトでなければなりません", "must be an object"));
    for (const char* field : {"to", "cc", "bcc"}) {
      auto list =
          wire::addresses_from_json(f->get_object(), field, std::string("/final/") + field, limits::kMaxRecipients);
      if (!list) return error(list.error());
      json::array addresses;
      for (const Address& a : *list) {
        addresses.emplace_back(a.address());
        sent_to.push_back({a.key(), a.domain_ascii, a.name});
      }
      final_recipients[field] = std::move(addresses);
    }
  }
  json::object record;
  record["kind"] = "decision";
  record["check_id"] = id->get_string();
  record["outcome"] = outcome->get_string();
  record["acknowledged"] = std::move(acknowledged);
  record["justification"] = justification;
  record["final"] = std::move(final_recipients);
  // A decision for a check this process did not see (another host process, a restart) is still
  // recorded; the record says the check is unknown.
  const auto check = recall_check(std::string(id->get_string()));
  record["check"] = check ? json::value(*check) : json::value(nullptr);
  auto appended = audit_.append(std::move(record));
  if (!appended) return error(appended.error());
  // A sent mail teaches the sender's history its final recipients. The sender comes from the
  // check this process answered; a decision for an unknown check is audited but teaches nothing.
  bool learned = false;
  if (outcome->get_string() == "sent" && check && !sent_to.empty()) {
    if (const json::value* sender = check->if_contains("sender"); sender != nullptr && sender->is_string()) {
      auto from = parse_mailbox(sender->get_string());
      if (from) {
        const auto now =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        // The organisations the checked mail showed at a domain (salutation, signatures).
        std::vector<AddressedOrganisation> seen;
        if (const json::value* list = check->if_contains("organisations_seen"); list != nullptr && list->is_array()) {
          for (const json::value& item : list->get_array()) {
            const json::object* io = item.if_object();
            const json::value* name = io != nullptr ? io->if_contains("name") : nullptr;
            const json::value* domain = io != nullptr ? io->if_contains("domain") : nullptr;
            if (name != nullptr && name->is_string() && domain != nullptr && domain->is_string()) {
              seen.push_back(AddressedOrganisation{std::string(name->get_string()), std::string(domain->get_string())});
            }
          }
        }
        std::lock_guard lock(history_mu_);
        auto st = history_->record_sent(from->key(), now, sent_to, seen);
        if (!st) return error(st.error());
        learned = true;
      }
    }
  }
  return Reply{200, json::object{{"recorded", true}, {"seq", appended->seq}, {"learned", learned}}};
}

Reply Api::history_import(const json::value& params) {
  std::lock_guard lock(history_mu_);
  auto tally = import_history_json(db_, *history_, params, *profile());
  if (!tally) return error(tally.error());
  return Reply{200, import_tally_json(*tally, profile()->locale())};
}

Status Api::import_messages(const std::vector<ImportMessage>& messages, ImportTally& tally) {
  std::lock_guard lock(history_mu_);
  HistoryImporter importer(db_, *history_, *profile());
  for (const ImportMessage& m : messages) {
    if (auto st = importer.add(m, tally); !st) return st;
  }
  return importer.finish();
}

Status Api::forget_address(std::string_view address) {
  auto parsed = parse_mailbox(address);
  if (!parsed) return std::move(parsed).error();
  std::lock_guard lock(history_mu_);
  return history_->forget(parsed->key());
}

Reply Api::get_policy() const {
  const auto profile = this->profile();
  json::object body;
  body["policy_version"] = profile->version();
  body["profile"] = json::parse(profile->json_text(false));
  body["overrides"] = json::parse(profile->json_text(true));
  return Reply{200, std::move(body)};
}

Reply Api::audit(const AuditQuery& query) const {
  auto page = query_audit_log(audit_.file(), query);
  if (!page) return error(page.error());
  return Reply{200, audit_page_json(std::move(*page))};
}

Reply Api::put_policy(std::string_view document) {
  std::lock_guard put_lock(put_mu_);
  ProfileLoad loaded = load_profile(default_parameter_table(), document);
  if (!loaded.profile) return Reply{400, wire::problems_document(loaded.problems, profile()->locale())};
  // Persist first: if the file cannot be written, the old profile stays in force.
  if (auto st = write_file_atomically(config_.config_file, document, false); !st) return error(st.error());
  {
    std::lock_guard lock(mu_);
    profile_ = loaded.profile;
  }
  return Reply{200, json::object{{"applied", true}, {"policy_version", loaded.profile->version()}}};
}

}  // namespace sg
