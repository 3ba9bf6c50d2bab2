// The draft of api.md from JSON: strict types, JSON Pointer paths on every error.
#include "wire/draft_json.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "host_limits.h"
#include "text/utf8.h"
#include "wire/base64.h"
#include "wire/json_io.h"

namespace sg::wire {

namespace json = boost::json;

namespace {

Error invalid(std::string path, std::string ja, std::string en) {
  return make_error(ErrorCode::invalid_request, Text{std::move(ja), std::move(en)}, std::move(path));
}

Error too_large(std::string path, std::string ja, std::string en) {
  return make_error(ErrorCode::too_large, Text{std::move(ja), std::move(en)}, std::move(path));
}

// An optional string member: absent or null leaves `out` unchanged.
Status get_string(const json::object& o, std::string_view key, const std::string& path, std::size_t max,
                  std::string& out) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return Ok{};
  if (!v->is_string()) return invalid(path, "文字列でなければなりません", "must be a string");
  const json::string& s = v->get_string();
  if (s.size() > max) {
    return too_large(path, fmt::format("{} バイトを超えています", max), fmt::format("is longer than {} bytes", max));
  }
  out.assign(s.data(), s.size());
  return Ok{};
}

}  // namespace

Result<Address> address_from_json(const json::value& v, const std::string& path) {
  if (v.is_string()) {
    auto a = parse_mailbox(v.get_string());
    if (!a) {
      Error e = std::move(a).error();
      e.path = path;
      return e;
    }
    return a;
  }
  if (v.is_object()) {
    const json::object& o = v.get_object();
    const json::value* addr = o.if_contains("address");
    if (addr == nullptr || !addr->is_string()) {
      return invalid(child(path, "address"), "\"address\" に文字列でアドレスを指定してください",
                     "\"address\" is required and must be a string");
    }
    std::string name;
    if (auto st = get_string(o, "name", child(path, "name"), kMaxMailboxTextBytes, name); !st) return st.error();
    auto a = make_address(name, addr->get_string());
    if (!a) {
      Error e = std::move(a).error();
      e.path = child(path, "address");
      return e;
    }
    return a;
  }
  return invalid(path, "アドレスは \"名前 <addr>\" の文字列か {\"name\", \"address\"} のオブジェクトで指定してください",
                 "an address is a \"Name <addr>\" string or a {\"name\", \"address\"} object");
}

Result<std::vector<Address>> addresses_from_json(const json::object& parent, std::string_view key,
                                                 const std::string& path, std::size_t max) {
  std::vector<Address> out;
  const json::value* v = parent.if_contains(key);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return invalid(path, "配列でなければなりません", "must be an array");
  const json::array& arr = v->get_array();
  if (arr.size() > max) {
    return too_large(path, fmt::format("宛先は {} 件までです", max), fmt::format("at most {} addresses", max));
  }
  out.reserve(arr.size());
  for (std::size_t i = 0; i < arr.size(); ++i) {
    auto a = address_from_json(arr[i], child(path, i));
    if (!a) return std::move(a).error();
    out.push_back(std::move(*a));
  }
  return out;
}

