// The audit log: append-only, hash-chained JSON lines with a head file; verification and queries.
#include "service/audit_log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <deque>
#include <fstream>
#include <set>

#include "core/address.h"
#include "core/value_json.h"
#include "platform/files.h"
#include "text/utf8.h"
#include "wire/json_io.h"

namespace sg {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// The head file is tiny; anything larger is not one.
constexpr std::size_t kMaxHeadBytes = 4096;
constexpr std::size_t kReadChunkBytes = 64 * 1024;

// A record's seq: a positive integer.
std::optional<std::uint64_t> seq_of(const json::object& o) {
  const json::value* s = o.if_contains("seq");
  if (s == nullptr) return std::nullopt;
  if (s->is_int64() && s->get_int64() > 0) return static_cast<std::uint64_t>(s->get_int64());
  if (s->is_uint64() && s->get_uint64() > 0) return s->get_uint64();
  return std::nullopt;
}

const json::string* string_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? &v->get_string() : nullptr;
}

bool is_sha256_hex(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

struct Tail {
  std::uint64_t seq = 0;
  std::string hash;
  bool ends_with_newline = true;
};

// The last record of the file. A line cut short by a crash is not one; a whole record that only
// lacks its newline is (the next append starts a new line after it).
Tail read_tail(const fs::path& file) {
  Tail t;
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec || size == 0) return t;
  std::ifstream in(file, std::ios::binary);
  const std::size_t take = std::min<std::size_t>(static_cast<std::size_t>(size), kAuditTailBytes);
  in.seekg(static_cast<std::streamoff>(size - take));
  std::string buf(take, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(take));
  buf.resize(static_cast<std::size_t>(in.gcount()));
  t.ends_with_newline = !buf.empty() && buf.back() == '\n';
  std::size_t end = t.ends_with_newline ? buf.size() - 1 : buf.size();
  for (;;) {
    const std::size_t nl = end == 0 ? std::string::npos : buf.rfind('\n', end - 1);
    const std::size_t start = nl == std::string::npos ? 0 : nl + 1;
    const std::string_view line(buf.data() + start, end - start);
    if (!line.empty()) {
      boost::system::error_code jec;
      const json::value v = json::parse(line, jec);
      if (!jec && v.is_object()) {
        const json::object& o = v.get_object();
        if (const auto* h = string_field(o, "hash")) t.hash = *h;
        t.seq = seq_of(o).value_or(0);
        return t;
      }
    }
    if (nl == std::string::npos) break;
    end = nl;
  }
  return t;
}

struct Head {
  std::uint64_t seq = 0;
  std::string hash;
};

struct HeadRead {
  bool exists = false;
  std::optional<Head> head;    // nullopt when the file exists but is not a head
  std::optional<Error> error;  // the file could not be read
};

HeadRead read_head(const fs::path& file) {
  HeadRead r;
  std::error_code ec;
  if (!fs::exists(file, ec)) return r;
  r.exists = true;
  auto text = read_file(file, kMaxHeadBytes);
  if (!text) {
    if (text.error().code != ErrorCode::too_large) r.error = text.error();
    return r;
  }
  boost::system::error_code jec;
  const json::value v = json::parse(*text, jec);
  if (jec || !v.is_object()) return r;
  const auto seq = seq_of(v.get_object());
  const auto* hash = string_field(v.get_object(), "hash");
  if (!seq || hash == nullptr || !is_sha256_hex(*hash)) return r;
  r.head = Head{*seq, std::string(*hash)};
  return r;
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(now)), ms);
}

// Reads lines of at most kMaxAuditLineBytes from the first `limit` bytes of a stream, in fixed
// chunks: a longer line is reported as too long and never buffered whole.
class LineReader {
 public:
  struct Line {
    std::string text;
    std::uint64_t number = 0;  // 1-based
    bool too_long = false;
    bool terminated = false;  // ended by '\n' (the last line of a file may not be)
  };

  LineReader(std::istream& in, std::uint64_t limit) : in_(in), remaining_(limit) {}

