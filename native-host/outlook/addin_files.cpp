// The Outlook add-in's files: embedded or from --web-ui-dir, typed, tagged, launchevent.js filled in.
#include "outlook/addin_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <system_error>

#include "outlook/embedded_files.h"
#include "platform/files.h"
#include "service/audit_log.h"
#include "text/utf8.h"

namespace sg::outlook {

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct TypeByExtension {
  std::string_view extension;
  std::string_view content_type;
};

// What web-ui holds and the add-in loads; anything else (README.md, source maps) is not served.
constexpr std::array<TypeByExtension, 7> kTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".png", "image/png"},
    {".svg", "image/svg+xml"},
    {".json", "application/json; charset=utf-8"},
}};

// The ETag carries this many hex digits of the SHA-256: 128 bits, plenty to tell versions apart.
constexpr std::size_t kEtagHexDigits = 32;

Error internal(std::string ja, std::string en) {
  return make_error(ErrorCode::internal, Text{std::move(ja), std::move(en)});
}

std::optional<std::string> embedded_bytes(std::string_view folder, std::string_view name) {
  for (const EmbeddedFile& f : embedded_addin_files()) {
    if (f.folder == folder && f.name == name) return std::string(f.bytes);
  }
  return std::nullopt;
}

Result<std::optional<std::string>> disk_bytes(const fs::path& dir, std::string_view folder, std::string_view name) {
  const fs::path p = dir / fs::path(std::string(folder)) / fs::path(std::string(name));
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::optional<std::string>{};
  auto bytes = read_file(p, kMaxAddinFileBytes);
  if (!bytes) return std::move(bytes).error();
  return std::optional<std::string>(std::move(*bytes));
}

}  // namespace

bool is_addin_folder(std::string_view folder) {
  return folder == "outlook" || folder == "dialog";
}

bool is_servable_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

std::optional<std::string_view> content_type_of(std::string_view name) {
  const std::string lower = text::ascii_lower(name);
  for (const TypeByExtension& t : kTypes) {
    if (lower.size() > t.extension.size() && lower.ends_with(t.extension)) return t.content_type;
  }
  return std::nullopt;
}

Result<std::optional<AddinFile>> find_addin_file(std::string_view folder, std::string_view name,
                                                 const fs::path& web_ui_dir, const ScriptSettings& settings) {
  const auto type = content_type_of(name);
  if (!is_addin_folder(folder) || !is_servable_name(name) || !type) return std::optional<AddinFile>{};
  std::optional<std::string> bytes;
  if (web_ui_dir.empty()) {
    bytes = embedded_bytes(folder, name);
  } else {
    auto read = disk_bytes(web_ui_dir, folder, name);
    if (!read) return std::move(read).error();
    bytes = std::move(*read);
  }
  if (!bytes) return std::optional<AddinFile>{};
  if (folder == "outlook" && name == kLaunchEventScript) {
    auto filled = write_script_settings(*bytes, settings);
    if (!filled) return std::move(filled).error();
    bytes = std::move(*filled);
  }
  AddinFile file{std::string(*type), std::move(*bytes), {}};
  file.etag = etag_of(file.bytes);
  return std::optional<AddinFile>(std::move(file));
}

Result<std::string> write_script_settings(std::string_view script, const ScriptSettings& settings) {
  const json::object config{{"origin", settings.origin},
                            {"send_mode", settings.send_mode},
                            {"fail_mode", settings.fail_mode},
                            {"host_timeout_seconds", settings.host_timeout_seconds}};
  std::string out;
  out.reserve(script.size() + 256);
  int found = 0;
  std::size_t pos = 0;
  while (pos < script.size()) {
    std::size_t eol = script.find('\n', pos);
    const std::size_t next = eol == std::string_view::npos ? script.size() : eol + 1;
    std::string_view line = script.substr(pos, (eol == std::string_view::npos ? script.size() : eol) - pos);
    pos = next;
    const bool cr = line.ends_with('\r');
    if (cr) line.remove_suffix(1);
    if (!line.starts_with(kHostConfigMarker)) {
      out.append(line);
    } else {
      const std::string_view content = text::trim(line);
      if (!content.ends_with(';')) {
        return internal(fmt::format("{} の SG_HOST_CONFIG の行が「;」で終わっていません", kLaunchEventScript),
                        fmt::format("the SG_HOST_CONFIG line of {} does not end with \";\"", kLaunchEventScript));
      }
      ++found;
      out.append(kHostConfigMarker);
      out.append(json::serialize(config));
      out.append(";");
    }
    if (cr) out.push_back('\r');
    if (eol != std::string_view::npos) out.push_back('\n');
  }
  if (found != 1) {
    return internal(fmt::format("{} には「{}」で始まる行がちょうど 1 行必要です（{} 行あります）", kLaunchEventScript,
                                kHostConfigMarker, found),
                    fmt::format("{} must have exactly one line starting with \"{}\" (it has {})", kLaunchEventScript,
                                kHostConfigMarker, found));
  }
  return out;
}

std::string etag_of(std::string_view bytes) {
  return "\"" + sha256_hex(bytes).substr(0, kEtagHexDigits) + "\"";
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view tag = text::trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

}  // namespace sg::outlook
