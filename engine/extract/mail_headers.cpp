// The header block of one sent RFC 5322 message: sender, recipients, subject, date, Message-ID.
#include "extract/mail_headers.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "extract/mail_date.h"
#include "extract/mail_encoding.h"
#include "text/utf8.h"

namespace sg::mail {

namespace {

Error too_large_block() {
  const std::string n = std::to_string(kMaxHeaderBlockBytes);
  return make_error(ErrorCode::too_large, Text{"ヘッダー部分が " + n + " バイトを超えています",
                                               "the header block is larger than " + n + " bytes"});
}

Error too_many_addresses(std::size_t max) {
  const std::string n = std::to_string(max);
  return make_error(ErrorCode::too_large, Text{"アドレスが多すぎます（1 通あたり " + n + " 件まで）",
                                               "too many addresses (at most " + n + " per message)"});
}

Error no_header_fields() {
  return make_error(ErrorCode::invalid_request, Text{"ヘッダーがありません（メールの形式ではありません）",
                                                     "no header field: this is not a mail message"});
}

// ---- address lists ----

// Index just past the quoted string starting at s[i] (s.size() when it is not closed).
std::size_t skip_quoted(std::string_view s, std::size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return s.size();
}

// Index just past the (possibly nested) comment starting at s[i] (s.size() when it is not closed).
std::size_t skip_comment(std::string_view s, std::size_t i) {
  int depth = 0;
  for (; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '(') {
      ++depth;
    } else if (s[i] == ')' && --depth == 0) {
      return i + 1;
    }
  }
  return s.size();
}

bool is_wsp(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// True when `s` holds nothing but white space and comments.
bool is_blank(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '(') {
      i = skip_comment(s, i);
    } else if (is_wsp(s[i])) {
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

// Splits an address list at top-level "," and ";" (outside quotes, comments, <...> and [...]);
// a group's "name:" prefix is dropped, so its members become ordinary entries.
class EntrySplitter {
 public:
  EntrySplitter(std::string_view s, std::size_t max_entries) : s_(s), max_(max_entries) {}

  Result<std::vector<std::string_view>> split() {
    for (std::size_t i = 0; i < s_.size();) {
      const char c = s_[i];
      if (c == '"') {
        i = skip_quoted(s_, i);
        continue;
      }
      if (c == '(') {
        i = skip_comment(s_, i);
        continue;
      }
      ++i;
      if (!consume(c, i)) return too_many_addresses(max_);
    }
    if (!emit(s_.size())) return too_many_addresses(max_);
    return std::move(entries_);
  }

 private:
  std::string_view s_;
  std::size_t max_;
  std::vector<std::string_view> entries_;
  std::size_t start_ = 0;
  bool in_group_ = false;
  bool in_angle_ = false;
  bool in_literal_ = false;

  // Tracks <...> and [...], starts groups and ends entries at `c` (the character before index
  // `next`); false when an entry would exceed the limit.
  bool consume(char c, std::size_t next) {
    if (c == '<') in_angle_ = true;
    if (c == '>') in_angle_ = false;
    if (c == '[') in_literal_ = true;
    if (c == ']') in_literal_ = false;
    if (in_angle_ || in_literal_) return true;
    if (c == ':' && !in_group_) {
      in_group_ = true;  // group display name: dropped
      start_ = next;
    } else if (c == ',' || c == ';') {
      if (!emit(next - 1)) return false;
      start_ = next;
      if (c == ';') in_group_ = false;
    }
    return true;
  }

  bool emit(std::size_t end) {
    const std::string_view entry = text::trim(s_.substr(start_, end - start_));
    if (is_blank(entry)) return true;
    if (entries_.size() >= max_) return false;
    entries_.push_back(entry);
    return true;
  }
};

// Index of the last '<' outside quotes and comments; npos when there is none.
std::size_t top_level_angle(std::string_view s) {
  std::size_t found = std::string_view::npos;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '"') {
      i = skip_quoted(s, i);
    } else if (s[i] == '(') {
      i = skip_comment(s, i);
    } else {
      if (s[i] == '<') found = i;
      ++i;
    }
  }
  return found;
}

// Drops an obsolete source route: "<@relay1,@relay2:user@host>" becomes "<user@host>".
std::string without_route(std::string_view entry) {
  const std::size_t angle = top_level_angle(entry);
  if (angle == std::string_view::npos) return std::string(entry);
  std::size_t k = angle + 1;
  while (k < entry.size() && is_wsp(entry[k])) ++k;
  if (k >= entry.size() || entry[k] != '@') return std::string(entry);
  const std::size_t colon = entry.find(':', k);
  if (colon == std::string_view::npos || colon > entry.find('>', k)) return std::string(entry);
  return std::string(entry.substr(0, angle + 1)) + std::string(entry.substr(colon + 1));
}

// Appends the content of the quoted string at s[i] to `out`, escapes resolved; moves i past it.
void append_unquoted(std::string_view s, std::size_t& i, std::string& out) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '"') {
      ++i;
      return;
    }
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out.push_back(s[i]);
  }
}