  // The next line; false at the end.
  bool next(Line& line) {
    line.text.clear();
    line.too_long = false;
    line.terminated = false;
    bool any = false;
    for (;;) {
      if (pos_ == len_ && !fill()) {
        if (!any) return false;
        line.number = ++number_;
        return true;
      }
      any = true;
      const char* begin = buf_.data() + pos_;
      const char* end = buf_.data() + len_;
      const char* nl = std::find(begin, end, '\n');
      const auto piece = static_cast<std::size_t>(nl - begin);
      if (!line.too_long) {
        if (line.text.size() + piece > kMaxAuditLineBytes) {
          line.too_long = true;
          std::string().swap(line.text);
        } else {
          line.text.append(begin, piece);
        }
      }
      pos_ += piece;
      if (nl != end) {
        ++pos_;
        line.terminated = true;
        line.number = ++number_;
        return true;
      }
    }
  }

 private:
  bool fill() {
    if (remaining_ == 0) return false;
    const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(remaining_, buf_.size()));
    in_.read(buf_.data(), want);
    const auto got = static_cast<std::size_t>(in_.gcount());
    if (got == 0) return false;
    remaining_ -= got;
    pos_ = 0;
    len_ = got;
    return true;
  }

  std::istream& in_;
  std::uint64_t remaining_;
  std::array<char, kReadChunkBytes> buf_{};
  std::size_t pos_ = 0;
  std::size_t len_ = 0;
  std::uint64_t number_ = 0;
};

// The log's size and head, read together under the appenders' lock so that they agree. A data
// directory that cannot be locked (read-only, a copy) is read without it.
struct Snapshot {
  std::uint64_t size = 0;
  bool log_exists = false;
  HeadRead head;
};

Snapshot take_snapshot(const fs::path& file) {
  Snapshot s;
  const auto read = [&]() -> Status {
    std::error_code ec;
    s.log_exists = fs::exists(file, ec);
    s.size = s.log_exists ? fs::file_size(file, ec) : 0;
    if (ec) s.size = 0;
    s.head = read_head(file.parent_path() / kAuditHeadFileName);
    return Ok{};
  };
  std::error_code ec;
  if (fs::is_directory(file.parent_path(), ec)) {
    if (with_exclusive_lock(file.parent_path() / kAuditLockFileName, read)) return s;
  }
  (void)read();
  return s;
}

// ---- verification ----

struct Verifier {
  AuditVerifyReport report;
  std::optional<Head> head;
  std::uint64_t expected = 1;  // the seq the next record must have
  std::string last_hash;       // "" before the first record
  std::uint64_t last_line = 0;
  std::optional<std::string> hash_at_head;  // the record with the head's seq, when seen
  std::uint64_t line_at_head = 0;
  std::vector<std::uint64_t> torn;  // torn lines waiting for the next record to link past them

  void warn(AuditIssue issue) {
    if (report.warnings.size() < kMaxAuditWarnings) {
      report.warnings.push_back(std::move(issue));
    } else {
      ++report.more_warnings;
    }
  }

  void flush_torn() {
    for (std::uint64_t line : torn) {
      warn({AuditIssueKind::torn_line, line, 0, 0, 0,
            Text{fmt::format("{} 行目は書き込みの途中で途切れた記録です（クラッシュの跡）。"
                             "後の記録が前の記録に正しくつながっているので、失われた記録はありません",
                             line),
                 fmt::format("line {} is a record cut short while it was written (a crash); the chain "
                             "continues past it, so no record is lost",
                             line)}});
    }
    torn.clear();
  }

  void fail(AuditIssueKind kind, std::uint64_t line, std::uint64_t seq, Text message) {
    report.problem = AuditIssue{kind, line, seq, 0, 0, std::move(message)};
  }

  void malformed(std::uint64_t line, std::string ja, std::string en) {
    fail(AuditIssueKind::malformed, line, 0,
         Text{fmt::format("{} 行目: {}", line, ja), fmt::format("line {}: {}", line, en)});
  }

