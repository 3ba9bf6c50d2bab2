// The one parameter table: every profile setting's name, type, default, range and doc line.
#include "policy/parameters.h"

#include <fmt/format.h>

#include <algorithm>

namespace sg {

namespace {

ValueList strings(std::initializer_list<const char*> items) {
  ValueList out;
  for (const char* s : items) out.emplace_back(s);
  return out;
}

// Settings that do not belong to one rule. Rule options come from the rules themselves.
std::vector<Parameter> core_parameters() {
  std::vector<Parameter> p;
  p.push_back({"/profile_version",
               ParamType::integer,
               Value(1),
               1,
               1,
               {},
               Text{"この上書きファイルが前提とする既定値の版。既定値が変わっても判定が黙って変わらないようにする",
                    "Generation of the built-in defaults this override file was written against, so new "
                    "defaults never change verdicts silently"}});
  p.push_back(
      {"/locale",
       ParamType::choice,
       Value("ja"),
       {},
       {},
       {"ja", "en"},
       Text{"要求に locale がないときのメッセージの言語", "Language of messages when a request names no locale"}});
  p.push_back({"/organization/internal_domains",
               ParamType::domain_list,
               Value(ValueList{}),
               {},
               {},
               {},
               Text{"社内ドメイン（\"*.corp.example\" でサブドメインすべて）。空の間は送信者のドメインを社内とみなす",
                    "Internal domains (\"*.corp.example\" for every subdomain); while empty, the sender's own "
                    "domain counts as internal"}});
  p.push_back({"/thresholds/confirm",
               ParamType::number,
               Value(1.0),
               0,
               1000,
               {},
               Text{"この点数以上で確認ダイアログを表示する", "Score from which the check dialog is shown"}});
  p.push_back({"/thresholds/justify",
               ParamType::number,
               Value(8.0),
               0,
               1000,
               {},
               Text{"この点数以上で送信理由の入力を求める", "Score from which the sender must type a reason"}});
  p.push_back({"/thresholds/block",
               ParamType::number,
               Value(15.0),
               0,
               1000,
               {},
               Text{"この点数以上で送信できない", "Score from which the mail cannot be sent"}});
  p.push_back({"/lists/watch",
               ParamType::address_or_domain_list,
               Value(ValueList{}),
               {},
               {},
               {},
               Text{"再確認を求める宛先（アドレスまたはドメイン）", "Recipients to reconfirm (addresses or domains)"}});
  p.push_back({"/lists/blocked",
               ParamType::address_or_domain_list,
               Value(ValueList{}),
               {},
               {},
               {},
               Text{"送信を禁止する宛先（アドレスまたはドメイン）",
                    "Recipients that may never receive mail (addresses or domains)"}});
  p.push_back({"/lists/keywords",
               ParamType::string_list,
               Value(strings({"社外秘", "部外秘", "極秘", "厳秘", "関係者外秘", "取扱注意", "confidential",
                              "internal only", "internal use only", "do not forward"})),
               {},
               {},
               {},
               Text{"件名・本文で検出するキーワード（NFKC 正規化後、大文字小文字を区別しない）",
                    "Keywords found in subject and body (after NFKC normalisation, case-insensitive)"}});
  p.push_back({"/lists/patterns",
               ParamType::pattern_list,
               Value(ValueList{}),
               {},
               {},
               {},
               Text{"件名・本文・添付ファイルで検出する独自のパターン（\"社員番号 = EMP-\\d{6}\"、RE2 の正規表現。"
                    "NFKC 正規化後、大文字小文字を区別しない）。content.keyword として報告する",
                    "Patterns of your own found in subject, body and attachments (\"employee number = "
                    "EMP-\\d{6}\", RE2 syntax, after NFKC normalisation, case-insensitive); reported as "
                    "content.keyword"}});
  p.push_back({"/lists/freemail_domains",
               ParamType::domain_list,
               Value(strings({"gmail.com",     "googlemail.com", "yahoo.co.jp", "ymail.ne.jp",    "yahoo.com",
                              "outlook.com",   "outlook.jp",     "hotmail.com", "hotmail.co.jp",  "live.jp",
                              "live.com",      "msn.com",        "icloud.com",  "me.com",         "mac.com",
                              "aol.com",       "docomo.ne.jp",   "ezweb.ne.jp", "au.com",         "softbank.ne.jp",
                              "i.softbank.jp", "ymobile.ne.jp",  "rakuten.jp",  "excite.co.jp",   "gmx.com",
                              "gmx.net",       "mail.com",       "proton.me",   "protonmail.com", "zoho.com",
                              "yandex.com",    "qq.com",         "163.com",     "126.com",        "naver.com"})),
               {},
               {},
               {},
               Text{"個人・フリーメールのドメイン", "Personal and free-mail domains"}});
  p.push_back(
      {"/lists/customers",
       ParamType::organisation_list,
       Value(ValueList{}),
       {},
       {},
       {},
       Text{"取引先とそのドメイン（\"株式会社アルファ = alpha.example, alpha.co.jp\"）。添付ファイルが宛先と別の"
            "取引先に宛てたものかの判定に使う",
            "Customers and their domains (\"Alpha Corp. = alpha.example, alpha.co.jp\"), so an attachment "
            "addressed to one customer is caught on its way to another"}});
  p.push_back({"/encryption/method",
               ParamType::choice,
               Value("zip-aes256"),
               {},
               {},
               {"zip-aes256"},
               Text{"添付ファイルの暗号化方式", "How attachments are encrypted"}});
  p.push_back({"/encryption/password_length",
               ParamType::integer,
               Value(16),
               12,
               64,
               {},
               Text{"生成するパスワードの文字数", "Length of generated passwords"}});
  p.push_back({"/encryption/password_alphabet",
               ParamType::choice,
               Value("no_lookalikes"),
               {},
               {},
               {"no_lookalikes", "alphanumeric", "lowercase_digits"},
               Text{"生成するパスワードの文字種: no_lookalikes（英大小文字・数字・記号、紛らわしい文字なし）、"
                    "alphanumeric（記号なし）、lowercase_digits（英小文字と数字、電話で伝えやすい）",
                    "Characters of generated passwords: no_lookalikes (letters, digits, symbols; no "
                    "look-alikes), alphanumeric (no symbols), lowercase_digits (easy to read over the phone)"}});
  p.push_back({"/encryption/recommend_for_external",
               ParamType::boolean,
               Value(true),
               {},
               {},
               {},
               Text{"社外宛ての暗号化されていない添付に暗号化を勧める",
                    "Recommend encrypting unencrypted attachments that go outside"}});
  p.push_back({"/client/fail_mode",
               ParamType::choice,
               Value("closed"),
               {},
               {},
               {"closed", "open"},
               Text{"ホストに届かない・応答しないときの動作。closed は送信を止める（既定）、open は送信して知らせる",
                    "What an add-in does when the host is missing, slow or broken: closed keeps the mail "
                    "(default), open sends it and says so"}});
  p.push_back(
      {"/client/host_timeout_seconds",
       ParamType::integer,
       Value(20),
       2,
       300,
       {},
       Text{"アドインがホストの判定を待つ最長時間（秒）", "Longest an add-in waits for the host's verdict (seconds)"}});
  p.push_back({"/dialog/countdown_seconds",
               ParamType::integer,
               Value(0),
               0,
               60,
               {},
               Text{"確認後、送信までのカウントダウン（秒、0 でなし）。その間に取り消せる",
                    "Countdown between confirming and sending (seconds, 0 for none), during which the "
                    "sender can still cancel"}});
  p.push_back({"/outlook/send_mode",
               ParamType::choice,
               Value("soft-block"),
               {},
               {},
               {"soft-block", "block", "prompt-user"},
               Text{"Outlook の送信モード。soft-block（既定）は指摘に対応するまで送信させず、アドインが動かないときは"
                    "「送信する」を選べる。block はホストが応答するまで決して送信させない。prompt-user は警告のみ",
                    "Outlook's send mode: soft-block (default) keeps the mail until the findings are dealt with and "
                    "lets the user send when the add-in cannot run; block never sends unchecked; prompt-user "
                    "only warns"}});
  p.push_back({"/host/allowed_origins",
               ParamType::origin_list,
               Value(ValueList{}),
               {},
               {},
               {},
               Text{"ブラウザからホストの API を呼び出せるアドインのオリジン（\"https://addin.example.com\" の形）。"
                    "ホスト自身のオリジンは常に許可される",
                    "Origins of add-ins that may call the host's API from a browser (\"https://addin.example.com\"); "
                    "the host's own origins are always allowed"}});
  return p;
}

double default_group_cap(std::string_view group) {
  // Caps keep many weak findings of one kind below one strong finding elsewhere.
  if (group == "recipient") return 12.0;
  return 10.0;
}

}  // namespace

std::string_view param_type_name(ParamType t) {
  switch (t) {
    case ParamType::number: return "number";
    case ParamType::integer: return "integer";
    case ParamType::boolean: return "boolean";
    case ParamType::choice: return "choice";
    case ParamType::string_list: return "string list";
    case ParamType::domain_list: return "domain list";
    case ParamType::address_or_domain_list: return "address or domain list";
    case ParamType::extension_list: return "extension list";
    case ParamType::origin_list: return "origin list";
    case ParamType::organisation_list: return "organisation list";
    case ParamType::pattern_list: return "pattern list";
  }
  return "value";
}

std::string pointer_escape(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Parameter rule_option(std::string_view finding_id, std::string_view name, ParamType type, Value default_value, Text doc,
                      std::optional<double> min, std::optional<double> max) {
  Parameter p;
  p.pointer = fmt::format("/rules/{}/{}", pointer_escape(finding_id), pointer_escape(name));
  p.type = type;
  p.default_value = std::move(default_value);
  p.min = min;
  p.max = max;
  p.doc = std::move(doc);
  return p;
}

ParameterTable::ParameterTable(std::span<const FindingSpec> findings, std::vector<Parameter> rule_options)
    : findings_(findings.begin(), findings.end()) {
  params_ = core_parameters();
  std::vector<std::string> groups;
  for (const FindingSpec& f : findings_) {
    params_.push_back({"/weights/" + pointer_escape(f.id),
                       ParamType::number,
                       Value(f.default_weight),
                       0,
                       100,
                       {},
                       Text{fmt::format("{} の重み（0 で無効）: {}", f.id, f.description.ja),
                            fmt::format("Weight of {} (0 disables it): {}", f.id, f.description.en)}});
    if (std::find(groups.begin(), groups.end(), f.group) == groups.end()) groups.emplace_back(f.group);
  }
  for (const std::string& g : groups) {
    params_.push_back(
        {"/group_caps/" + pointer_escape(g),
         ParamType::number,
         Value(default_group_cap(g)),
         0,
         1000,
         {},
         Text{fmt::format("{} グループの点数の上限", g), fmt::format("Highest score the {} group can add", g)}});
  }
  for (Parameter& p : rule_options) params_.push_back(std::move(p));

  for (std::size_t i = 0; i < params_.size(); ++i) {
    const std::string& ptr = params_[i].pointer;
    by_pointer_.emplace(ptr, i);
    for (std::size_t slash = ptr.find('/', 1); slash != std::string::npos; slash = ptr.find('/', slash + 1)) {
      objects_.emplace(ptr.substr(0, slash), true);
    }
  }
}

std::optional<std::size_t> ParameterTable::index_of(std::string_view pointer) const {
  auto it = by_pointer_.find(std::string(pointer));
  if (it == by_pointer_.end()) return std::nullopt;
  return it->second;
}

bool ParameterTable::is_object(std::string_view pointer) const {
  return pointer.empty() || objects_.contains(std::string(pointer));
}

const FindingSpec* ParameterTable::finding(std::string_view id) const {
  for (const FindingSpec& f : findings_) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

}  // namespace sg
