// The MIME structure of a mail message (.eml, message/rfc822): its leaf parts with their type,
// charset, file name and transfer-decoded content, multiparts walked without recursion limits
// being left to chance.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extract_session.h"

namespace sg::extract {

// Multiparts nested deeper than this inside one message are not opened.
inline constexpr int kMaxMimeNesting = 16;
// A header block larger than this ends the part's headers there (the rest is body).
inline constexpr std::size_t kMaxMimeHeaderBytes = 256 * 1024;

struct MimePart {
  std::string media_type = "text/plain";  // lower-case "type/subtype"
  std::string charset;                    // as declared; empty when absent
  std::string file_name;                  // UTF-8 (RFC 2231 and RFC 2047 decoded); empty when absent
  bool attachment = false;                // Content-Disposition: attachment, or a file name given
  std::string transfer_encoding;          // lower-case; empty when absent
  std::string_view body;                  // still transfer-encoded; a view into the message
};

// The leaf parts of `message` in order. In a multipart/alternative only the text/plain
// alternative is kept when there is one (the others say the same again); message/rfc822 parts
// are leaves (the caller opens them as messages). Over max_entries parts or kMaxMimeNesting levels,
// the rest is skipped with a problem recorded at `location`.
[[nodiscard]] std::vector<MimePart> mime_leaf_parts(std::string_view message, Session& session,
                                                    std::string_view location);

// The content of a part with its transfer encoding (base64, quoted-printable) removed; other
// encodings (7bit, 8bit, binary, unknown) are returned as they are.
[[nodiscard]] std::string decode_transfer_encoding(std::string_view body, std::string_view encoding);

}  // namespace sg::extract