  // One line; false once a problem is found.
  bool line(const LineReader::Line& l, LineReader& rest) {
    if (l.too_long) {
      malformed(l.number, fmt::format("{} バイトを超える行です", kMaxAuditLineBytes),
                fmt::format("the line is longer than {} bytes", kMaxAuditLineBytes));
      return false;
    }
    if (l.text.empty()) {
      malformed(l.number, "空行です（記録の間に空行は書かれません）", "an empty line (the host never writes one)");
      return false;
    }
    boost::system::error_code ec;
    json::value v = json::parse(l.text, ec);
    if (ec == json::error::incomplete && l.text.front() == '{') {
      torn.push_back(l.number);  // a crash, if the next record links past it
      return true;
    }
    if (ec || !v.is_object()) {
      malformed(l.number, "JSON のオブジェクトとして読めません", "not a JSON object");
      return false;
    }
    json::object& r = v.get_object();
    const auto seq = seq_of(r);
    const json::string* time = string_field(r, "time");
    const json::string* prev = string_field(r, "prev");
    const json::string* hash = string_field(r, "hash");
    for (auto [missing, name] : {std::pair{!seq, "seq"}, std::pair{time == nullptr, "time"},
                                 std::pair{prev == nullptr, "prev"}, std::pair{hash == nullptr, "hash"}}) {
      if (missing) {
        malformed(l.number, fmt::format("記録に {} がないか、型が違います", name),
                  fmt::format("the record's \"{}\" is missing or of the wrong type", name));
        return false;
      }
    }
    const std::string claimed(*hash);
    const std::string prev_hash(*prev);
    r.erase("hash");
    if (audit_record_hash(prev_hash, r) != claimed) {
      fail(AuditIssueKind::edited, l.number, *seq,
           Text{fmt::format("{} 行目（seq {}）: ハッシュが記録の内容と一致しません。書き込まれた後に変更されています",
                            l.number, *seq),
                fmt::format("line {} (seq {}): the hash does not match the record's content: it was changed "
                            "after it was written",
                            l.number, *seq)});
      return false;
    }
    if (*seq < expected) {
      fail(AuditIssueKind::reordered, l.number, *seq,
           Text{fmt::format(
                    "{} 行目: seq {} が seq {} の後にあります。記録の順序が入れ替わっているか、記録が重複しています",
                    l.number, *seq, expected - 1),
                fmt::format("line {}: seq {} comes after seq {}: records were moved or repeated", l.number, *seq,
                            expected - 1)});
      return false;
    }
    if (*seq > expected) {
      gap(l.number, *seq, rest);
      return false;
    }
    if (prev_hash != last_hash) {
      fail(AuditIssueKind::reordered, l.number, *seq,
           Text{fmt::format("{} 行目（seq {}）: 前の記録につながっていません（prev が前の記録のハッシュと違います）。"
                            "前の記録が差し替えられたか、記録が移動されています",
                            l.number, *seq),
                fmt::format("line {} (seq {}): the record does not link to the one before it (its prev is not "
                            "that record's hash): the record before was replaced or records were moved",
                            l.number, *seq)});
      return false;
    }
    ++report.records;
    report.last_seq = *seq;
    expected = *seq + 1;
    last_hash = claimed;
    last_line = l.number;
    if (head && head->seq == *seq) {
      hash_at_head = claimed;
      line_at_head = l.number;
    }
    flush_torn();
    return true;
  }

  // seq jumped ahead: deleted, unless a missing seq turns up further on (then the lines moved).
  void gap(std::uint64_t line_no, std::uint64_t seq, LineReader& rest) {
    const std::uint64_t from = expected;
    const std::uint64_t to = seq - 1;
    LineReader::Line l;
    while (rest.next(l)) {
      if (l.too_long || l.text.empty()) continue;
      boost::system::error_code ec;
      const json::value v = json::parse(l.text, ec);
      if (ec || !v.is_object()) continue;
      const auto later = seq_of(v.get_object());
      if (later && *later >= from && *later <= to) {
        fail(AuditIssueKind::reordered, line_no, seq,
             Text{fmt::format(
                      "{} 行目に seq {} がありますが、seq {} は後の {} 行目にあります。記録の順序が入れ替わっています",
                      line_no, seq, *later, l.number),
                  fmt::format("line {} has seq {} but seq {} comes later, on line {}: records were moved", line_no, seq,
                              *later, l.number)});
        return;
      }
    }
    const std::string range = from == to ? std::to_string(from) : fmt::format("{}–{}", from, to);
    fail(AuditIssueKind::deleted, line_no, seq,
         Text{fmt::format("{} 行目（seq {}）の前で seq {} の記録が欠けています。削除されています", line_no, seq, range),
              fmt::format("line {} (seq {}): seq {} is missing before it: deleted", line_no, seq, range)});
    report.problem->missing_from = from;
    report.problem->missing_to = to;
  }

