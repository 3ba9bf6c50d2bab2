// The encrypt operation and its chunks; see encrypt_service.h.
#include "service/encrypt_service.h"

#include <openssl/rand.h>

#include <fmt/format.h>
#include <algorithm>

#include "crypt/aes_zip.h"
#include "crypt/password.h"
#include "host_limits.h"
#include "wire/base64.h"
#include "wire/draft_json.h"
#include "wire/json_io.h"

namespace sg {

namespace {

namespace json = boost::json;

constexpr std::string_view kMethod = "zip-aes256";
constexpr std::size_t kMaxArchiveIdBytes = 64;

Error invalid(std::string path, std::string ja, std::string en) {
  return make_error(ErrorCode::invalid_request, Text{std::move(ja), std::move(en)}, std::move(path));
}

std::size_t kept_bytes(const std::vector<Attachment>& list) {
  std::size_t n = 0;
  for (const Attachment& a : list) n += a.content ? a.content->size() + a.name.size() : 0;
  return n;
}

std::string random_id(std::string_view prefix) {
  unsigned char raw[16];
  if (RAND_bytes(raw, sizeof raw) != 1) return {};
  std::string id(prefix);
  for (unsigned char c : raw) id += fmt::format("{:02x}", c);
  return id;
}

// A file name for inside the archive: mail clients send base names, but a name with a path
// separator or a ".." would be refused by the writer, so those characters become "_".
std::string entry_name(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '/', '_');
  std::replace(out.begin(), out.end(), '\\', '_');
  if (out == "." || out == "..") out = "_";
  return out;
}

// "報告書.pdf" and "報告書.pdf" again become "報告書.pdf" and "報告書 (2).pdf".
std::string unique_name(const std::string& name, const std::vector<std::string>& taken) {
  if (std::find(taken.begin(), taken.end(), name) == taken.end()) return name;
  const auto dot = name.rfind('.');
  const std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
  const std::string ext = dot == std::string::npos || dot == 0 ? "" : name.substr(dot);
  for (int i = 2;; ++i) {
    std::string candidate = fmt::format("{} ({}){}", stem, i, ext);
    if (std::find(taken.begin(), taken.end(), candidate) == taken.end()) return candidate;
  }
}

Result<std::string> archive_name(const json::object& o, const std::vector<const Attachment*>& files, Locale locale) {
  std::string name;
  if (const json::value* v = o.if_contains("archive_name"); v != nullptr && !v->is_null()) {
    if (!v->is_string() || v->get_string().empty() || v->get_string().size() > limits::kMaxAttachmentNameBytes) {
      return invalid("/archive_name", "ファイル名の文字列でなければなりません", "must be a file name");
    }
    name = entry_name(v->get_string());
  } else if (files.size() == 1) {
    const std::string& only = files.front()->name;
    const auto dot = only.rfind('.');
    name = entry_name(dot == std::string::npos || dot == 0 ? only : only.substr(0, dot));
  } else {
    name = locale == Locale::ja ? "添付ファイル" : "attachments";
  }
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!lower.ends_with(".zip")) name += ".zip";
  return name;
}

}  // namespace

EncryptService::EncryptService(AuditLog& audit)
    : audit_(audit),
      kept_(limits::kMaxKeptChecks, limits::kMaxKeptAttachmentBytes, limits::kKeepSeconds),
      archives_(limits::kMaxKeptArchives, limits::kMaxKeptArchiveBytes, limits::kKeepSeconds) {}

void EncryptService::keep_attachments(const std::string& check_id, std::vector<Attachment> attachments) {
  std::erase_if(attachments, [](const Attachment& a) { return !a.content.has_value(); });
  if (attachments.empty()) return;
  const std::size_t bytes = kept_bytes(attachments);
  (void)kept_.put(check_id, std::make_shared<const Kept>(Kept{std::move(attachments)}), bytes);
}

