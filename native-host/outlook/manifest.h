// `sendguard outlook manifest`: the Outlook add-in's manifests rendered from the templates in
// addin-manifest/outlook (compiled in) as its README says: every {{NAME}} replaced by a value
// escaped for the file it goes into, an unknown or left-over placeholder an error. XML: the add-in
// only manifest; JSON: the app package (a ZIP of manifest.json, ja-jp.json and the two app icons).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace sg::outlook {

// The unified manifest's name.short allows 30 characters; the XML's DisplayName more.
inline constexpr std::size_t kMaxDisplayNameChars = 30;
inline constexpr std::string_view kDefaultDisplayName = "SendGuard";
inline constexpr std::string_view kDefaultOrigin = "https://localhost:47120";
// In the data directory: the add-in id of this deployment, made once, so every manifest rendered
// here carries the same id (a new id would be a second add-in to Outlook).
inline constexpr std::string_view kAddinIdFileName = "outlook-addin-id";

enum class ManifestFormat { xml, json };
enum class Escaping { xml, json };

struct ManifestValues {
  std::string origin;     // https://localhost:PORT or https://127.0.0.1:PORT, no trailing slash
  std::string addin_id;   // a GUID
  std::string version;    // x.y.z: the host's version, or --manifest-version (each part 0-99999)
  std::string send_mode;  // soft-block, block, prompt-user
  std::string display_name{kDefaultDisplayName};
};

using Placeholders = std::vector<std::pair<std::string, std::string>>;

// Replaces every {{NAME}} of `text` with its value escaped for `escaping`; a name without a value
// or a "{{" left without its "}}" is an internal error (the templates are compiled in).
[[nodiscard]] Result<std::string> render_template(std::string_view text, const Placeholders& values, Escaping escaping);

// What the templates' {{SEND_MODE}} becomes: "SoftBlock" (XML) or "softBlock" (JSON), and so on.
[[nodiscard]] std::optional<std::string> send_mode_spelling(std::string_view send_mode, ManifestFormat format);

// Checks the values a user may give (origin, add-in id, send mode, display name, version):
// invalid_request naming the option, with the origin normalised as browsers send it.
[[nodiscard]] Result<ManifestValues> validated(ManifestValues values);

// The add-in only (XML) manifest.
[[nodiscard]] Result<std::string> render_xml_manifest(const ManifestValues& values);

// The app package for the unified manifest: the ZIP's bytes.
[[nodiscard]] Result<std::string> render_app_package(const ManifestValues& values);

// The add-in id stored in `data_dir` (kAddinIdFileName), made and stored on first use.
[[nodiscard]] Result<std::string> stored_addin_id(const std::filesystem::path& data_dir);

[[nodiscard]] bool is_guid(std::string_view text);

}  // namespace sg::outlook
