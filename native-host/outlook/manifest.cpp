// `sendguard outlook manifest`: templates in, manifests and the app package out.
#include "outlook/manifest.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "outlook/embedded_files.h"
#include "outlook/stored_zip.h"
#include "platform/files.h"
#include "policy/origin.h"
#include "text/utf8.h"

namespace sg::outlook {

namespace {

namespace fs = std::filesystem;

// The app icons the unified manifest names ("icons"), copied into the package from web-ui/outlook.
constexpr std::array<std::string_view, 2> kPackageIcons = {"icon-192.png", "icon-outline-32.png"};
constexpr std::string_view kLockSuffix = ".lock";
constexpr std::size_t kAddinIdFileMaxBytes = 256;
// The XML manifest's <Version> allows up to five digits per part (MS-OWEMXML); the unified
// manifest's "version" is x.y.z without leading zeros.
constexpr std::size_t kMaxVersionPartDigits = 5;
constexpr std::size_t kVersionParts = 3;

struct SendModeSpelling {
  std::string_view option;  // --send-mode and the profile's /outlook/send_mode
  std::string_view xml;
  std::string_view json;  // the unified schema's enum
};

constexpr std::array<SendModeSpelling, 3> kSendModes{{
    {"soft-block", "SoftBlock", "softBlock"},
    {"block", "Block", "block"},
    {"prompt-user", "PromptUser", "promptUser"},
}};

Error internal(std::string ja, std::string en) {
  return make_error(ErrorCode::internal, Text{std::move(ja), std::move(en)});
}

Error bad_option(std::string_view option, std::string ja, std::string en) {
  return make_error(ErrorCode::invalid_request,
                    Text{fmt::format("{}: {}", option, ja), fmt::format("{}: {}", option, en)});
}

std::string escape(std::string_view value, Escaping escaping) {
  if (escaping == Escaping::json) {
    const std::string quoted = boost::json::serialize(boost::json::string(value));
    return quoted.substr(1, quoted.size() - 2);
  }
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

Result<std::string_view> template_text(std::string_view name) {
  for (const EmbeddedFile& f : embedded_manifest_templates()) {
    if (f.name == name) return f.bytes;
  }
  return internal(fmt::format("組み込みのテンプレート {} がありません", name),
                  fmt::format("the built-in template {} is missing", name));
}

Result<std::string_view> addin_file(std::string_view name) {
  for (const EmbeddedFile& f : embedded_addin_files()) {
    if (f.folder == "outlook" && f.name == name) return f.bytes;
  }
  return internal(fmt::format("組み込みの web-ui/outlook/{} がありません", name),
                  fmt::format("the built-in web-ui/outlook/{} is missing", name));
}

Placeholders placeholders(const ManifestValues& v, ManifestFormat format) {
  return {{"ORIGIN", v.origin},
          {"ADDIN_ID", v.addin_id},
          {"VERSION", v.version},
          {"VERSION4", v.version + ".0"},
          {"SEND_MODE", send_mode_spelling(v.send_mode, format).value_or("")},
          {"DISPLAY_NAME", v.display_name}};
}

Result<std::string> render(std::string_view template_name, const ManifestValues& v, ManifestFormat format) {
  auto text = template_text(template_name);
  if (!text) return std::move(text).error();
  return render_template(*text, placeholders(v, format),
                         format == ManifestFormat::xml ? Escaping::xml : Escaping::json);
}

// x.y.z, each part 0 or digits without a leading zero, at most kMaxVersionPartDigits.
bool is_manifest_version(std::string_view v) {
  std::size_t parts = 0;
  while (true) {
    const std::size_t dot = v.find('.');
    const std::string_view part = v.substr(0, dot);
    if (part.empty() || part.size() > kMaxVersionPartDigits || (part.size() > 1 && part.front() == '0') ||
        part.find_first_not_of("0123456789") != std::string_view::npos) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    v.remove_prefix(dot + 1);
  }
  return parts == kVersionParts;
}

std::string new_guid() {
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) return {};
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4: random
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return fmt::format(
      "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}", b[0],
      b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

}  // namespace

Result<std::string> render_template(std::string_view text, const Placeholders& values, Escaping escaping) {
  std::string out;
  out.reserve(text.size() + 1024);
  std::size_t pos = 0;
  for (;;) {
    const std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find("}}", open + 2);
    const std::size_t next_open = text.find("{{", open + 2);
    if (close == std::string_view::npos || (next_open != std::string_view::npos && next_open < close)) {
      const std::string near(text.substr(open, 20));
      return internal(fmt::format("テンプレートの「{}」付近のプレースホルダーが閉じていません", near),
                      fmt::format("malformed placeholder near \"{}\" in the template", near));
    }
    const std::string_view name = text.substr(open + 2, close - open - 2);
    const auto value = std::find_if(values.begin(), values.end(), [&](const auto& kv) { return kv.first == name; });
    if (value == values.end()) {
      return internal(fmt::format("テンプレートのプレースホルダー {{{{{}}}}} に値がありません", name),
                      fmt::format("unreplaced placeholder {{{{{}}}}} in the template", name));
    }
    out.append(text.substr(pos, open - pos));
    out += escape(value->second, escaping);
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

std::optional<std::string> send_mode_spelling(std::string_view send_mode, ManifestFormat format) {
  for (const SendModeSpelling& m : kSendModes) {
    if (m.option == send_mode) return std::string(format == ManifestFormat::xml ? m.xml : m.json);
  }
  return std::nullopt;
}

bool is_guid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

Result<ManifestValues> validated(ManifestValues v) {
  const auto origin = normalise_origin(v.origin);
  // The host serves only loopback names over HTTPS (its Host check refuses any other name).
  if (!origin || !(origin->starts_with("https://localhost:") || origin->starts_with("https://127.0.0.1:") ||
                   *origin == "https://localhost" || *origin == "https://127.0.0.1")) {
    return bad_option(
        "--origin",
        fmt::format("{} は使えません。https://localhost:PORT か https://127.0.0.1:PORT を指定してください", v.origin),
        fmt::format("{} is refused: give https://localhost:PORT or https://127.0.0.1:PORT", v.origin));
  }
  v.origin = *origin;
  if (!is_guid(v.addin_id)) {
    return bad_option("--addin-id",
                      fmt::format("{} は GUID（xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx）ではありません", v.addin_id),
                      fmt::format("{} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", v.addin_id));
  }
  if (!send_mode_spelling(v.send_mode, ManifestFormat::xml)) {
    return bad_option("--send-mode",
                      fmt::format("{} は soft-block、block、prompt-user のどれでもありません", v.send_mode),
                      fmt::format("{} is none of soft-block, block, prompt-user", v.send_mode));
  }
  if (!is_manifest_version(v.version)) {
    return bad_option("--manifest-version",
                      fmt::format("{} は x.y.z の形（各部分は 0〜99999）ではありません", v.version),
                      fmt::format("{} is not x.y.z (each part 0 to 99999)", v.version));
  }
  const bool printable = text::is_valid_utf8(v.display_name) &&
                         std::none_of(v.display_name.begin(), v.display_name.end(),
                                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  const std::size_t chars = printable ? text::count_code_points(v.display_name) : 0;
  if (!printable || chars == 0 || chars > kMaxDisplayNameChars || text::trim(v.display_name).empty()) {
    return bad_option(
        "--display-name",
        fmt::format("1 文字以上 {} 文字以下の、制御文字を含まない名前にしてください", kMaxDisplayNameChars),
        fmt::format("give 1 to {} characters without control characters", kMaxDisplayNameChars));
  }
  return v;
}

Result<std::string> render_xml_manifest(const ManifestValues& values) {
  return render("manifest.xml.in", values, ManifestFormat::xml);
}

Result<std::string> render_app_package(const ManifestValues& values) {
  auto manifest = render("manifest.json.in", values, ManifestFormat::json);
  if (!manifest) return std::move(manifest).error();
  auto ja = render("ja-jp.json.in", values, ManifestFormat::json);
  if (!ja) return std::move(ja).error();
  std::vector<ZipMember> members{{"manifest.json", *manifest}, {"ja-jp.json", *ja}};
  for (const std::string_view icon : kPackageIcons) {
    auto bytes = addin_file(icon);
    if (!bytes) return std::move(bytes).error();
    members.push_back({std::string(icon), *bytes});
  }
  return stored_zip(members);
}

Result<std::string> stored_addin_id(const fs::path& data_dir) {
  if (auto st = ensure_private_dir(data_dir); !st) return st.error();
  const fs::path file = data_dir / std::string(kAddinIdFileName);
  fs::path lock = file;
  lock += std::string(kLockSuffix);
  std::string id;
  // Two renders at once must not make two ids.
  auto st = with_exclusive_lock(lock, [&]() -> Status {
    std::error_code ec;
    if (fs::exists(file, ec)) {
      auto text = read_file(file, kAddinIdFileMaxBytes);
      if (!text) return text.error();
      id = std::string(text::trim(*text));
      if (!is_guid(id)) {
        return internal(fmt::format("{} に GUID がありません。正しい ID を書くか、削除すると新しい ID を作ります"
                                    "（新しい ID の Outlook アドインは別のアドインとして扱われます）",
                                    file.string()),
                        fmt::format("{} holds no GUID; write the right id into it, or remove it to make a new one "
                                    "(Outlook treats an add-in with a new id as another add-in)",
                                    file.string()));
      }
      return Ok{};
    }
    id = new_guid();
    if (id.empty()) return internal("乱数を得られません", "no random bytes available");
    return write_file_atomically(file, id + "\n", false);
  });
  if (!st) return st.error();
  return id;
}

}  // namespace sg::outlook
