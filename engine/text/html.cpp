// HTML to plain text for scanning.
#include "text/html.h"

#include <array>
#include <cstdlib>
#include <utility>

#include "text/utf8.h"

namespace sg::text {

namespace {

bool is_block(std::string_view tag) {
  static constexpr std::array<std::string_view, 24> kBlocks = {
      "br", "p",  "div",        "li",  "tr", "h1",      "h2",      "h3",     "h4",     "h5", "h6", "table",
      "ul", "ol", "blockquote", "pre", "hr", "section", "article", "header", "footer", "dt", "dd", "title"};
  for (std::string_view b : kBlocks) {
    if (tag == b) return true;
  }
  return false;
}

std::string decode_entity(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kNamed = {{
      {"amp", "&"},
      {"lt", "<"},
      {"gt", ">"},
      {"quot", "\""},
      {"apos", "'"},
      {"nbsp", " "},
      {"copy", "\u00A9"},
      {"reg", "\u00AE"},
      {"yen", "\u00A5"},
      {"hellip", "\u2026"},
      {"mdash", "\u2014"},
      {"ndash", "\u2013"},
  }};
  if (!name.empty() && name[0] == '#') {
    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    const std::string digits(name.substr(hex ? 2 : 1));
    if (digits.empty() || digits.size() > 8) return {};
    char* end = nullptr;
    const unsigned long v = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
    if (end == nullptr || *end != '\0' || v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return {};
    std::string out;
    append_utf8(out, static_cast<char32_t>(v));
    return out;
  }
  for (const auto& [n, v] : kNamed) {
    if (name == n) return std::string(v);
  }
  return {};
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  int quote_depth = 0;
  bool at_line_start = true;
  bool pending_space = false;
  std::string_view skip_until;  // closing tag whose content is dropped (script, style, head)

  const auto newline = [&] {
    out.push_back('\n');
    at_line_start = true;
    pending_space = false;
  };
  const auto emit = [&](std::string_view s) {
    if (at_line_start) {
      for (int d = 0; d < quote_depth; ++d) out += "> ";
      at_line_start = false;
    } else if (pending_space) {
      out.push_back(' ');
    }
    pending_space = false;
    out += s;
  };

  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      if (html.substr(i, 4) == "<!--") {
        const std::size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      const std::size_t end = html.find('>', i + 1);
      if (end == std::string_view::npos) break;
      std::string_view tag = html.substr(i + 1, end - i - 1);
      i = end + 1;
      const bool closing = !tag.empty() && tag[0] == '/';
      if (closing) tag.remove_prefix(1);
      std::size_t name_end = 0;
      while (name_end < tag.size() && tag[name_end] != ' ' && tag[name_end] != '/' && tag[name_end] != '\t' &&
             tag[name_end] != '\n' && tag[name_end] != '\r') {
        ++name_end;
      }
      const std::string name = ascii_lower(tag.substr(0, name_end));
      if (!skip_until.empty()) {
        if (closing && name == skip_until) skip_until = {};
        continue;
      }
      if (!closing && (name == "script" || name == "style" || name == "head")) {
        skip_until = name == "script" ? "script" : name == "style" ? "style" : "head";
        continue;
      }
      if (name == "blockquote") {
        if (!at_line_start) newline();
        quote_depth += closing ? -1 : 1;
        if (quote_depth < 0) quote_depth = 0;
        continue;
      }
      if (is_block(name) && (closing || name == "br" || name == "hr" || name == "p" || name == "div")) {
        if (name == "br" || !at_line_start) newline();
      } else if (name == "td" || name == "th") {
        pending_space = !at_line_start;
      }
      continue;
    }
    if (!skip_until.empty()) {
      ++i;
      continue;
    }
    if (c == '&') {
      const std::size_t semi = html.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string decoded = decode_entity(html.substr(i + 1, semi - i - 1));
        if (!decoded.empty()) {
          if (decoded == " ") {
            pending_space = !at_line_start;
          } else {
            emit(decoded);
          }
          i = semi + 1;
          continue;
        }
      }
      emit("&");
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !at_line_start;
      ++i;
      continue;
    }
    std::size_t j = i;
    decode_utf8(html, j);
    emit(html.substr(i, j - i));
    i = j;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace sg::text
