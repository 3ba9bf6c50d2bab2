// Reads a Sent folder exported from any client: mbox files, maildirs, .eml files and trees of them.
#include "extract/mail_source.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "extract/attachment_text.h"
#include "text/utf8.h"

namespace sg::mail {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kReadChunkBytes = 64 * 1024;

std::string utf8_path(const fs::path& p) {
  const std::u8string s = p.generic_u8string();
  return std::string(s.begin(), s.end());
}

Error io_error(const fs::path& p, const std::error_code& ec) {
  ErrorCode code = ErrorCode::internal;
  if (ec == std::errc::no_such_file_or_directory) code = ErrorCode::not_found;
  if (ec == std::errc::permission_denied || ec == std::errc::operation_not_permitted) code = ErrorCode::forbidden;
  const std::string name = utf8_path(p);
  return make_error(
      code, Text{name + " を読み込めません（" + ec.message() + "）", "cannot read " + name + ": " + ec.message()});
}

std::error_code last_error() {
  return {errno != 0 ? errno : EIO, std::generic_category()};
}

Error too_many_entries() {
  const std::string n = std::to_string(kMaxFilesPerWalk);
  return make_error(ErrorCode::too_large, Text{"ファイルが多すぎます。" + n + " 件を調べたところで読み込みを止めました",
                                               "too many files: stopped after examining " + n + " entries"});
}

Error too_deep() {
  const std::string n = std::to_string(kMaxDirectoryDepth);
  return make_error(ErrorCode::too_large, Text{"フォルダーの階層が深すぎるため読み込みません（" + n + " 階層まで）",
                                               "not read: folders nested deeper than " + n + " levels"});
}

bool is_empty_line(std::string_view line) {
  return line.empty() || line == "\r";
}

bool is_eml(const fs::path& p) {
  return text::ascii_lower(utf8_path(p.extension())) == ".eml";
}

bool is_maildir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "cur", ec) || fs::is_directory(dir / "new", ec);
}

// True when the stream starts with an mbox separator line; the stream is rewound either way.
bool starts_with_from_line(std::istream& in) {
  std::array<char, 5> head{};
  in.read(head.data(), head.size());
  const bool from = in.gcount() == 5 && std::string_view(head.data(), head.size()) == "From ";
  in.clear();
  in.seekg(0);
  return from;
}

// The start of a message file: up to its first empty line, at most kMaxHeaderReadBytes.
// A message file's header block and the first kMaxBodyHeadBytes of its body.
Result<std::string> read_message_head(std::istream& in, const fs::path& p) {
  std::string out;
  std::size_t limit = kMaxHeaderReadBytes;  // until the header block's end is found
  bool header_done = false;
  while (out.size() < limit) {
    const std::size_t old_size = out.size();
    const std::size_t want = std::min(kReadChunkBytes, limit - old_size);
    out.resize(old_size + want);
    in.read(out.data() + old_size, static_cast<std::streamsize>(want));
    if (in.bad()) return io_error(p, last_error());
    const auto got = static_cast<std::size_t>(in.gcount());
    out.resize(old_size + got);
    if (!header_done) {
      const std::size_t search_from = old_size >= 2 ? old_size - 2 : 0;
      const std::size_t lf = out.find("\n\n", search_from);
      const std::size_t crlf = out.find("\n\r\n", search_from);
      const std::size_t end = std::min(lf, crlf);
      if (end != std::string::npos) {
        header_done = true;
        limit = end + kMaxBodyHeadBytes;
      }
    }
    if (got < want) break;
  }
  if (out.size() > limit) out.resize(limit);
  return out;
}

// The headers, and the body's first text when the head has one.
Result<SentMessage> parse_sent_message(std::string_view head) {
  auto m = parse_message_headers(head);
  if (m) m->body_text = extract::message_body_text(head, kMaxBodyTextBytes);
  return m;
}

// Lines of a stream read through a fixed buffer; a line longer than kMaxMboxLineBytes is cut to
// that, so a multi-gigabyte mbox costs the same memory as a small one. The CR of CRLF is kept.
class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in), buf_(kReadChunkBytes) {}

  bool next(std::string& line) {
    line.clear();
    bool any = false;
    for (;;) {
      if (pos_ == end_ && !fill()) return any;
      any = true;
      const char* begin = buf_.data() + pos_;
      const auto* nl = static_cast<const char*>(std::memchr(begin, '\n', end_ - pos_));
      const std::size_t n = nl != nullptr ? static_cast<std::size_t>(nl - begin) : end_ - pos_;
      line.append(begin, std::min(n, kMaxMboxLineBytes - std::min(line.size(), kMaxMboxLineBytes)));
      pos_ += n;
      if (nl != nullptr) {
        ++pos_;
        return true;
      }
    }
  }

  [[nodiscard]] bool failed() const { return in_.bad(); }

 private:
  std::istream& in_;
  std::vector<char> buf_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;

  bool fill() {
    if (!in_.good()) return false;
    in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    pos_ = 0;
    end_ = static_cast<std::size_t>(in_.gcount());
    return end_ > 0;
  }
};

// One walk over `path`: counts, the sink, and the walk budget.
class SourceReader {
 public:
  SourceReader(const fs::path& path, const MessageSink& sink) : sink_(sink) {
    std::error_code ec;
    root_ = fs::absolute(path, ec).lexically_normal();
    if (ec) root_ = path.lexically_normal();
    if (!root_.has_filename()) root_ = root_.parent_path();
    root_name_ = utf8_path(root_.filename());
  }

  Result<SourceStats> read_directory() {
    Status st = is_maildir(root_) ? read_maildir() : walk_root();
    if (!st) return st.error();
    return stats_;
  }

