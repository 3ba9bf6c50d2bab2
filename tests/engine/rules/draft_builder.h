// Drafts and profiles for rule tests, built in a line or two: DraftBuilder, a profile loader that
// fails the test on any problem, and lookups of findings in a verdict.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/check.h"
#include "core/address.h"
#include "core/draft.h"
#include "core/verdict.h"
#include "policy/profile.h"
#include "rules/rule.h"

namespace sg::test {

inline Address addr(std::string_view mailbox) {
  auto a = parse_mailbox(mailbox);
  REQUIRE_MESSAGE(a.ok(), "bad test address: " << mailbox);
  return *a;
}

// The sender is yamada@corp.example; with no internal domains configured, corp.example is internal.
class DraftBuilder {
 public:
  DraftBuilder() { draft_.from = addr("山田 太郎 <yamada@corp.example>"); }

  DraftBuilder& from(std::string_view m) {
    draft_.from = addr(m);
    return *this;
  }
  DraftBuilder& to(std::initializer_list<std::string_view> ms) { return add(draft_.to, ms); }
  DraftBuilder& cc(std::initializer_list<std::string_view> ms) { return add(draft_.cc, ms); }
  DraftBuilder& bcc(std::initializer_list<std::string_view> ms) { return add(draft_.bcc, ms); }
  DraftBuilder& to(const std::vector<std::string>& ms) { return add(draft_.to, ms); }
  DraftBuilder& cc(const std::vector<std::string>& ms) { return add(draft_.cc, ms); }
  DraftBuilder& bcc(const std::vector<std::string>& ms) { return add(draft_.bcc, ms); }
  DraftBuilder& subject(std::string s) {
    draft_.subject = std::move(s);
    return *this;
  }
  DraftBuilder& body(std::string text) {
    draft_.body.text = std::move(text);
    return *this;
  }
  DraftBuilder& html(std::string markup) {
    draft_.body.html = std::move(markup);
    return *this;
  }
  // An attachment without content: only name, type and size rules can look at it.
  DraftBuilder& attach(std::string name, std::uint64_t size = 1024) {
    draft_.attachments.push_back(Attachment{std::move(name), "application/octet-stream", size, std::nullopt});
    return *this;
  }
  DraftBuilder& attach(std::string name, std::string content) {
    const auto size = static_cast<std::uint64_t>(content.size());
    draft_.attachments.push_back(Attachment{std::move(name), "application/octet-stream", size, std::move(content)});
    return *this;
  }
  DraftBuilder& compose(ComposeType t) {
    draft_.compose_type = t;
    return *this;
  }
  DraftBuilder& original(std::initializer_list<std::string_view> ms) { return add(draft_.original_recipients, ms); }
  DraftBuilder& locale(Locale l) {
    draft_.locale = l;
    return *this;
  }

  [[nodiscard]] const Draft& draft() const { return draft_; }

