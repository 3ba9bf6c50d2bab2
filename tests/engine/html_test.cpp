// HTML bodies become text that the rules can read, with quotes marked like plain-text quotes.
#include <doctest/doctest.h>

#include "text/html.h"

using sg::text::html_to_text;

TEST_CASE("tags go, block ends become line breaks, entities are decoded") {
  CHECK(html_to_text("<p>山田様</p><p>見積書を&amp;添付します&#12290;</p>") == "山田様\n見積書を&添付します。");
  CHECK(html_to_text("a<br>b<br/>c") == "a\nb\nc");
}

TEST_CASE("script and style content is dropped") {
  CHECK(html_to_text("<style>p{color:red}</style><script>alert(1)</script>hello") == "hello");
}

TEST_CASE("blockquote content is prefixed like a plain-text quote") {
  const std::string t = html_to_text("<div>thanks</div><blockquote type=\"cite\"><p>see attached</p></blockquote>");
  CHECK(t == "thanks\n> see attached");
}

TEST_CASE("unterminated markup does not run away") {
  CHECK(html_to_text("text <b") == "text");
  CHECK(html_to_text("<!-- never closed") == "");
}