  Result<SourceStats> read_single_file() {
    if (auto st = read_messages(root_, root_name_); !st) return st.error();
    return stats_;
  }

 private:
  const MessageSink& sink_;
  fs::path root_;
  std::string root_name_;
  SourceStats stats_;
  std::size_t examined_ = 0;
  bool stopped_ = false;

  void deliver(Result<SentMessage> message, std::string_view where) {
    ++(message.ok() ? stats_.messages : stats_.malformed);
    sink_(std::move(message), where);
  }

  [[nodiscard]] std::string where_of(const fs::path& p) const {
    const fs::path relative = p.lexically_relative(root_);
    return relative == "." ? root_name_ : root_name_ + "/" + utf8_path(relative);
  }

  // Reads a file found in a directory: what goes wrong is reported, never fatal.
  void read_nested(const fs::path& p) {
    const std::string where = where_of(p);
    if (Status st = read_messages(p, where); !st) deliver(std::move(st).error(), where);
  }

  // Reads one file: an mbox, or a single message.
  Status read_messages(const fs::path& p, const std::string& where) {
    errno = 0;
    std::ifstream in(p, std::ios::binary);
    if (!in) return io_error(p, last_error());
    ++stats_.files;
    if (starts_with_from_line(in)) return read_mbox(in, p, where);
    auto raw = read_message_head(in, p);
    if (!raw) return raw.error();
    deliver(parse_sent_message(*raw), where);
    return Ok{};
  }

  // Streams an mbox: keeps each message's header lines (up to the limit) and the beginning of its
  // body (kMaxBodyHeadBytes), and skips the rest.
  Status read_mbox(std::istream& in, const fs::path& p, const std::string& where) {
    LineReader lines(in);
    std::string line;
    std::string message;  // the header block, an empty line, the body's beginning
    bool in_message = false;
    bool in_header = false;
    bool after_empty = true;
    std::size_t body_start = 0;
    std::uint64_t index = 0;
    const auto finish = [&] {
      if (!in_message) return;
      // A header block over the limit is cut there: parse_message_headers reports it too large.
      deliver(in_header ? parse_message_headers(message) : parse_sent_message(message),
              where + "#" + std::to_string(index));
    };
    while (lines.next(line)) {
      if (after_empty && line.starts_with("From ")) {
        finish();
        ++index;
        message.clear();
        in_message = true;
        in_header = true;
        after_empty = false;
        continue;
      }
      after_empty = is_empty_line(line);
      if (!in_message) continue;
      if (in_header) {
        if (after_empty) {
          in_header = false;
          message.push_back('\n');
          body_start = message.size();
        } else if (message.size() <= kMaxHeaderBlockBytes) {
          message.append(line).push_back('\n');  // the line that crosses the limit makes it too large
        }
      } else if (message.size() - body_start < kMaxBodyHeadBytes) {
        // mboxrd/mboxo quote body lines that start with "From " as ">From ": kept as they are.
        message.append(line, 0, std::min(line.size(), kMaxBodyHeadBytes - (message.size() - body_start)));
        message.push_back('\n');
      }
    }
    if (lines.failed()) return io_error(p, last_error());
    finish();
    return Ok{};
  }

  // The visible entries of `dir`, by name; counts them against kMaxFilesPerWalk.
  Result<std::vector<fs::directory_entry>> list(const fs::path& dir) {
    std::vector<fs::directory_entry> entries;
    if (stopped_) return entries;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      if (++examined_ > kMaxFilesPerWalk) {
        stopped_ = true;
        deliver(too_many_entries(), where_of(dir));
        entries.clear();
        return entries;
      }
      if (!utf8_path(it->path().filename()).starts_with('.')) entries.push_back(*it);
    }
    if (ec) return io_error(dir, ec);
    std::sort(entries.begin(), entries.end());
    return entries;
  }

  // cur/ then new/ of the maildir given; not being able to list them is fatal.
  Status read_maildir() {
    for (const char* sub : {"cur", "new"}) {
      const fs::path dir = root_ / sub;
      std::error_code ec;
      if (!fs::is_directory(dir, ec)) continue;
      auto entries = list(dir);
      if (!entries) return entries.error();
      for (const fs::directory_entry& e : *entries) {
        if (e.is_regular_file(ec)) read_nested(e.path());
      }
    }
    return Ok{};
  }

  // The .eml files under the folder given; only its own listing is fatal.
  Status walk_root() {
    auto entries = list(root_);
    if (!entries) return entries.error();
    visit(*entries, 0);
    return Ok{};
  }

  void walk(const fs::path& dir, int depth) {
    if (depth > kMaxDirectoryDepth) {
      deliver(too_deep(), where_of(dir));
      return;
    }
    auto entries = list(dir);
    if (!entries) {
      deliver(std::move(entries).error(), where_of(dir));
      return;
    }
    visit(*entries, depth);
  }

  void visit(const std::vector<fs::directory_entry>& entries, int depth) {
    for (const fs::directory_entry& e : entries) {
      if (stopped_) return;
      std::error_code ec;
      if (e.is_directory(ec) && !e.is_symlink(ec)) {
        walk(e.path(), depth + 1);
      } else if (e.is_regular_file(ec) && is_eml(e.path())) {
        read_nested(e.path());
      }
    }
  }
};

}  // namespace

Result<SourceStats> read_sent_mail(const std::filesystem::path& path, const MessageSink& sink) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec) return io_error(path, ec);
  SourceReader reader(path, sink);
  if (fs::is_directory(status)) return reader.read_directory();
  if (fs::is_regular_file(status)) return reader.read_single_file();
  const std::string name = utf8_path(path);
  return make_error(ErrorCode::invalid_request,
                    Text{name + " はファイルでもフォルダーでもありません", name + " is neither a file nor a folder"});
}

}  // namespace sg::mail