Result<json::object> EncryptService::encrypt(const json::value& params, const Profile& profile,
                                             std::size_t inline_limit) {
  if (!params.is_object()) return invalid("", "オブジェクトでなければなりません", "must be an object");
  const json::object& o = params.get_object();

  // The files: sent inline, or those of a checked draft the host still holds.
  std::shared_ptr<const Kept> kept;
  std::vector<Attachment> inline_files;
  std::vector<const Attachment*> files;
  std::string check_id;
  if (const json::value* a = o.if_contains("attachments"); a != nullptr && !a->is_null()) {
    auto parsed = wire::draft_from_json(json::object{{"attachments", *a}});
    if (!parsed) return std::move(parsed).error();
    inline_files = std::move(parsed->attachments);
    for (std::size_t i = 0; i < inline_files.size(); ++i) {
      if (!inline_files[i].content) {
        return invalid(fmt::format("/attachments/{}/content_base64", i), "暗号化する内容を指定してください",
                       "the content to encrypt is required");
      }
      files.push_back(&inline_files[i]);
    }
  } else {
    const json::value* id = o.if_contains("check_id");
    if (id == nullptr || !id->is_string() || id->get_string().empty()) {
      return invalid("/check_id", "check_id か attachments を指定してください",
                     "either \"check_id\" or \"attachments\" is required");
    }
    check_id = id->get_string();
    kept = kept_.get(check_id);
    if (!kept) {
      return make_error(ErrorCode::not_found,
                        Text{"この確認の添付ファイルはもう保持していません（添付ファイルを送り直してください）",
                             "the attachments of this check are no longer kept (send them inline)"},
                        "/check_id");
    }
    if (const json::value* names = o.if_contains("names"); names != nullptr && !names->is_null()) {
      if (!names->is_array() || names->get_array().size() > limits::kMaxAttachments) {
        return invalid("/names", "ファイル名の配列でなければなりません", "must be an array of attachment names");
      }
      const json::array& arr = names->get_array();
      for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string path = wire::child("/names", i);
        if (!arr[i].is_string()) return invalid(path, "文字列でなければなりません", "must be a string");
        const auto it = std::find_if(kept->attachments.begin(), kept->attachments.end(),
                                     [&](const Attachment& at) { return at.name == arr[i].get_string(); });
        if (it == kept->attachments.end()) {
          return invalid(path, "この確認の添付ファイルにありません", "is not an attachment of this check");
        }
        if (std::find(files.begin(), files.end(), &*it) == files.end()) files.push_back(&*it);
      }
    } else {
      for (const Attachment& at : kept->attachments) files.push_back(&at);
    }
  }
  if (files.empty()) return invalid("/names", "暗号化するファイルがありません", "there is nothing to encrypt");
  auto name = archive_name(o, files, profile.locale());
  if (!name) return std::move(name).error();

  auto password = crypt::generate_password(static_cast<std::size_t>(profile.integer("/encryption/password_length")),
                                           crypt::password_alphabet(profile.choice("/encryption/password_alphabet")));
  if (!password) return std::move(password).error();
  crypt::MemorySink sink(limits::kMaxArchiveBytes);
  crypt::AesZipWriter writer(sink, *password);
  std::vector<std::string> taken;
  json::array entries;
  for (const Attachment* f : files) {
    crypt::ZipEntry entry;
    entry.name = unique_name(entry_name(f->name), taken);
    entry.size = f->content->size();
    taken.push_back(entry.name);
    if (auto st = writer.add(entry, *f->content); !st) return std::move(st).error();
    entries.push_back(json::object{{"name", entry.name}, {"size", f->content->size()}});
  }
  auto summary = writer.finish();
  if (!summary) return std::move(summary).error();
  std::string bytes = std::move(sink.bytes());
  const std::string sha = sha256_hex(bytes);

  // Metadata only: the password and the contents never reach the log.
  json::object record{{"kind", "encrypt"},
                      {"check_id", check_id.empty() ? json::value(nullptr) : json::value(check_id)},
                      {"method", kMethod},
                      {"archive", json::object{{"name", *name}, {"size", bytes.size()}, {"sha256", sha}}},
                      {"entries", entries}};
  if (auto appended = audit_.append(std::move(record)); !appended) return std::move(appended).error();

  json::object archive{{"name", *name},
                       {"content_type", "application/zip"},
                       {"size", bytes.size()},
                       {"sha256", sha},
                       {"entries", std::move(entries)}};
  if (bytes.size() <= inline_limit) {
    archive["content_base64"] = wire::base64_encode(bytes);
  } else {
    const std::string id = random_id("a_");
    if (id.empty()) {
      return make_error(ErrorCode::internal, Text{"乱数を生成できません", "cannot generate random bytes"});
    }
    const std::size_t size = bytes.size();
    if (!archives_.put(id, std::make_shared<const Archive>(Archive{std::move(bytes)}), size)) {
      return make_error(ErrorCode::too_large, Text{"暗号化した ZIP が大きすぎます", "the archive is too large"});
    }
    archive["archive_id"] = id;
    archive["chunk_count"] = (size + limits::kArchiveChunkBytes - 1) / limits::kArchiveChunkBytes;
    archive["chunk_bytes"] = limits::kArchiveChunkBytes;
  }
  return json::object{{"archive", std::move(archive)}, {"password", std::move(*password)}, {"method", kMethod}};
}

Result<json::object> EncryptService::archive_chunk(const json::value& params) {
  if (!params.is_object()) return invalid("", "オブジェクトでなければなりません", "must be an object");
  const json::object& o = params.get_object();
  const json::value* id = o.if_contains("archive_id");
  if (id == nullptr || !id->is_string() || id->get_string().empty() || id->get_string().size() > kMaxArchiveIdBytes) {
    return invalid("/archive_id", "archive_id を指定してください", "\"archive_id\" is required");
  }
  const auto archive = archives_.get(std::string(id->get_string()));
  if (!archive) {
    return make_error(ErrorCode::not_found, Text{"この ZIP はもう保持していません", "this archive is no longer kept"},
                      "/archive_id");
  }
  const json::value* index = o.if_contains("index");
  const std::size_t count = (archive->bytes.size() + limits::kArchiveChunkBytes - 1) / limits::kArchiveChunkBytes;
  if (index == nullptr || !index->is_int64() || index->get_int64() < 0 ||
      static_cast<std::uint64_t>(index->get_int64()) >= count) {
    return invalid("/index", fmt::format("0 から {} までの整数でなければなりません", count - 1),
                   fmt::format("must be an integer from 0 to {}", count - 1));
  }
  const std::size_t i = static_cast<std::size_t>(index->get_int64());
  const std::string_view chunk =
      std::string_view(archive->bytes).substr(i * limits::kArchiveChunkBytes, limits::kArchiveChunkBytes);
  // The shared contract's answer ({index, count, data_base64}) plus the archive it belongs to.
  return json::object{
      {"archive_id", id->get_string()}, {"index", i}, {"count", count}, {"data_base64", wire::base64_encode(chunk)}};
}

}  // namespace sg
