// Wire names of verdict enumerations (api.md).
#include "core/verdict.h"

namespace sg {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::danger: return "danger";
  }
  return "info";
}

std::string_view action_name(Action a) {
  switch (a) {
    case Action::allow: return "allow";
    case Action::confirm: return "confirm";
    case Action::justify: return "justify";
    case Action::block: return "block";
  }
  return "block";
}

std::optional<Action> parse_action(std::string_view name) {
  if (name == "allow") return Action::allow;
  if (name == "confirm") return Action::confirm;
  if (name == "justify") return Action::justify;
  if (name == "block") return Action::block;
  return std::nullopt;
}

std::string_view target_kind_name(Target::Kind k) {
  switch (k) {
    case Target::Kind::recipient: return "recipient";
    case Target::Kind::attachment: return "attachment";
    case Target::Kind::body: return "body";
    case Target::Kind::subject: return "subject";
  }
  return "recipient";
}

std::string_view suggestion_kind_name(Suggestion::Kind k) {
  switch (k) {
    case Suggestion::Kind::replace_recipient: return "replace_recipient";
    case Suggestion::Kind::remove_recipient: return "remove_recipient";
    case Suggestion::Kind::move_to_bcc: return "move_to_bcc";
    case Suggestion::Kind::encrypt_attachments: return "encrypt_attachments";
    case Suggestion::Kind::attach_file: return "attach_file";
  }
  return "move_to_bcc";
}

}  // namespace sg
