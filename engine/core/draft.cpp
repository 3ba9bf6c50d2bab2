// Names of draft enumerations as they appear on the wire.
#include "core/draft.h"

namespace sg {

std::string_view field_name(Field field) {
  switch (field) {
    case Field::to: return "to";
    case Field::cc: return "cc";
    case Field::bcc: return "bcc";
  }
  return "to";
}

std::string_view compose_type_name(ComposeType type) {
  switch (type) {
    case ComposeType::new_message: return "new";
    case ComposeType::reply: return "reply";
    case ComposeType::reply_all: return "reply_all";
    case ComposeType::forward: return "forward";
    case ComposeType::draft: return "draft";
  }
  return "new";
}

std::optional<ComposeType> parse_compose_type(std::string_view name) {
  if (name == "new") return ComposeType::new_message;
  if (name == "reply") return ComposeType::reply;
  if (name == "reply_all") return ComposeType::reply_all;
  if (name == "forward") return ComposeType::forward;
  if (name == "draft") return ComposeType::draft;
  return std::nullopt;
}

const std::vector<Address>& Draft::field(Field f) const {
  switch (f) {
    case Field::to: return to;
    case Field::cc: return cc;
    case Field::bcc: return bcc;
  }
  return to;
}

}  // namespace sg
