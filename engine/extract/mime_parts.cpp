// The MIME structure of a mail message: leaf parts, their parameters and transfer decoding.
#include "extract/mime_parts.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "extract/mail_encoding.h"
#include "text/utf8.h"

namespace sg::extract {

namespace {

bool is_wsp(char c) {
  return c == ' ' || c == '\t';
}

struct Entity {
  std::string content_type;         // unfolded value, raw
  std::string content_disposition;  // unfolded value, raw
  std::string transfer_encoding;    // unfolded value, raw
  std::string_view body;
};

// Splits an entity into the header fields we need and its body (after the first empty line).
Entity split_entity(std::string_view e) {
  Entity out;
  std::string* current = nullptr;  // the field a folded line continues
  std::size_t pos = 0;
  for (;;) {
    if (pos >= e.size()) {
      out.body = {};
      return out;
    }
    if (pos >= kMaxMimeHeaderBytes) break;
    const std::size_t nl = e.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? e.size() : nl;
    std::string_view line = e.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = nl == std::string_view::npos ? e.size() : nl + 1;
    if (line.empty()) break;
    if (is_wsp(line.front())) {
      if (current != nullptr) *current += line;
      continue;
    }
    current = nullptr;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name = text::ascii_lower(text::trim(line.substr(0, colon)));
    const std::string_view value = line.substr(colon + 1);
    if (name == "content-type") current = &out.content_type;
    if (name == "content-disposition") current = &out.content_disposition;
    if (name == "content-transfer-encoding") current = &out.transfer_encoding;
    if (current != nullptr) current->assign(value);
  }
  out.body = e.substr(std::min(pos, e.size()));
  return out;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && mail::hex_digit_value(s[i + 1]) >= 0 &&
        mail::hex_digit_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(mail::hex_digit_value(s[i + 1]) * 16 + mail::hex_digit_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// One RFC 2231 section of a parameter: name*N or name*N* (extended: percent-encoded).
struct Section {
  bool extended = false;
  std::string value;
};

struct HeaderValue {
  std::string token;                          // "text/plain", "attachment": lower-case
  std::map<std::string, std::string> params;  // lower-case names; values UTF-8, decoded
};

// Joins the RFC 2231 sections of one parameter; the first extended section may start with
// "charset'language'".
std::string join_sections(const std::map<int, Section>& sections) {
  std::string charset;
  std::string bytes;
  bool first = true;
  for (const auto& [index, s] : sections) {
    std::string_view v = s.value;
    if (s.extended && first) {
      const std::size_t q1 = v.find('\'');
      const std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
      if (q2 != std::string_view::npos) {
        charset = std::string(v.substr(0, q1));
        v = v.substr(q2 + 1);
      }
    }
    bytes += s.extended ? percent_decode(v) : std::string(v);
    first = false;
  }
  if (!charset.empty()) {
    if (auto utf8 = mail::charset_to_utf8(bytes, charset, false)) return *utf8;
  }
  return mail::header_bytes_to_utf8(bytes);
}

// "type/subtype; a=b; c*=utf-8''%E3%81%82; d*0=x; d*1=y" -> token and parameters.
HeaderValue parse_header_value(std::string_view v) {
  HeaderValue out;
  const std::size_t semi = v.find(';');
  out.token = text::ascii_lower(text::trim(v.substr(0, semi)));
  std::map<std::string, std::map<int, Section>> sectioned;
  std::size_t i = semi == std::string_view::npos ? v.size() : semi + 1;
  while (i < v.size()) {
    while (i < v.size() && (is_wsp(v[i]) || v[i] == ';' || v[i] == '\r' || v[i] == '\n')) ++i;
    const std::size_t name_begin = i;
    while (i < v.size() && v[i] != '=' && v[i] != ';') ++i;
    const std::string name = text::ascii_lower(text::trim(v.substr(name_begin, i - name_begin)));
    if (i >= v.size() || v[i] != '=') continue;
    ++i;
    while (i < v.size() && is_wsp(v[i])) ++i;
    std::string value;
    if (i < v.size() && v[i] == '"') {
      for (++i; i < v.size() && v[i] != '"'; ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) ++i;
        value.push_back(v[i]);
      }
      if (i < v.size()) ++i;  // closing quote
    } else {
      const std::size_t begin = i;
      while (i < v.size() && v[i] != ';') ++i;
      value = std::string(text::trim(v.substr(begin, i - begin)));
    }
    if (name.empty()) continue;
    const std::size_t star = name.find('*');
    if (star == std::string::npos) {
      out.params[name] = mail::decode_encoded_words(mail::header_bytes_to_utf8(value));
      continue;
    }
    std::string_view rest = std::string_view(name).substr(star + 1);  // "", "*", "0", "0*", "1"...
    const bool extended = !rest.empty() && rest.back() == '*';
    if (extended) rest.remove_suffix(1);
    if (!rest.empty() && rest.front() == '*') rest.remove_prefix(1);
    int index = 0;
    for (char c : rest) {
      if (c < '0' || c > '9' || index > 1000) break;
      index = index * 10 + (c - '0');
    }
    sectioned[name.substr(0, star)][index] = Section{extended || rest.empty(), std::move(value)};
  }
  for (const auto& [name, sections] : sectioned) out.params[name] = join_sections(sections);
  return out;
}

MimePart describe(const Entity& e) {
  MimePart part;
  const HeaderValue type = parse_header_value(e.content_type);
  if (type.token.find('/') != std::string::npos) part.media_type = type.token;
  if (const auto it = type.params.find("charset"); it != type.params.end()) part.charset = it->second;
  const HeaderValue disposition = parse_header_value(e.content_disposition);
  if (const auto it = disposition.params.find("filename"); it != disposition.params.end()) {
    part.file_name = it->second;
  } else if (const auto name = type.params.find("name"); name != type.params.end()) {
    part.file_name = name->second;
  }
  part.attachment = disposition.token == "attachment" || !part.file_name.empty();
  part.transfer_encoding = text::ascii_lower(text::trim(e.transfer_encoding));
  part.body = e.body;
  return part;
}

std::string boundary_of(const Entity& e) {
  const HeaderValue type = parse_header_value(e.content_type);
  const auto it = type.params.find("boundary");
  return it == type.params.end() ? std::string() : it->second;
}

// The bodies between "--boundary" delimiter lines; an unterminated multipart ends at the end.
std::vector<std::string_view> split_multipart(std::string_view body, std::string_view boundary) {
  std::vector<std::string_view> parts;
  const std::string delimiter = "--" + std::string(boundary);
  std::optional<std::size_t> start;
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = body.find(delimiter, from);
    if (at == std::string_view::npos) break;
    from = at + 1;
    if (at != 0 && body[at - 1] != '\n') continue;
    std::size_t after = at + delimiter.size();
    const bool closing = body.substr(after, 2) == "--";
    if (closing) after += 2;
    const std::size_t line_end = std::min(body.find('\n', after), body.size());
    if (!text::trim(body.substr(after, line_end - after)).empty()) continue;  // a longer boundary
    if (start) {
      std::size_t end = at;
      if (end > *start && body[end - 1] == '\n') --end;
      if (end > *start && body[end - 1] == '\r') --end;
      parts.push_back(body.substr(*start, end - *start));
    }
    if (closing) return parts;
    start = std::min(line_end + 1, body.size());
    from = *start;
  }
  if (start) parts.push_back(body.substr(*start));
  return parts;
}

bool is_plain_text_alternative(std::string_view entity) {
  const MimePart p = describe(split_entity(entity));
  return p.media_type == "text/plain" && !p.attachment;
}

std::string decode_base64(std::string_view s) {
  std::string out;
  out.reserve(s.size() / 4 * 3);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    if (c == '=') break;
    const int v = mail::base64_digit_value(c);
    if (v < 0) continue;  // line breaks and stray characters
    acc = ((acc << 6) | static_cast<std::uint32_t>(v)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string decode_quoted_printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '=') {
      out.push_back(s[i]);
    } else if (i + 1 < s.size() && s[i + 1] == '\n') {
      i += 1;  // soft line break
    } else if (i + 2 < s.size() && s[i + 1] == '\r' && s[i + 2] == '\n') {
      i += 2;
    } else if (i + 2 < s.size() && mail::hex_digit_value(s[i + 1]) >= 0 && mail::hex_digit_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(mail::hex_digit_value(s[i + 1]) * 16 + mail::hex_digit_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back('=');
    }
  }
  return out;
}

}  // namespace

std::vector<MimePart> mime_leaf_parts(std::string_view message, Session& session, std::string_view location) {
  std::vector<MimePart> leaves;
  struct Pending {
    std::string_view entity;
    int depth = 0;
  };
  std::vector<Pending> stack{{message, 0}};
  while (!stack.empty()) {
    if (session.out_of_time(location)) break;
    const Pending p = stack.back();
    stack.pop_back();
    const Entity e = split_entity(p.entity);
    MimePart part = describe(e);
    if (part.media_type.rfind("multipart/", 0) != 0) {
      if (leaves.size() >= session.limits().max_entries) {
        session.problem(ProblemKind::too_many_entries, location,
                        "message has more than " + std::to_string(session.limits().max_entries) + " parts");
        break;
      }
      leaves.push_back(std::move(part));
      continue;
    }
    const std::string boundary = boundary_of(e);
    if (boundary.empty()) continue;  // a multipart without a boundary has no readable parts
    if (p.depth >= kMaxMimeNesting) {
      session.problem(ProblemKind::too_deep, location,
                      "multiparts nested more than " + std::to_string(kMaxMimeNesting) + " levels");
      continue;
    }
    std::vector<std::string_view> children = split_multipart(e.body, boundary);
    if (children.size() > session.limits().max_entries) {
      session.problem(ProblemKind::too_many_entries, location,
                      "multipart has more than " + std::to_string(session.limits().max_entries) + " parts");
      children.resize(session.limits().max_entries);
    }
    if (part.media_type == "multipart/alternative") {
      const auto plain = std::find_if(children.begin(), children.end(), is_plain_text_alternative);
      if (plain != children.end()) children = {*plain};
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back({*it, p.depth + 1});
  }
  return leaves;
}

std::string decode_transfer_encoding(std::string_view body, std::string_view encoding) {
  if (encoding == "base64") return decode_base64(body);
  if (encoding == "quoted-printable") return decode_quoted_printable(body);
  return std::string(body);
}

}  // namespace sg::extract