 private:
  template <class List>
  DraftBuilder& add(std::vector<Address>& field, const List& ms) {
    for (const auto& m : ms) field.push_back(addr(m));
    return *this;
  }
  Draft draft_;
};

// The built-in defaults with `overrides` (a profile document) on top; any problem fails the test.
inline std::shared_ptr<const Profile> profile(std::string_view overrides = "{}") {
  ProfileLoad load = load_profile(default_parameter_table(), overrides);
  for (const Problem& p : load.problems) FAIL_CHECK("profile problem at " << p.path << ": " << p.message.en);
  REQUIRE(load.profile != nullptr);
  return load.profile;
}

inline Verdict check(const DraftBuilder& d, std::string_view overrides = "{}") {
  return sg::check(d.draft(), *profile(overrides));
}

inline const Finding* find(const Verdict& v, std::string_view id) {
  for (const Finding& f : v.findings) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

// A finding points into its verdict, so the verdict must outlive it.
const Finding* find(const Verdict&& v, std::string_view id) = delete;

inline bool fired(const Verdict& v, std::string_view id) {
  return find(v, id) != nullptr;
}

inline std::size_t count_of(const Verdict& v, std::string_view id) {
  return static_cast<std::size_t>(
      std::count_if(v.findings.begin(), v.findings.end(), [&](const Finding& f) { return f.id == id; }));
}

// Recipient addresses (or attachment names) a finding targets, in order.
inline std::vector<std::string> target_addresses(const Finding& f) {
  std::vector<std::string> out;
  for (const Target& t : f.targets) {
    if (t.kind == Target::Kind::recipient) out.push_back(t.address);
  }
  return out;
}
inline std::vector<std::string> target_names(const Finding& f) {
  std::vector<std::string> out;
  for (const Target& t : f.targets) {
    if (t.kind == Target::Kind::attachment) out.push_back(t.name);
  }
  return out;
}

// Ids of findings of severity warning or danger (what a clean mail must not raise).
inline std::vector<std::string> alarms(const Verdict& v) {
  std::vector<std::string> out;
  for (const Finding& f : v.findings) {
    if (f.severity != Severity::info) out.push_back(f.id);
  }
  return out;
}

inline const std::string* evidence_string(const Value& v, std::string_view key) {
  const Value* x = v.find(key);
  return x == nullptr ? nullptr : std::get_if<std::string>(&x->storage());
}
inline std::optional<std::int64_t> evidence_int(const Value& v, std::string_view key) {
  const Value* x = v.find(key);
  if (x == nullptr) return std::nullopt;
  if (const auto* i = std::get_if<std::int64_t>(&x->storage())) return *i;
  return std::nullopt;
}
inline const ValueList* evidence_list(const Value& v, std::string_view key) {
  const Value* x = v.find(key);
  return x == nullptr ? nullptr : std::get_if<ValueList>(&x->storage());
}

// n addresses "user<i>@<domain>" spread round-robin over the given domains.
inline std::vector<std::string> people(std::size_t n, std::initializer_list<std::string_view> domains) {
  std::vector<std::string> out;
  const std::vector<std::string_view> ds(domains);
  for (std::size_t i = 0; i < n; ++i) out.push_back("user" + std::to_string(i) + "@" + std::string(ds[i % ds.size()]));
  return out;
}

// A minimal ZIP (local headers, central directory, end record) with empty entries: enough for
// code that reads entry names and flags, never for code that inflates.
struct ZipEntry {
  std::string name;
  std::uint16_t flags = 0;   // bit 0: encrypted
  std::uint16_t method = 0;  // 99: WinZip AES
};
class LittleEndian {
 public:
  LittleEndian& u16(std::uint32_t v) {
    out_.push_back(static_cast<char>(v & 0xFF));
    out_.push_back(static_cast<char>((v >> 8) & 0xFF));
    return *this;
  }
  LittleEndian& u32(std::uint32_t v) { return u16(v & 0xFFFF).u16(v >> 16); }
  LittleEndian& bytes(std::string_view b) {
    out_ += b;
    return *this;
  }
  [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(out_.size()); }
  [[nodiscard]] const std::string& str() const { return out_; }

 private:
  std::string out_;
};

inline std::string zip_of(const std::vector<ZipEntry>& entries) {
  LittleEndian local;
  LittleEndian directory;
  for (const ZipEntry& e : entries) {
    const std::uint32_t offset = local.size();
    const auto name_len = static_cast<std::uint32_t>(e.name.size());
    local.bytes("PK\x03\x04").u16(20).u16(e.flags).u16(e.method).u32(0).u32(0).u32(0).u32(0);
    local.u16(name_len).u16(0).bytes(e.name);
    directory.bytes("PK\x01\x02").u16(20).u16(20).u16(e.flags).u16(e.method).u32(0).u32(0).u32(0).u32(0);
    directory.u16(name_len).u16(0).u16(0).u16(0).u16(0).u32(0).u32(offset).bytes(e.name);
  }
  const auto count = static_cast<std::uint32_t>(entries.size());
  LittleEndian end;
  end.bytes("PK\x05\x06").u16(0).u16(0).u16(count).u16(count).u32(directory.size()).u32(local.size()).u16(0);
  return local.str() + directory.str() + end.str();
}

}  // namespace sg::test
