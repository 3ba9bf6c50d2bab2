// The audit log: append-only, hash-chained JSON lines.
#include "service/audit_log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>

#include "core/value_json.h"
#include "platform/files.h"

namespace sg {

namespace json = boost::json;

namespace {

struct Tail {
  std::uint64_t seq = 0;
  std::string hash;
  bool ends_with_newline = true;
};

// The last complete record of the file (a line cut short by a crash is not one).
Tail read_tail(const std::filesystem::path& file) {
  Tail t;
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size == 0) return t;
  std::ifstream in(file, std::ios::binary);
  const std::size_t take = std::min<std::size_t>(static_cast<std::size_t>(size), kAuditTailBytes);
  in.seekg(static_cast<std::streamoff>(size - take));
  std::string buf(take, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(take));
  buf.resize(static_cast<std::size_t>(in.gcount()));
  t.ends_with_newline = !buf.empty() && buf.back() == '\n';
  std::size_t end = buf.size();
  if (!t.ends_with_newline) end = buf.rfind('\n') == std::string::npos ? 0 : buf.rfind('\n');
  while (end > 0) {
    std::size_t start = buf.rfind('\n', end - 1);
    start = start == std::string::npos ? 0 : start + 1;
    const std::string_view line(buf.data() + start, end - start);
    if (!line.empty()) {
      boost::system::error_code jec;
      const json::value v = json::parse(line, jec);
      if (!jec && v.is_object()) {
        const json::object& o = v.get_object();
        if (const auto* h = o.if_contains("hash"); h != nullptr && h->is_string()) t.hash = h->get_string();
        if (const auto* s = o.if_contains("seq"); s != nullptr && s->is_int64()) {
          t.seq = static_cast<std::uint64_t>(s->get_int64());
        }
        return t;
      }
    }
    if (start == 0) break;
    end = start - 1;
  }
  return t;
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(now)), ms);
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

AuditLog::AuditLog(std::filesystem::path data_dir)
    : file_(data_dir / std::string(kAuditFileName)), lock_file_(data_dir / "audit.lock") {}

Result<AuditAppended> AuditLog::append(json::object record) {
  AuditAppended appended;
  Status st = with_exclusive_lock(lock_file_, [&]() -> Status {
    const Tail tail = read_tail(file_);
    json::object r;
    r["seq"] = tail.seq + 1;
    r["time"] = utc_now();
    for (auto& kv : record) r[kv.key()] = std::move(kv.value());
    r["prev"] = tail.hash;
    const std::string hash = audit_record_hash(tail.hash, r);
    r["hash"] = hash;
    // A line cut short by a crash stays (verification reports it); the new record starts afresh.
    const std::string line = (tail.ends_with_newline ? "" : "\n") + json_text(r) + "\n";
    if (auto w = append_durably(file_, line); !w) return w;
    appended = AuditAppended{tail.seq + 1, hash};
    return Ok{};
  });
  if (!st) return st.error();
  return appended;
}

}  // namespace sg
