// The Outlook add-in's files as the host serves them at /addin/outlook/<name> and
// /addin/dialog/<name>: from the copy compiled into the binary, or (`serve --web-ui-dir DIR`, for
// development) from DIR/outlook and DIR/dialog on disk; launchevent.js with the host's settings
// written into its SG_HOST_CONFIG line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sg::outlook {

// A file read from --web-ui-dir larger than this is refused (the real ones are tens of KiB).
inline constexpr std::size_t kMaxAddinFileBytes = 8u * 1024 * 1024;

// The script Outlook's JavaScript-only runtime (classic Outlook on Windows) loads on Send; it
// caches the script and has no page origin, so the host writes what it needs into it.
inline constexpr std::string_view kLaunchEventScript = "launchevent.js";
inline constexpr std::string_view kHostConfigMarker = "const SG_HOST_CONFIG = ";

// What the host writes into launchevent.js's SG_HOST_CONFIG line.
struct ScriptSettings {
  std::string origin;     // https://localhost:PORT or https://127.0.0.1:PORT, as the request named the host
  std::string send_mode;  // profile /outlook/send_mode: soft-block, block, prompt-user
  std::string fail_mode;  // profile /client/fail_mode: closed, open
  std::int64_t host_timeout_seconds = 0;  // profile /client/host_timeout_seconds
};

struct AddinFile {
  std::string content_type;
  std::string bytes;
  std::string etag;  // a strong validator of `bytes`, quoted
};

// The two folders of web-ui the add-in's URL space maps.
[[nodiscard]] bool is_addin_folder(std::string_view folder);

// A name the URL space admits: [A-Za-z0-9._-], not starting with a dot (so no "..", no hidden files).
[[nodiscard]] bool is_servable_name(std::string_view name);

// The Content-Type for a file name by its extension; nullopt for a type the host does not serve.
[[nodiscard]] std::optional<std::string_view> content_type_of(std::string_view name);

// The file `name` of web-ui/`folder`: nullopt when there is none (or the name or type is not
// servable). From the embedded copy when `web_ui_dir` is empty, else from web_ui_dir/folder/name.
// launchevent.js gets `settings`; one without its SG_HOST_CONFIG line is an internal error.
[[nodiscard]] Result<std::optional<AddinFile>> find_addin_file(std::string_view folder, std::string_view name,
                                                               const std::filesystem::path& web_ui_dir,
                                                               const ScriptSettings& settings);

// Replaces the JSON of the one line that starts with kHostConfigMarker and ends with ";" by
// `settings` as a JSON object. Zero or several such lines (or a marker line not ending in ";")
// are an internal error: the script would run without the host's origin.
[[nodiscard]] Result<std::string> write_script_settings(std::string_view script, const ScriptSettings& settings);

// A strong ETag for `bytes` (the first 128 bits of their SHA-256, quoted).
[[nodiscard]] std::string etag_of(std::string_view bytes);

// Whether an If-None-Match header value names `etag` (or is "*"); weak comparison (RFC 9110 13.1.2).
[[nodiscard]] bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace sg::outlook