  // After the last line: the log must end where the head file says.
  void finish(const HeadRead& h) {
    if (!h.exists) {
      flush_torn();
      if (report.records > 0) {
        warn({AuditIssueKind::no_head, 0, 0, 0, 0,
              Text{"ヘッドファイル audit.head "
                   "がありません（以前のバージョンで書かれたログ）。末尾の記録の削除は検出できません",
                   "there is no head file audit.head (a log written by an earlier version): records cut from "
                   "the end cannot be detected"}});
      }
      return;
    }
    if (!h.head) {
      fail(AuditIssueKind::malformed, 0, 0,
           Text{"ヘッドファイル audit.head が読めません（{\"seq\", \"hash\"} ではありません）",
                "the head file audit.head is not readable (not {\"seq\", \"hash\"})"});
      return;
    }
    const Head& hd = *h.head;
    if (hd.seq > report.last_seq) {
      const std::uint64_t from = report.last_seq + 1;
      const std::string range = from == hd.seq ? std::to_string(from) : fmt::format("{}–{}", from, hd.seq);
      const std::string ends_ja = report.records == 0 ? std::string("ログに記録がありません")
                                                      : fmt::format("ログは seq {} で終わっています", report.last_seq);
      const std::string ends_en = report.records == 0 ? std::string("the log has no records")
                                                      : fmt::format("the log ends at seq {}", report.last_seq);
      fail(
          AuditIssueKind::truncated_tail, 0, hd.seq,
          Text{fmt::format(
                   "{}が、ヘッドファイル audit.head によれば seq {} まであるはずです。末尾の seq {} が削除されています",
                   ends_ja, hd.seq, range),
               fmt::format("{}, but the head file audit.head records seq {}: seq {} was cut from the end", ends_en,
                           hd.seq, range)});
      report.problem->missing_from = from;
      report.problem->missing_to = hd.seq;
      return;
    }
    if (!hash_at_head || *hash_at_head != hd.hash) {
      fail(AuditIssueKind::edited, line_at_head, hd.seq,
           Text{fmt::format("{} 行目（seq {}）の記録が、ヘッドファイル audit.head に記録されたものと違います。"
                            "ログが書き換えられています",
                            line_at_head, hd.seq),
                fmt::format("line {} (seq {}): the record is not the one the head file audit.head records: the log "
                            "was rewritten",
                            line_at_head, hd.seq)});
      return;
    }
    flush_torn();
    if (hd.seq < report.last_seq) {
      warn(
          {AuditIssueKind::head_behind, 0, report.last_seq, 0, 0,
           Text{fmt::format("ヘッドファイルは seq {} までですが、ログは seq {} まであります（追記の後、ヘッドを書く前に"
                            "中断されたため）。seq {} までは一致しています",
                            hd.seq, report.last_seq, hd.seq),
                fmt::format("the head file stops at seq {} but the log goes on to seq {} (interrupted between an "
                            "append and the head write); they agree up to seq {}",
                            hd.seq, report.last_seq, hd.seq)}});
    }
  }
};

// ---- queries ----

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool domain_is(std::string_view domain, const std::string& ascii) {
  if (is_ascii(domain)) return text::iequals_ascii(domain, ascii);
  const auto converted = domain_to_ascii(domain);
  return converted && *converted == ascii;
}

// `address` is a record's "local@domain" as the host wrote it.
bool address_matches(std::string_view address, const AuditAddressFilter& f) {
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos) return false;
  if (!domain_is(address.substr(at + 1), f.domain_ascii)) return false;
  if (f.local.empty()) return true;
  const std::string_view local = address.substr(0, at);
  if (local.find_first_of("\"\\") != std::string_view::npos) {  // a quoted local part
    const auto parsed = parse_mailbox(address);
    return parsed && text::ascii_lower(parsed->local) == f.local;
  }
  return text::ascii_lower(local) == f.local;
}

bool any_address_matches(const json::value* list, const AuditAddressFilter& f) {
  if (list == nullptr || !list->is_array()) return false;
  return std::any_of(list->get_array().begin(), list->get_array().end(),
                     [&](const json::value& a) { return a.is_string() && address_matches(a.get_string(), f); });
}

bool any_field_matches(const json::value* fields, const AuditAddressFilter& f) {
  if (fields == nullptr || !fields->is_object()) return false;
  const json::object& o = fields->get_object();
  return any_address_matches(o.if_contains("to"), f) || any_address_matches(o.if_contains("cc"), f) ||
         any_address_matches(o.if_contains("bcc"), f);
}

bool string_is(const json::object* o, std::string_view key, std::string_view want) {
  if (o == nullptr) return false;
  const json::string* s = string_field(*o, key);
  return s != nullptr && *s == want;
}