// A display-name phrase as text: quoted strings unquoted and unescaped, comments dropped.
std::string phrase_text(std::string_view phrase) {
  std::string out;
  for (std::size_t i = 0; i < phrase.size();) {
    if (phrase[i] == '(') {
      i = skip_comment(phrase, i);
      out.push_back(' ');
    } else if (phrase[i] == '"') {
      append_unquoted(phrase, i, out);
    } else {
      out.push_back(phrase[i++]);
    }
  }
  return out;
}

std::string clean_name(std::string_view name) {
  return collapse_whitespace(decode_encoded_words(name));
}

// When only the display name is out of line ("a@b.example <a@b.example>", "Sato [Sales] <s@x>"),
// the angle address alone is parsed strictly and the name is taken as written.
std::optional<Address> parse_with_loose_name(std::string_view entry) {
  const std::size_t angle = top_level_angle(entry);
  if (angle == std::string_view::npos || angle > kMaxMailboxTextBytes) return std::nullopt;
  auto address = parse_mailbox(entry.substr(angle));
  if (!address) return std::nullopt;
  address->name = clean_name(phrase_text(entry.substr(0, angle)));
  return std::move(*address);
}

std::optional<Address> parse_entry(std::string_view entry) {
  const std::string text = without_route(entry);
  if (auto address = parse_mailbox(text)) {
    address->name = clean_name(address->name);
    return std::move(*address);
  }
  return parse_with_loose_name(text);
}

// `s` cut to at most `max` bytes without splitting a UTF-8 sequence.
std::string cut_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

// ---- the header block ----

enum class FieldId { from, to, cc, bcc, date, subject, message_id, other };

struct Field {
  FieldId id;
  std::string value;  // unfolded, as raw bytes
};

FieldId field_id(std::string_view name) {
  constexpr std::pair<std::string_view, FieldId> kKnown[] = {{"from", FieldId::from},
                                                             {"to", FieldId::to},
                                                             {"cc", FieldId::cc},
                                                             {"bcc", FieldId::bcc},
                                                             {"date", FieldId::date},
                                                             {"subject", FieldId::subject},
                                                             {"message-id", FieldId::message_id}};
  for (const auto& [known, id] : kKnown) {
    if (text::iequals_ascii(name, known)) return id;
  }
  return FieldId::other;
}

bool is_field_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126 || c == ':') return false;
  }
  return true;
}

struct Line {
  std::string_view text;  // without its LF or CRLF
  std::size_t next = 0;   // offset of the following line
};

Line next_line(std::string_view s, std::size_t pos) {
  const std::size_t nl = s.find('\n', pos);
  const std::size_t end = nl == std::string_view::npos ? s.size() : nl;
  std::string_view text = s.substr(pos, end - pos);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return Line{text, nl == std::string_view::npos ? s.size() : nl + 1};
}

// The name of a header field line, trailing blanks removed; empty when the line is not a field.
std::string_view field_name(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return {};
  std::string_view name = line.substr(0, colon);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  return is_field_name(name) ? name : std::string_view{};
}

// Where the header fields start: after a UTF-8 byte order mark and an mbox "From " line.
std::size_t header_start(std::string_view raw) {
  std::size_t pos = raw.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const Line first = next_line(raw, pos);
  if (first.text.starts_with("From ") && field_name(first.text).empty()) pos = first.next;
  return pos;
}

