// Strict RFC 5322 mailbox parsing (with RFC 6532 UTF-8) and IDNA domain normalisation.
#include "core/address.h"

#include <unicode/bytestream.h>
#include <unicode/idna.h>

#include <memory>
#include <vector>

#include "text/utf8.h"

namespace sg {

namespace {

Error bad(std::string en, std::string ja) {
  return make_error(ErrorCode::invalid_request, Text{std::move(ja), std::move(en)});
}

bool is_atext_ascii(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '/':
    case '=':
    case '?':
    case '^':
    case '_':
    case '`':
    case '{':
    case '|':
    case '}':
    case '~': return true;
    default: return false;
  }
}

// Recursive-descent parser over one mailbox. Positions are byte offsets into the input.
class MailboxParser {
 public:
  explicit MailboxParser(std::string_view s) : s_(s) {}

  Result<Address> parse() {
    if (s_.size() > kMaxMailboxTextBytes) {
      return bad("the address is longer than " + std::to_string(kMaxMailboxTextBytes) + " bytes",
                 "アドレスが " + std::to_string(kMaxMailboxTextBytes) + " バイトを超えています");
    }
    if (!text::is_valid_utf8(s_)) {
      return bad("the address is not valid UTF-8", "アドレスが正しい UTF-8 ではありません");
    }
    if (text::trim(s_).empty()) return bad("the address is empty", "アドレスが空です");
    return has_top_level_angle() ? name_addr() : bare_addr_spec();
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
  std::vector<std::string> comments_;

  [[nodiscard]] bool at_end() const { return i_ >= s_.size(); }
  [[nodiscard]] char peek() const { return at_end() ? '\0' : s_[i_]; }

  // True when '<' occurs outside quoted strings and comments: the name-addr form.
  [[nodiscard]] bool has_top_level_angle() const {
    int depth = 0;
    bool quoted = false;
    for (std::size_t k = 0; k < s_.size(); ++k) {
      const char c = s_[k];
      if (c == '\\' && (quoted || depth > 0)) {
        ++k;
      } else if (quoted) {
        if (c == '"') quoted = false;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')' && depth > 0) {
        --depth;
      } else if (depth == 0 && c == '"') {
        quoted = true;
      } else if (depth == 0 && c == '<') {
        return true;
      }
    }
    return false;
  }

  // Folding white space and comments; sets saw_space when any was skipped.
  Status skip_cfws(bool* saw_space = nullptr) {
    for (;;) {
      if (at_end()) return Ok{};
      const char c = peek();
      if (c == ' ' || c == '\t') {
        ++i_;
      } else if (c == '\r' && i_ + 2 < s_.size() && s_[i_ + 1] == '\n' && (s_[i_ + 2] == ' ' || s_[i_ + 2] == '\t')) {
        i_ += 2;  // CRLF followed by WSP is a fold
      } else if (c == '(') {
        if (auto st = comment(); !st) return st;
      } else {
        return Ok{};
      }
      if (saw_space) *saw_space = true;
    }
  }

  Status comment() {
    ++i_;  // '('
    int depth = 1;
    std::string text;
    while (!at_end()) {
      const char c = s_[i_];
      if (c == '\\') {
        if (i_ + 1 >= s_.size()) break;
        text.push_back(s_[i_ + 1]);
        i_ += 2;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
        return bad("control character in a comment", "コメント内に制御文字があります");
      }
      ++i_;
      if (c == '(') {
        ++depth;
      } else if (c == ')') {
        if (--depth == 0) {
          comments_.push_back(std::string(text::trim(text)));
          return Ok{};
        }
      }
      text.push_back(c);
    }
    return bad("unterminated comment: '(' without ')'", "コメントが閉じられていません（「)」がありません）");
  }

  Result<std::string> quoted_string() {
    ++i_;  // opening quote
    std::string out;
    while (!at_end()) {
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        return out;
      }
      if (c == '\\') {
        if (i_ + 1 >= s_.size()) break;
        out.push_back(s_[i_ + 1]);
        i_ += 2;
        continue;
      }
      if (c == '\r' || c == '\n' || (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) {
        return bad("control character in a quoted string", "引用符で囲まれた部分に制御文字があります");
      }
      out.push_back(c);
      ++i_;
    }
    return bad("unterminated quoted string: '\"' without its closing '\"'", "引用符（\"）が閉じられていません");
  }

  // atext+ where any non-ASCII UTF-8 sequence counts as atext (RFC 6532).
  std::string atom() {
    const std::size_t start = i_;
    while (!at_end()) {
      const char c = s_[i_];
      if (static_cast<unsigned char>(c) >= 0x80) {
        text::decode_utf8(s_, i_);
      } else if (is_atext_ascii(c)) {
        ++i_;
      } else {
        break;
      }
    }
    return std::string(s_.substr(start, i_ - start));
  }

  [[nodiscard]] bool at_atext() const {
    return !at_end() && (static_cast<unsigned char>(peek()) >= 0x80 || is_atext_ascii(peek()));
  }

  Error unexpected(std::string_view where_en, std::string_view where_ja) const {
    if (at_end()) {
      return bad(std::string("the address ends too early in ") + std::string(where_en),
                 std::string(where_ja) + "の途中でアドレスが終わっています");
    }
    std::size_t k = i_;
    std::string ch;
    text::append_utf8(ch, text::decode_utf8(s_, k));
    return bad("unexpected '" + ch + "' in " + std::string(where_en) + " at byte " + std::to_string(i_),
               std::string(where_ja) + "の " + std::to_string(i_) + " バイト目に予期しない「" + ch + "」があります");
  }

  // display-name (phrase, with obs-phrase's "." allowed after the first word) then angle-addr.
  Result<Address> name_addr() {
    std::string name;
    bool first = true;
    for (;;) {
      bool space = false;
      if (auto st = skip_cfws(&space); !st) return st.error();
      if (peek() == '<') break;
      std::string word;
      if (peek() == '"') {
        auto q = quoted_string();
        if (!q) return q.error();
        word = std::move(*q);
      } else if (at_atext()) {
        word = atom();
      } else if (peek() == '.' && !first) {
        ++i_;
        word = ".";
        space = space && !name.empty() && name.back() != '.';
      } else {
        return unexpected("the display name (quote a name that holds , ; : @ or similar)",
                          "表示名（, ; : @ などを含む名前は引用符で囲んでください）");
      }
      if (!first && space && word != ".") name.push_back(' ');
      name += word;
      first = false;
    }
    ++i_;  // '<'
    auto spec = addr_spec();
    if (!spec) return spec;
    if (auto st = skip_cfws(); !st) return st.error();
    if (peek() != '>') return unexpected("the address inside <...>", "<...> 内のアドレス");
    ++i_;
    if (auto st = skip_cfws(); !st) return st.error();
    if (!at_end()) {
      return unexpected("the text after '>' (one address per entry)", "「>」の後ろ（1 項目に 1 アドレス）");
    }
    spec->name = std::string(text::trim(name));
    return spec;
  }

  Result<Address> bare_addr_spec() {
    auto spec = addr_spec();
    if (!spec) return spec;
    if (auto st = skip_cfws(); !st) return st.error();
    if (!at_end()) {
      return unexpected("the text after the address (one address per entry)", "アドレスの後ろ（1 項目に 1 アドレス）");
    }
    // Old style "taro@example.com (Taro Yamada)": the comment names the mailbox.
    if (!comments_.empty()) spec->name = comments_.back();
    return spec;
  }

  Result<Address> addr_spec() {
    Address a;
    if (auto st = skip_cfws(); !st) return st.error();
    if (peek() == '"') {
      auto q = quoted_string();
      if (!q) return q.error();
      if (q->empty()) return bad("the local part is empty", "@ の前（ローカル部）が空です");
      a.local = std::move(*q);
    } else {
      auto local = dot_atom_text("the local part", "ローカル部");
      if (!local) return local.error();
      a.local = std::move(*local);
    }
    if (a.local.size() > kMaxLocalPartBytes) {
      return bad("the local part is longer than 64 bytes", "ローカル部が 64 バイトを超えています");
    }
    if (auto st = skip_cfws(); !st) return st.error();
    if (peek() != '@') {
      if (at_end()) return bad("the address has no '@'", "アドレスに「@」がありません");
      return unexpected("the local part", "ローカル部");
    }
    ++i_;
    if (auto st = skip_cfws(); !st) return st.error();
    if (peek() == '[') {
      auto lit = domain_literal();
      if (!lit) return lit.error();
      a.domain = *lit;
      a.domain_ascii = text::ascii_lower(*lit);
    } else {
      auto dom = dot_atom_text("the domain", "ドメイン");
      if (!dom) return dom.error();
      auto ascii = domain_to_ascii(*dom);
      if (!ascii) return ascii.error();
      a.domain = std::move(*dom);
      a.domain_ascii = std::move(*ascii);
    }
    return a;
  }

  Result<std::string> dot_atom_text(std::string_view what_en, std::string_view what_ja) {
    std::string out;
    for (;;) {
      if (!at_atext()) return unexpected(what_en, what_ja);
      out += atom();
      if (peek() != '.') return out;
      ++i_;
      out.push_back('.');
    }
  }

  Result<std::string> domain_literal() {
    const std::size_t start = i_;
    ++i_;
    while (!at_end() && s_[i_] != ']') {
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c < 33 || c > 126 || c == '[' || c == '\\') {
        return unexpected("the domain literal [...]", "ドメインリテラル [...]");
      }
      ++i_;
    }
    if (at_end()) return bad("unterminated domain literal: '[' without ']'", "「[」に対応する「]」がありません");
    ++i_;
    return std::string(s_.substr(start, i_ - start));
  }
};

const icu::IDNA* uts46() {
  static const std::unique_ptr<icu::IDNA> idna = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::IDNA> p(
        icu::IDNA::createUTS46Instance(UIDNA_USE_STD3_RULES | UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ |
                                           UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_NONTRANSITIONAL_TO_UNICODE,
                                       status));
    if (U_FAILURE(status)) p.reset();
    return p;
  }();
  return idna.get();
}

bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  char prev = '\0';
  for (char c : s) {
    if (c == '.' && prev == '.') return false;
    if (c != '.' && static_cast<unsigned char>(c) < 0x80 && !is_atext_ascii(c)) return false;
    prev = c;
  }
  return true;
}

}  // namespace

std::string Address::address() const {
  std::string local_out;
  if (is_dot_atom(local)) {
    local_out = local;
  } else {
    local_out.push_back('"');
    for (char c : local) {
      if (c == '"' || c == '\\') local_out.push_back('\\');
      local_out.push_back(c);
    }
    local_out.push_back('"');
  }
  return local_out + "@" + domain;
}

std::string Address::key() const {
  return text::ascii_lower(local) + "@" + domain_ascii;
}

Result<Address> parse_mailbox(std::string_view text) {
  return MailboxParser(text).parse();
}

Result<Address> make_address(std::string_view name, std::string_view addr_spec) {
  if (addr_spec.find('<') != std::string_view::npos) {
    return bad("\"address\" must be a bare addr-spec such as taro@example.com, without <...>",
               "\"address\" には <...> を付けずに taro@example.com の形で指定してください");
  }
  auto parsed = parse_mailbox(addr_spec);
  if (!parsed) return parsed;
  if (name.size() > kMaxMailboxTextBytes) {
    return bad("the display name is longer than " + std::to_string(kMaxMailboxTextBytes) + " bytes",
               "表示名が " + std::to_string(kMaxMailboxTextBytes) + " バイトを超えています");
  }
  if (!text::is_valid_utf8(name)) {
    return bad("the display name is not valid UTF-8", "表示名が正しい UTF-8 ではありません");
  }
  parsed->name = std::string(text::trim(name));
  return parsed;
}