bool matches(const json::object& r, const AuditQuery& q) {
  if (q.kind && !string_is(&r, "kind", *q.kind)) return false;
  if (q.outcome && !string_is(&r, "outcome", *q.outcome)) return false;
  if (q.from_ms || q.to_ms) {
    const json::string* time = string_field(r, "time");
    const auto t = time != nullptr ? parse_iso8601_ms(*time) : std::nullopt;
    if (!t || (q.from_ms && *t < *q.from_ms) || (q.to_ms && *t > *q.to_ms)) return false;
  }
  const json::value* check_value = r.if_contains("check");
  const json::object* check = check_value != nullptr && check_value->is_object() ? &check_value->get_object() : nullptr;
  if (q.action && !string_is(check, "action", *q.action)) return false;
  if (q.sender) {
    const json::string* sender = check != nullptr ? string_field(*check, "sender") : nullptr;
    if (sender == nullptr || !address_matches(*sender, *q.sender)) return false;
  }
  if (q.recipient) {
    const bool in_check = check != nullptr && any_field_matches(check->if_contains("recipients"), *q.recipient);
    if (!in_check && !any_field_matches(r.if_contains("final"), *q.recipient)) return false;
  }
  return true;
}

Error bad_param(std::string_view name, std::string ja, std::string en) {
  return make_error(ErrorCode::invalid_request, Text{std::move(ja), std::move(en)}, wire::child("", name));
}

std::optional<std::uint64_t> parse_count(std::string_view s) {
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

Result<AuditAddressFilter> address_filter(std::string_view name, std::string_view value) {
  const auto bad = [&] {
    return bad_param(name, "メールアドレス（a@example.com）かドメイン（@example.com）を指定してください",
                     "must be an address (a@example.com) or a domain (@example.com)");
  };
  if (value.starts_with('@')) {
    auto domain = domain_to_ascii(value.substr(1));
    if (!domain || domain->empty()) return bad();
    return AuditAddressFilter{"", std::move(*domain)};
  }
  auto parsed = parse_mailbox(value);
  if (!parsed) return bad();
  return AuditAddressFilter{text::ascii_lower(parsed->local), parsed->domain_ascii};
}

Result<std::string> one_of(std::string_view name, std::string_view value,
                           std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return std::string(value);
  std::string list;
  for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return bad_param(name, fmt::format("{} のいずれかでなければなりません", list),
                   fmt::format("must be one of {}", list));
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr);
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

std::string audit_record_hash(const std::string& prev, const json::object& record_without_hash) {
  return sha256_hex(prev + "\n" + json_text(record_without_hash));
}

AuditLog::AuditLog(fs::path data_dir)
    : file_(data_dir / std::string(kAuditFileName)),
      head_file_(data_dir / std::string(kAuditHeadFileName)),
      lock_file_(data_dir / std::string(kAuditLockFileName)) {}

Result<AuditAppended> AuditLog::append(json::object record) {
  AuditAppended appended;
  Status st = with_exclusive_lock(lock_file_, [&]() -> Status {
    const Tail tail = read_tail(file_);
    // The chain goes on from the head when the log's end is not beyond it: records cut from the
    // end then stay visible as a gap. The log is ahead of the head only after an interrupted
    // head write, and an unreadable head is replaced.
    std::uint64_t last_seq = tail.seq;
    std::string last_hash = tail.hash;
    if (const HeadRead head = read_head(head_file_); head.head && head.head->seq >= tail.seq) {
      last_seq = head.head->seq;
      last_hash = head.head->hash;
    }
    json::object r;
    r["seq"] = last_seq + 1;
    r["time"] = utc_now();
    for (auto& kv : record) r[kv.key()] = std::move(kv.value());
    r["prev"] = last_hash;
    const std::string hash = audit_record_hash(last_hash, r);
    r["hash"] = hash;
    // A line cut short by a crash stays (verification reports it); the new record starts afresh.
    const std::string line = (tail.ends_with_newline ? "" : "\n") + json_text(r) + "\n";
    if (line.size() > kMaxAuditLineBytes) {
      return make_error(ErrorCode::too_large,
                        Text{fmt::format("監査ログの記録が {} バイトを超えます", kMaxAuditLineBytes),
                             fmt::format("the audit record is larger than {} bytes", kMaxAuditLineBytes)});
    }
    if (auto w = append_durably(file_, line); !w) return w;
    appended = AuditAppended{last_seq + 1, hash};
    // The record is on disk, so the append succeeded even if the head cannot be written: the log
    // is then ahead of the head, which verification reports as a warning until the next append.
    (void)write_file_atomically(head_file_, json_text(json::object{{"seq", last_seq + 1}, {"hash", hash}}) + "\n",
                                true);
    return Ok{};
  });
  if (!st) return st.error();
  return appended;
}

std::string_view audit_issue_name(AuditIssueKind kind) {
  switch (kind) {
    case AuditIssueKind::edited: return "edited";
    case AuditIssueKind::deleted: return "deleted";
    case AuditIssueKind::reordered: return "reordered";
    case AuditIssueKind::malformed: return "malformed";
    case AuditIssueKind::truncated_tail: return "truncated_tail";
    case AuditIssueKind::torn_line: return "torn_line";
    case AuditIssueKind::head_behind: return "head_behind";
    case AuditIssueKind::no_head: return "no_head";
  }
  return "unknown";
}

Result<AuditVerifyReport> verify_audit_log(const fs::path& file) {
  const Snapshot snap = take_snapshot(file);
  if (snap.head.error) return *snap.head.error;
  Verifier v;
  v.head = snap.head.head;
  if (snap.log_exists) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return io_error(file, "開けません", "cannot open", "");
    LineReader reader(in, snap.size);
    LineReader::Line line;
    while (reader.next(line)) {
      if (!v.line(line, reader)) return std::move(v.report);
    }
    if (in.bad()) return io_error(file, "読めません", "cannot read", "");
  }
  v.finish(snap.head);
  return std::move(v.report);
}

