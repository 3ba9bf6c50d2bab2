// Locale tags as clients and environments spell them.
#include "core/text.h"

namespace sg {

namespace {
bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return s.size() == prefix.size() || s[prefix.size()] == '-' || s[prefix.size()] == '_' || s[prefix.size()] == '.';
}
}  // namespace

Locale parse_locale(std::string_view tag, Locale fallback) {
  if (starts_with_ci(tag, "ja")) return Locale::ja;
  if (starts_with_ci(tag, "en")) return Locale::en;
  return fallback;
}

std::string_view locale_name(Locale locale) {
  return locale == Locale::ja ? "ja" : "en";
}

}  // namespace sg
