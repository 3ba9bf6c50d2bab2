// Files compiled into sendguard at build time (native-host/outlook/embed_files.cmake), so the host
// is self-contained: the Outlook add-in's pages, scripts and icons, and the manifest templates.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace sg::outlook {

struct EmbeddedFile {
  std::string_view folder;  // "outlook" or "dialog" (web-ui/<folder>); "outlook" for the templates
  std::string_view name;    // the file name, [A-Za-z0-9._-]
  std::string_view bytes;
};

// Every servable file of web-ui/outlook and web-ui/dialog (html, js, css, png, svg, json).
[[nodiscard]] std::span<const EmbeddedFile> embedded_addin_files();

// addin-manifest/outlook/*.in: what `sendguard outlook manifest` renders.
[[nodiscard]] std::span<const EmbeddedFile> embedded_manifest_templates();

}  // namespace sg::outlook