Result<std::string> domain_to_ascii(std::string_view domain) {
  if (domain.empty()) return bad("the domain is empty", "ドメインが空です");
  if (domain.size() > 4 * kMaxDomainBytes) {
    return bad("the domain is longer than 253 bytes", "ドメインが 253 バイトを超えています");
  }
  const icu::IDNA* idna = uts46();
  if (idna == nullptr) {
    return make_error(ErrorCode::internal, Text{"IDNA 変換を初期化できません", "IDNA conversion is unavailable"});
  }
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  icu::IDNAInfo info;
  UErrorCode status = U_ZERO_ERROR;
  idna->nameToASCII_UTF8(icu::StringPiece(domain.data(), static_cast<int32_t>(domain.size())), sink, info, status);
  if (U_FAILURE(status) || info.hasErrors()) {
    return bad("\"" + std::string(domain) + "\" is not a valid domain name",
               "「" + std::string(domain) + "」は正しいドメイン名ではありません");
  }
  if (out.size() > kMaxDomainBytes) {
    return bad("the domain is longer than 253 bytes", "ドメインが 253 バイトを超えています");
  }
  return text::ascii_lower(out);
}

std::string domain_to_unicode(std::string_view ascii_domain) {
  const icu::IDNA* idna = uts46();
  if (idna == nullptr) return std::string(ascii_domain);
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  icu::IDNAInfo info;
  UErrorCode status = U_ZERO_ERROR;
  idna->nameToUnicodeUTF8(icu::StringPiece(ascii_domain.data(), static_cast<int32_t>(ascii_domain.size())), sink, info,
                          status);
  if (U_FAILURE(status) || info.hasErrors()) return std::string(ascii_domain);
  return out;
}

bool domain_matches(std::string_view domain_ascii, std::string_view pattern_ascii) {
  if (pattern_ascii.starts_with("*.")) {
    const std::string_view apex = pattern_ascii.substr(2);
    return domain_ascii.size() > apex.size() + 1 && domain_ascii.ends_with(apex) &&
           domain_ascii[domain_ascii.size() - apex.size() - 1] == '.';
  }
  return domain_ascii == pattern_ascii;
}

}  // namespace sg
