// HTML to plain text for scanning: tags dropped, block ends as line breaks, entities decoded,
// <blockquote> content prefixed with "> " so quoted history is recognised like plain-text quotes.
#pragma once

#include <string>
#include <string_view>

namespace sg::text {

[[nodiscard]] std::string html_to_text(std::string_view html);

}  // namespace sg::text
