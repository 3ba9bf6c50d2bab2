// Which lines of a plain-text body the sender wrote now, as opposed to quoted history
// ("> ..." lines, "... wrote:" attributions, "-----Original Message-----" blocks, Outlook
// "From:/Sent:" headers) and the signature ("-- " or a separator line closing the body).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace sg::text {

struct Span {
  std::size_t begin = 0;  // byte offsets into the body
  std::size_t end = 0;
};

struct MessageParts {
  std::vector<Span> own_lines;  // lines the sender wrote now (signature and quotes excluded)
  std::size_t own_end = 0;      // byte offset where quoted history or the signature begins
  std::size_t quote_begin = 0;  // byte offset where quoted history begins (body size if none)
};

[[nodiscard]] MessageParts split_message(std::string_view body);

}  // namespace sg::text
