// attachment.risky_type: executables, scripts and macro-enabled files, by extension (the last one
// counts, so "invoice.pdf.exe" is an exe), by content (a PE/ELF/Mach-O binary renamed ".txt",
// macros inside an Office file, such files inside a ZIP) and by bidi tricks in the name
// ("invoice<U+202E>fdp.exe" shows as "invoiceexe.pdf").
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "text/utf8.h"

namespace sg::rules {

namespace {

const FindingSpec kRiskyType{"attachment.risky_type",
                             "attachment",
                             Severity::danger,
                             6.0,
                             Text{"実行ファイル・スクリプト・マクロ付きファイルが添付されている",
                                  "An executable, script or macro-enabled file is attached"},
                             std::nullopt};

constexpr std::string_view kExtensions = "/rules/attachment.risky_type/extensions";

// Bounded work on untrusted bytes: where a ZIP's directory may start, how many entries we read,
// and how much of an OLE file we search for a VBA project.
constexpr std::size_t kZipTailWindow = 64 * 1024 + 22;
constexpr std::size_t kMaxZipEntries = 4096;
constexpr std::size_t kOleScanBytes = 8 * 1024 * 1024;

std::vector<Parameter> options() {
  ValueList defaults;
  for (const char* e : {// Windows executables, installers and shortcuts
                        "exe", "com", "scr", "pif", "cpl", "dll", "ocx", "sys", "drv", "msi", "msp", "mst", "msix",
                        "msixbundle", "appx", "appxbundle", "application", "appref-ms", "gadget", "lnk", "url", "scf",
                        "inf", "reg", "msc", "chm", "hta", "xll",
                        // scripts
                        "bat", "cmd", "ps1", "psm1", "psd1", "ps1xml", "vb", "vbs", "vbe", "js", "jse", "wsf", "wsh",
                        "wsc", "sct", "jar", "sh", "bash", "command", "csh", "ksh",
                        // disk images that mount and run (mark-of-the-web bypass)
                        "iso", "img", "vhd", "vhdx", "dmg",
                        // macro-enabled Office files
                        "docm", "dotm", "xlsm", "xltm", "xlam", "xla", "pptm", "potm", "ppam", "ppsm", "sldm",
                        // other platforms
                        "apk", "app", "pkg", "deb", "rpm", "run"}) {
    defaults.emplace_back(e);
  }
  return {rule_option(kRiskyType.id, "extensions", ParamType::extension_list, Value(std::move(defaults)),
                      Text{"実行ファイル・スクリプト・マクロ付きファイルとみなす拡張子（ドットなし）",
                           "File extensions (without the dot) treated as executables, scripts or macro-enabled "
                           "files"})};
}

std::uint32_t le16(std::string_view s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8);
}
std::uint32_t le32(std::string_view s, std::size_t at) {
  return le16(s, at) | (le16(s, at + 2) << 16);
}

// The last extension, lower-case, of a file name or ZIP entry ("" when there is none). Windows
// ignores trailing dots and spaces, so "setup.exe. " still runs as an exe.
std::string extension_of(std::string_view name) {
  if (const std::size_t slash = name.find_last_of("/\\"); slash != std::string_view::npos) {
    name.remove_prefix(slash + 1);
  }
  while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.remove_suffix(1);
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return text::ascii_lower(name.substr(dot + 1));
}

// Explicit bidi embeddings, overrides and isolates: no file name needs them, and they make a
// name display differently from what it is.
bool has_bidi_control(std::string_view name) {
  for (std::size_t i = 0; i < name.size();) {
    const char32_t cp = text::decode_utf8(name, i);
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return true;
  }
  return false;
}

// What an executable looks like from its first bytes; "" when it does not.
std::string_view executable_kind(std::string_view c) {
  if (c.size() >= 0x40 && c.starts_with("MZ")) {
    const std::size_t pe = le32(c, 0x3C);  // e_lfanew: a bare "MZ" at the start of a text is no proof
    if (pe + 4 <= c.size() && c.compare(pe, 4, std::string_view("PE\0\0", 4)) == 0) return "windows_executable";
  }
  if (c.starts_with("\x7F"
                    "ELF"))
    return "elf_executable";
  static constexpr std::array<std::string_view, 4> kMachO = {"\xFE\xED\xFA\xCE", "\xFE\xED\xFA\xCF", "\xCE\xFA\xED\xFE",
                                                             "\xCF\xFA\xED\xFE"};
  for (std::string_view m : kMachO) {
    if (c.starts_with(m)) return "macho_executable";
  }
  return {};
}

// Entry names from a ZIP's central directory (stored uncompressed, even in encrypted archives).
std::vector<std::string_view> zip_entry_names(std::string_view z) {
  std::vector<std::string_view> names;
  if (z.size() < 22) return names;
  const std::size_t from = z.size() - std::min(z.size(), kZipTailWindow);
  std::size_t eocd = std::string_view::npos;
  for (std::size_t i = z.size() - 22;; --i) {
    if (z.compare(i, 4, "PK\x05\x06") == 0) {
      eocd = i;
      break;
    }
    if (i == from || i == 0) break;
  }
  if (eocd == std::string_view::npos) return names;
  const std::size_t count = le16(z, eocd + 10);
  std::size_t pos = le32(z, eocd + 16);
  for (std::size_t n = 0; n < count && n < kMaxZipEntries; ++n) {
    if (pos > z.size() || z.size() - pos < 46 || z.compare(pos, 4, "PK\x01\x02") != 0) break;
    const std::size_t name_len = le16(z, pos + 28);
    if (z.size() - pos - 46 < name_len) break;
    names.push_back(z.substr(pos + 46, name_len));
    pos += 46 + name_len + le16(z, pos + 30) + le16(z, pos + 32);
  }
  return names;
}

bool ends_with_ascii_ci(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && text::iequals_ascii(s.substr(s.size() - suffix.size()), suffix);
}

// An OLE (legacy Office) file whose directory names a VBA project stream: a .doc/.xls with macros.
bool ole_has_vba(std::string_view c) {
  static constexpr std::string_view kOle = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  if (!c.starts_with(kOle)) return false;
  static const std::string kVbaName = [] {
    std::string utf16;
    for (char ch : std::string_view("_VBA_PROJECT")) {
      utf16.push_back(ch);
      utf16.push_back('\0');
    }
    return utf16;
  }();
  return c.substr(0, std::min(c.size(), kOleScanBytes)).find(kVbaName) != std::string_view::npos;
}

struct Risk {
  std::string reason;  // extension, executable_content, macro_content, archive_entry, bidi_control
  std::string detail;
};

std::optional<Risk> risk_of(const Attachment& a, const std::vector<std::string>& extensions) {
  const auto listed = [&](const std::string& ext) {
    return !ext.empty() && std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
  };
  if (has_bidi_control(a.name)) return Risk{"bidi_control", extension_of(a.name)};
  if (std::string ext = extension_of(a.name); listed(ext)) return Risk{"extension", std::move(ext)};
  if (!a.content) return std::nullopt;
  const std::string_view c = *a.content;
  if (std::string_view kind = executable_kind(c); !kind.empty()) return Risk{"executable_content", std::string(kind)};
  if (ole_has_vba(c)) return Risk{"macro_content", "vba_project"};
  for (std::string_view entry : zip_entry_names(c)) {
    // OOXML keeps macros in vbaProject.bin: an .xlsm renamed .xlsx still carries them.
    if (ends_with_ascii_ci(entry, "vbaProject.bin")) return Risk{"macro_content", "vba_project"};
    if (!entry.empty() && entry.back() != '/' && listed(extension_of(entry))) {
      return Risk{"archive_entry", std::string(entry)};
    }
  }
  return std::nullopt;
}

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  const std::vector<std::string>& extensions = ctx.profile.list(kExtensions);
  std::vector<std::string> names;
  ValueList listed;
  for (const AttachmentFact& a : ctx.facts.attachments) {
    std::optional<Risk> risk = risk_of(*a.attachment, extensions);
    if (!risk) continue;
    names.push_back(a.attachment->name);
    listed.push_back(Value::object()
                         .set("name", a.attachment->name)
                         .set("reason", std::move(risk->reason))
                         .set("detail", std::move(risk->detail)));
  }
  if (names.empty()) return;
  const Text what = listed_names(names);
  Finding f = make_finding(
      kRiskyType,
      Text{fmt::format(
               "実行ファイル・スクリプト・マクロ付きのファイル（{}）が添付されています。送ってよいか確認してください",
               what.ja),
           fmt::format("{} {} an executable, script or macro-enabled file; check that it should be sent", what.en,
                       names.size() == 1 ? "is" : "are each")});
  for (const std::string& n : names) f.targets.push_back(Target::attachment(n));
  f.evidence.set("attachments", std::move(listed));
  out.push_back(std::move(f));
}

}  // namespace

Rule attachment_risky_type() {
  return Rule{"attachment_risky_type", {kRiskyType}, options(), run};
}

}  // namespace sg::rules