std::optional<std::int64_t> parse_iso8601_ms(std::string_view s, bool end_of_day) {
  std::size_t i = 0;
  const auto digits = [&](std::size_t n) -> std::optional<int> {
    if (i + n > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const char c = s[i + k];
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    i += n;
    return v;
  };
  const auto literal = [&](std::string_view chars) {
    if (i < s.size() && chars.find(s[i]) != std::string_view::npos) {
      ++i;
      return true;
    }
    return false;
  };
  const auto y = digits(4);
  if (!y || !literal("-")) return std::nullopt;
  const auto m = digits(2);
  if (!m || !literal("-")) return std::nullopt;
  const auto d = digits(2);
  if (!d) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  const std::int64_t day_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::sys_days{ymd}.time_since_epoch()).count();
  if (i == s.size()) return end_of_day ? day_ms + 86'400'000 - 1 : day_ms;
  if (!literal("Tt ")) return std::nullopt;
  const auto hh = digits(2);
  if (!hh || *hh > 23 || !literal(":")) return std::nullopt;
  const auto mm = digits(2);
  if (!mm || *mm > 59) return std::nullopt;
  int ss = 0;
  int frac_ms = 0;
  if (literal(":")) {
    const auto sec = digits(2);
    if (!sec || *sec > 59) return std::nullopt;
    ss = *sec;
    if (literal(".,")) {
      std::size_t n = 0;
      int scale = 100;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9' && n < 9) {
        frac_ms += (s[i] - '0') * scale;
        scale /= 10;
        ++i;
        ++n;
      }
      if (n == 0) return std::nullopt;
    }
  }
  std::int64_t offset_min = 0;
  if (literal("Zz")) {
    // UTC
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '-' ? -1 : 1;
    ++i;
    const auto oh = digits(2);
    if (!oh || *oh > 23) return std::nullopt;
    int om = 0;
    if (i < s.size()) {
      literal(":");
      const auto min = digits(2);
      if (!min || *min > 59) return std::nullopt;
      om = *min;
    }
    offset_min = sign * (*oh * 60 + om);
  }
  if (i != s.size()) return std::nullopt;
  return day_ms + ((*hh * 60 + *mm) * 60 + ss) * std::int64_t{1000} + frac_ms - offset_min * 60'000;
}

