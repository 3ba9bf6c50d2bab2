// The draft a client asks about: sender, recipients by field, subject, body and attachments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/address.h"
#include "core/text.h"

namespace sg {

enum class Field { to, cc, bcc };
[[nodiscard]] std::string_view field_name(Field field);

enum class ComposeType { new_message, reply, reply_all, forward, draft };
[[nodiscard]] std::string_view compose_type_name(ComposeType type);
[[nodiscard]] std::optional<ComposeType> parse_compose_type(std::string_view name);

struct Attachment {
  std::string name;
  std::string content_type;
  std::uint64_t size = 0;              // as declared, or the decoded content's size
  std::optional<std::string> content;  // decoded bytes when the client sent them
};

struct Body {
  std::optional<std::string> text;
  std::optional<std::string> html;
};

struct Draft {
  std::string client_name;
  std::string client_version;
  std::optional<Locale> locale;  // the request's locale; the profile's when absent
  std::optional<Address> from;
  std::vector<Address> to;
  std::vector<Address> cc;
  std::vector<Address> bcc;
  std::string subject;
  Body body;
  std::vector<Attachment> attachments;
  ComposeType compose_type = ComposeType::new_message;
  std::vector<Address> original_recipients;

  [[nodiscard]] const std::vector<Address>& field(Field f) const;
};

}  // namespace sg