Result<Draft> draft_from_json(const json::value& doc) {
  if (!doc.is_object())
    return invalid("", "下書きは JSON オブジェクトでなければなりません", "the draft must be a JSON object");
  const json::object& o = doc.get_object();
  Draft d;

  // Limits on counts first, before any address or attachment is built.
  std::size_t recipients = 0;
  for (std::string_view f : {"to", "cc", "bcc"}) {
    if (const json::value* v = o.if_contains(f); v != nullptr && v->is_array()) recipients += v->get_array().size();
  }
  if (recipients > limits::kMaxRecipients) {
    return too_large("/to", fmt::format("宛先（To/Cc/Bcc の合計）は {} 件までです", limits::kMaxRecipients),
                     fmt::format("at most {} recipients in to, cc and bcc together", limits::kMaxRecipients));
  }

  if (const json::value* c = o.if_contains("client"); c != nullptr && !c->is_null()) {
    if (!c->is_object()) return invalid("/client", "オブジェクトでなければなりません", "must be an object");
    if (auto st = get_string(c->get_object(), "name", "/client/name", limits::kMaxShortStringBytes, d.client_name);
        !st) {
      return st.error();
    }
    if (auto st =
            get_string(c->get_object(), "version", "/client/version", limits::kMaxShortStringBytes, d.client_version);
        !st) {
      return st.error();
    }
  }
  std::string locale;
  if (auto st = get_string(o, "locale", "/locale", limits::kMaxShortStringBytes, locale); !st) return st.error();
  if (!locale.empty()) {
    if (text::ascii_lower(locale).starts_with("ja")) {
      d.locale = Locale::ja;
    } else if (text::ascii_lower(locale).starts_with("en")) {
      d.locale = Locale::en;
    }
    // Other languages fall back to the profile's locale.
  }
  if (const json::value* f = o.if_contains("from"); f != nullptr && !f->is_null()) {
    auto a = address_from_json(*f, "/from");
    if (!a) return std::move(a).error();
    d.from = std::move(*a);
  }
  for (auto [key, field] : {std::pair{"to", &d.to}, std::pair{"cc", &d.cc}, std::pair{"bcc", &d.bcc}}) {
    auto list = addresses_from_json(o, key, std::string("/") + key, limits::kMaxRecipients);
    if (!list) return std::move(list).error();
    *field = std::move(*list);
  }
  if (auto st = get_string(o, "subject", "/subject", limits::kMaxSubjectBytes, d.subject); !st) return st.error();

  if (const json::value* b = o.if_contains("body"); b != nullptr && !b->is_null()) {
    if (!b->is_object()) {
      return invalid("/body", "{\"text\", \"html\"} のオブジェクトでなければなりません",
                     "must be an object with \"text\" and/or \"html\"");
    }
    const json::object& bo = b->get_object();
    for (auto [key, slot] : {std::pair{"text", &d.body.text}, std::pair{"html", &d.body.html}}) {
      if (bo.if_contains(key) == nullptr || bo.at(key).is_null()) continue;
      std::string s;
      if (auto st = get_string(bo, key, std::string("/body/") + key, limits::kMaxBodyBytes, s); !st) {
        return st.error();
      }
      if (!text::is_valid_utf8(s)) {
        return invalid(std::string("/body/") + key, "正しい UTF-8 ではありません", "is not valid UTF-8");
      }
      *slot = std::move(s);
    }
  }

  if (const json::value* a = o.if_contains("attachments"); a != nullptr && !a->is_null()) {
    if (!a->is_array()) return invalid("/attachments", "配列でなければなりません", "must be an array");
    const json::array& arr = a->get_array();
    if (arr.size() > limits::kMaxAttachments) {
      return too_large("/attachments", fmt::format("添付ファイルは {} 個までです", limits::kMaxAttachments),
                       fmt::format("at most {} attachments", limits::kMaxAttachments));
    }
    std::size_t total = 0;
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string path = child("/attachments", i);
      if (!arr[i].is_object()) return invalid(path, "オブジェクトでなければなりません", "must be an object");
      const json::object& ao = arr[i].get_object();
      Attachment att;
      const json::value* name = ao.if_contains("name");
      if (name == nullptr || !name->is_string() || name->get_string().empty()) {
        return invalid(child(path, "name"), "\"name\" にファイル名を指定してください",
                       "\"name\" is required and must be a non-empty string");
      }
      if (auto st = get_string(ao, "name", child(path, "name"), limits::kMaxAttachmentNameBytes, att.name); !st) {
        return st.error();
      }
      if (!text::is_valid_utf8(att.name)) {
        return invalid(child(path, "name"), "正しい UTF-8 ではありません", "is not valid UTF-8");
      }
      if (auto st = get_string(ao, "content_type", child(path, "content_type"), limits::kMaxShortStringBytes,
                               att.content_type);
          !st) {
        return st.error();
      }
      if (const json::value* size = ao.if_contains("size"); size != nullptr && !size->is_null()) {
        if (size->is_int64() && size->get_int64() >= 0) {
          att.size = static_cast<std::uint64_t>(size->get_int64());
        } else if (size->is_uint64()) {
          att.size = size->get_uint64();
        } else {
          return invalid(child(path, "size"), "0 以上の整数でなければなりません", "must be a non-negative integer");
        }
      }
      if (const json::value* content = ao.if_contains("content_base64"); content != nullptr && !content->is_null()) {
        const std::string cpath = child(path, "content_base64");
        if (!content->is_string()) return invalid(cpath, "文字列でなければなりません", "must be a string");
        const json::string& enc = content->get_string();
        const std::size_t bound = base64_decoded_bound(enc.size());
        if (bound > limits::kMaxAttachmentBytes + 3) {
          return too_large(cpath, fmt::format("添付ファイル 1 個は {} バイトまでです", limits::kMaxAttachmentBytes),
                           fmt::format("an attachment may hold at most {} bytes", limits::kMaxAttachmentBytes));
        }
        if (total + bound > limits::kMaxTotalAttachmentBytes + 3 * (i + 1)) {
          return too_large(
              cpath, fmt::format("添付ファイルの合計は {} バイトまでです", limits::kMaxTotalAttachmentBytes),
              fmt::format("attachments may hold at most {} bytes together", limits::kMaxTotalAttachmentBytes));
        }
        auto bytes = base64_decode(enc);
        if (!bytes) return invalid(cpath, "正しい base64 ではありません", "is not valid base64");
        total += bytes->size();
        att.size = bytes->size();
        att.content = std::move(*bytes);
      }
      d.attachments.push_back(std::move(att));
    }
  }

  if (const json::value* ct = o.if_contains("compose_type"); ct != nullptr && !ct->is_null()) {
    std::optional<ComposeType> t;
    if (ct->is_string()) t = parse_compose_type(ct->get_string());
    if (!t) {
      return invalid("/compose_type", "new, reply, reply_all, forward, draft のいずれかでなければなりません",
                     "must be one of new, reply, reply_all, forward, draft");
    }
    d.compose_type = *t;
  }
  auto orig = addresses_from_json(o, "original_recipients", "/original_recipients", limits::kMaxOriginalRecipients);
  if (!orig) return std::move(orig).error();
  d.original_recipients = std::move(*orig);
  return d;
}

}  // namespace sg::wire