// The fields SendGuard reads, unfolded, in order. A line that is neither a field nor a
// continuation ends the block, as if the empty line were missing.
Result<std::vector<Field>> read_fields(std::string_view raw) {
  const std::size_t start = header_start(raw);
  const std::string_view window = raw.substr(0, std::min(raw.size(), start + kMaxHeaderBlockBytes + 2));
  std::vector<Field> fields;
  bool any_field = false;
  bool keep_current = false;  // the field being continued is one we keep
  for (std::size_t pos = start; pos < window.size();) {
    const Line line = next_line(window, pos);
    if (line.text.empty()) break;
    const bool folded = line.text[0] == ' ' || line.text[0] == '\t';
    const std::string_view name = folded ? std::string_view{} : field_name(line.text);
    // A line cut off by the end of the input may be a field cut short: past the limit, it counts.
    const bool cut = line.next == window.size() && window.back() != '\n';
    if (line.next - start > kMaxHeaderBlockBytes && (folded || !name.empty() || cut)) return too_large_block();
    if (!folded && name.empty()) break;
    pos = line.next;
    if (folded) {
      if (keep_current) fields.back().value += line.text;
      continue;
    }
    any_field = true;
    const FieldId id = field_id(name);
    keep_current = id != FieldId::other;
    if (keep_current) fields.push_back(Field{id, std::string(line.text.substr(line.text.find(':') + 1))});
  }
  if (!any_field) return no_header_fields();
  return fields;
}

const Field* first_field(const std::vector<Field>& fields, FieldId id) {
  for (const Field& f : fields) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

// "<abc@host>" (with comments or spaces around) gives "abc@host"; without <> the first word.
std::string message_id(std::string_view value) {
  const std::string text = header_bytes_to_utf8(value);
  const std::size_t open = text.find('<');
  const std::size_t close = open == std::string::npos ? std::string::npos : text.find('>', open);
  if (close != std::string::npos) {
    return std::string(text::trim(std::string_view(text).substr(open + 1, close - open - 1)));
  }
  const std::string_view trimmed = text::trim(text);
  return std::string(trimmed.substr(0, trimmed.find_first_of(" \t(")));
}

std::vector<Address>* recipients(SentMessage& msg, FieldId id) {
  switch (id) {
    case FieldId::to: return &msg.to;
    case FieldId::cc: return &msg.cc;
    case FieldId::bcc: return &msg.bcc;
    default: return nullptr;
  }
}

// Parses the first From and every To/Cc/Bcc in order, sharing the per-message address budget.
Status read_addresses(const std::vector<Field>& fields, SentMessage& msg) {
  std::size_t budget = kMaxAddressesPerMessage;
  bool from_seen = false;
  for (const Field& f : fields) {
    std::vector<Address>* into = recipients(msg, f.id);
    const bool is_from = f.id == FieldId::from && !std::exchange(from_seen, true);
    if (into == nullptr && !is_from) continue;
    auto list = parse_address_list(f.value, budget);
    if (!list) return too_many_addresses(kMaxAddressesPerMessage);
    budget -= list->addresses.size() + list->skipped.size();
    for (std::string& s : list->skipped) msg.skipped.push_back(std::move(s));
    if (is_from && !list->addresses.empty()) msg.from = std::move(list->addresses.front());
    if (into != nullptr) std::move(list->addresses.begin(), list->addresses.end(), std::back_inserter(*into));
  }
  return Ok{};
}

}  // namespace

Result<AddressList> parse_address_list(std::string_view value, std::size_t max_entries) {
  const std::string text = header_bytes_to_utf8(value);
  auto entries = EntrySplitter(text, max_entries).split();
  if (!entries) return entries.error();
  AddressList out;
  for (std::string_view entry : *entries) {
    if (auto address = parse_entry(entry)) {
      out.addresses.push_back(std::move(*address));
    } else {
      out.skipped.push_back(cut_utf8(entry, kMaxSkippedTextBytes));
    }
  }
  return out;
}

Result<SentMessage> parse_message_headers(std::string_view raw_message) {
  auto fields = read_fields(raw_message);
  if (!fields) return fields.error();
  SentMessage msg;
  if (auto st = read_addresses(*fields, msg); !st) return st.error();
  if (const Field* f = first_field(*fields, FieldId::date)) {
    if (auto t = parse_mail_date(f->value)) {
      msg.date = *t;
      msg.date_valid = true;
    }
  }
  if (const Field* f = first_field(*fields, FieldId::subject)) {
    msg.subject = collapse_whitespace(decode_encoded_words(header_bytes_to_utf8(f->value)));
  }
  if (const Field* f = first_field(*fields, FieldId::message_id)) msg.message_id = message_id(f->value);
  return msg;
}

}  // namespace sg::mail
