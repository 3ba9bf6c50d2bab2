// A user-visible string in every language SendGuard speaks (Japanese and English).
#pragma once

#include <string>
#include <string_view>

namespace sg {

enum class Locale { ja, en };

struct Text {
  std::string ja;
  std::string en;

  [[nodiscard]] const std::string& in(Locale locale) const { return locale == Locale::ja ? ja : en; }
};

// "ja", "ja-JP", "ja_JP.UTF-8" -> ja; "en*" -> en; anything else -> fallback.
[[nodiscard]] Locale parse_locale(std::string_view tag, Locale fallback);
[[nodiscard]] std::string_view locale_name(Locale locale);

}  // namespace sg