Result<AuditQuery> audit_query_from_params(const std::vector<std::pair<std::string, std::string>>& params) {
  AuditQuery q;
  std::set<std::string, std::less<>> seen;
  for (const auto& [name, value] : params) {
    static constexpr std::array<std::string_view, 9> kNames = {"from",    "to",   "sender", "recipient", "action",
                                                               "outcome", "kind", "limit",  "before_seq"};
    if (std::find(kNames.begin(), kNames.end(), name) == kNames.end()) {
      return bad_param(name,
                       "知らないパラメーターです（使えるのは from, to, sender, recipient, action, outcome, kind, "
                       "limit, before_seq）",
                       "unknown parameter (known: from, to, sender, recipient, action, outcome, kind, limit, "
                       "before_seq)");
    }
    if (!seen.insert(name).second) return bad_param(name, "2 回指定されています", "given more than once");
    if (value.empty()) continue;  // an empty form field: no filter
    if (name == "from" || name == "to") {
      const auto ms = parse_iso8601_ms(value, name == "to");
      if (!ms) {
        return bad_param(name, "ISO 8601 の日時でなければなりません（例: 2026-10-01、2026-10-01T09:00:00+09:00）",
                         "must be an ISO 8601 time (2026-10-01, 2026-10-01T09:00:00+09:00)");
      }
      (name == "from" ? q.from_ms : q.to_ms) = *ms;
    } else if (name == "sender" || name == "recipient") {
      auto f = address_filter(name, value);
      if (!f) return std::move(f).error();
      (name == "sender" ? q.sender : q.recipient) = std::move(*f);
    } else if (name == "action") {
      auto v = one_of(name, value, {"allow", "confirm", "justify", "block"});
      if (!v) return std::move(v).error();
      q.action = std::move(*v);
    } else if (name == "outcome") {
      auto v = one_of(name, value, {"sent", "cancelled"});
      if (!v) return std::move(v).error();
      q.outcome = std::move(*v);
    } else if (name == "kind") {
      auto v = one_of(name, value, {"decision", "encrypt"});
      if (!v) return std::move(v).error();
      q.kind = std::move(*v);
    } else if (name == "limit") {
      const auto n = parse_count(value);
      if (!n || *n < 1 || *n > kAuditQueryMaxLimit) {
        return bad_param(name, fmt::format("1 から {} までの整数でなければなりません", kAuditQueryMaxLimit),
                         fmt::format("must be an integer from 1 to {}", kAuditQueryMaxLimit));
      }
      q.limit = static_cast<std::size_t>(*n);
    } else {  // before_seq
      const auto n = parse_count(value);
      if (!n || *n < 1) return bad_param(name, "正の整数でなければなりません", "must be a positive integer");
      q.before_seq = *n;
    }
  }
  if (q.from_ms && q.to_ms && *q.to_ms < *q.from_ms) {
    return bad_param("to", "from より前の日時です", "is before from");
  }
  return q;
}

Result<AuditPage> query_audit_log(const fs::path& file, const AuditQuery& query) {
  AuditPage page;
  std::error_code ec;
  if (!fs::exists(file, ec)) return page;
  const auto size = fs::file_size(file, ec);
  if (ec) return io_error(file, "大きさがわかりません", "cannot read the size", ec.message());
  std::ifstream in(file, std::ios::binary);
  if (!in) return io_error(file, "開けません", "cannot open", "");
  const std::size_t limit = std::clamp<std::size_t>(query.limit, 1, kAuditQueryMaxLimit);
  // The newest `limit` matches, oldest first; the file is read forwards once.
  std::deque<json::object> kept;
  bool more = false;
  LineReader reader(in, size);
  LineReader::Line line;
  while (reader.next(line)) {
    if (line.too_long || line.text.empty()) continue;
    boost::system::error_code jec;
    json::value v = json::parse(line.text, jec);
    if (jec || !v.is_object()) continue;
    const auto seq = seq_of(v.get_object());
    if (!seq || (query.before_seq && *seq >= *query.before_seq)) continue;
    if (!matches(v.get_object(), query)) continue;
    if (kept.size() == limit) {
      kept.pop_front();
      more = true;
    }
    kept.push_back(std::move(v.get_object()));
  }
  if (in.bad()) return io_error(file, "読めません", "cannot read", "");
  page.records.assign(std::make_move_iterator(kept.rbegin()), std::make_move_iterator(kept.rend()));
  if (more && !page.records.empty()) page.next_before_seq = seq_of(page.records.back());
  return page;
}

json::object audit_page_json(AuditPage page) {
  json::array records;
  records.reserve(page.records.size());
  for (json::object& r : page.records) records.emplace_back(std::move(r));
  json::object out;
  out["records"] = std::move(records);
  out["next_before_seq"] = page.next_before_seq ? json::value(*page.next_before_seq) : json::value(nullptr);
  return out;
}

}  // namespace sg
