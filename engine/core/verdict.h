// The verdict: findings that explain themselves, the score, and the action it leads to.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/address.h"
#include "core/draft.h"
#include "core/text.h"
#include "core/value.h"

namespace sg {

enum class Severity { info, warning, danger };
[[nodiscard]] std::string_view severity_name(Severity s);

// Ordered: allow < confirm < justify < block.
enum class Action { allow, confirm, justify, block };
[[nodiscard]] std::string_view action_name(Action a);
[[nodiscard]] std::optional<Action> parse_action(std::string_view name);

struct Target {
  enum class Kind { recipient, attachment, body, subject };
  Kind kind = Kind::recipient;
  std::string address;             // recipient: as written
  std::string name;                // attachment
  std::size_t start = 0, end = 0;  // body/subject: code-point offsets into the scored text
  // body/subject: the matched text, when safe to show; attachment: what was found inside, masked
  // where it is personal data ("****-****-****-1111")
  std::optional<std::string> quote;
  std::string location;  // attachment: where inside ("Sheet1", "page 2", "inner.zip/a.csv"); "" = the file

  static Target recipient(const Address& a) { return Target{Kind::recipient, a.address(), {}, 0, 0, {}, {}}; }
  static Target attachment(std::string n) { return Target{Kind::attachment, {}, std::move(n), 0, 0, {}, {}}; }
  static Target inside(std::string n, std::string where, std::optional<std::string> q) {
    return Target{Kind::attachment, {}, std::move(n), 0, 0, std::move(q), std::move(where)};
  }
  static Target span(Kind k, std::size_t s, std::size_t e, std::optional<std::string> q) {
    return Target{k, {}, {}, s, e, std::move(q), {}};
  }
};
[[nodiscard]] std::string_view target_kind_name(Target::Kind k);

struct Suggestion {
  enum class Kind { replace_recipient, remove_recipient, move_to_bcc, encrypt_attachments, attach_file };
  Kind kind = Kind::move_to_bcc;
  std::string address;                 // replace_recipient, remove_recipient
  std::string with;                    // replace_recipient
  std::vector<std::string> addresses;  // move_to_bcc
  std::vector<std::string> names;      // encrypt_attachments
};
[[nodiscard]] std::string_view suggestion_kind_name(Suggestion::Kind k);

// A finding id as a rule declares it (rspamd's symbol): the profile holds its live weight.
struct FindingSpec {
  std::string_view id;     // stable, e.g. "recipient.external"
  std::string_view group;  // "recipient", "attachment", "content"
  Severity severity;
  double default_weight;
  Text description;              // one line for docs and the console
  std::optional<Action> forces;  // e.g. recipient.blocked forces block whatever the score
};

struct Finding {
  std::string id;
  std::string group;
  Severity severity = Severity::info;
  double score = 0;    // weight x scale, filled in by the scorer
  double scale = 1.0;  // set by a rule whose finding grows with volume (not on the wire)
  Text message;
  std::vector<Target> targets;
  Value evidence = Value::object();
  std::optional<Suggestion> suggestion;
};

struct Thresholds {
  double confirm = 1.0;
  double justify = 8.0;
  double block = 15.0;
};

struct RecipientView {
  Address address;
  Field field = Field::to;
  bool internal = false;
  std::optional<bool> first_time;  // known once sending history exists
  std::vector<std::string> findings;
};

struct AttachmentView {
  std::string name;
  std::uint64_t size = 0;
  std::string content_type;
  bool encrypted = false;
  bool encrypt_recommended = false;
  std::vector<std::string> findings;
};

// Settings the add-ins need from the helpdesk's profile (they cannot read it themselves).
struct ClientSettings {
  std::string fail_mode = "closed";  // "closed" or "open"
  std::int64_t host_timeout_seconds = 20;
  std::int64_t countdown_seconds = 0;
};

// An organisation a mail shows at a domain: the one its salutation addresses ("株式会社アルファ
// 御中") when every external recipient in To is at one domain, or one in a signature block beside an
// address at that domain. What the mail, once sent, teaches the sender's history about where
// organisations are. Kept by the host with the check; not part of the wire verdict.
struct AddressedOrganisation {
  std::string name;    // as written in the salutation
  std::string domain;  // A-label
};

struct Verdict {
  std::string check_id;
  Action action = Action::allow;
  double score = 0;
  Thresholds thresholds;
  std::string policy_version;
  Locale locale = Locale::ja;
  std::vector<Finding> findings;
  std::vector<RecipientView> recipients;
  std::vector<AttachmentView> attachments;
  ClientSettings client;
  std::optional<AddressedOrganisation> addressed_organisation;  // the salutation's
  std::vector<AddressedOrganisation> organisations_seen;        // that one and the signatures'
};

}  // namespace sg
