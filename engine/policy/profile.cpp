// The effective profile: built-in defaults with the helpdesk's override document merged on top.
#include "policy/profile.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <stdexcept>

#include "core/address.h"
#include "core/value_json.h"
#include "policy/origin.h"
#include "text/normalize.h"
#include "text/organisation.h"
#include "text/pattern_set.h"
#include "text/utf8.h"

namespace sg {

namespace json = boost::json;

namespace {

std::string fnv1a_hex(std::string_view data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", h).substr(0, 10);
}

double as_double(const Value& v) {
  if (const auto* d = std::get_if<double>(&v.storage())) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v.storage())) return static_cast<double>(*i);
  return 0;
}

std::string describe_range(const Parameter& p, Locale l) {
  if (p.min && p.max) {
    return l == Locale::ja ? fmt::format("{}〜{}", *p.min, *p.max) : fmt::format("{} to {}", *p.min, *p.max);
  }
  return {};
}

std::vector<std::string> list_strings(const Value& v) {
  std::vector<std::string> out;
  if (const auto* l = std::get_if<ValueList>(&v.storage())) {
    for (const Value& item : *l) {
      if (const auto* s = std::get_if<std::string>(&item.storage())) out.push_back(*s);
    }
  }
  return out;
}

// "name = pattern" split at its first "=" (a pattern may hold more), both trimmed and not empty.
std::optional<text::NamedPattern> named_pattern(std::string_view entry) {
  const std::size_t eq = entry.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  text::NamedPattern p{std::string(text::trim(entry.substr(0, eq))), std::string(text::trim(entry.substr(eq + 1)))};
  if (p.name.empty() || p.regex.empty()) return std::nullopt;
  return p;
}

// Normalises one list entry per the parameter's type; returns an error message when invalid.
std::optional<Text> normalise_entry(ParamType type, std::string_view raw, std::string& out) {
  const std::string_view entry = text::trim(raw);
  if (entry.empty()) return Text{"空の項目は指定できません", "empty entries are not allowed"};
  switch (type) {
    case ParamType::string_list: out = std::string(entry); return std::nullopt;
    case ParamType::extension_list: {
      std::string_view e = entry;
      if (e.front() == '.') e.remove_prefix(1);
      if (e.empty() || e.find_first_of("/\\. ") != std::string_view::npos) {
        return Text{fmt::format("「{}」は拡張子ではありません（例: \"exe\"）", entry),
                    fmt::format("\"{}\" is not a file extension (for example \"exe\")", entry)};
      }
      out = text::ascii_lower(e);
      return std::nullopt;
    }
    case ParamType::address_or_domain_list:
      if (entry.find('@') != std::string_view::npos) {
        auto a = parse_mailbox(entry);
        if (!a || !a->name.empty()) {
          return Text{fmt::format("「{}」は正しいアドレスではありません", entry),
                      fmt::format("\"{}\" is not a valid address", entry)};
        }
        out = a->key();
        return std::nullopt;
      }
      [[fallthrough]];
    case ParamType::domain_list: {
      const bool wildcard = entry.starts_with("*.");
      auto ascii = domain_to_ascii(wildcard ? entry.substr(2) : entry);
      if (!ascii) {
        return Text{fmt::format("「{}」は正しいドメインではありません（\"*.\" でサブドメインを指定できます）", entry),
                    fmt::format("\"{}\" is not a valid domain (\"*.\" selects subdomains)", entry)};
      }
      out = (wildcard ? "*." : "") + *ascii;
      return std::nullopt;
    }
    case ParamType::origin_list: {
      auto origin = normalise_origin(entry);
      if (!origin) {
        return Text{
            fmt::format("「{}」はオリジンではありません（例: \"https://addin.example.com\"、パスは付けない）", entry),
            fmt::format("\"{}\" is not an origin (for example \"https://addin.example.com\", without a path)", entry)};
      }
      out = std::move(*origin);
      return std::nullopt;
    }
    case ParamType::organisation_list: {
      const auto parsed = text::parse_organisation_entry(entry);
      if (!parsed || parsed->domains.empty()) {
        return Text{fmt::format("「{}」は「名前 = ドメイン, ドメイン」の形ではありません", entry),
                    fmt::format("\"{}\" is not \"name = domain, domain\"", entry)};
      }
      if (text::organisation_key(parsed->name).empty()) {
        return Text{fmt::format("「{}」の名前は短すぎて比べられません（かな・漢字 2 文字、英字 4 文字以上）", entry),
                    fmt::format("the name in \"{}\" is too short to compare (2 kana or kanji, 4 letters)", entry)};
      }
      std::string domains;
      for (const std::string& d : parsed->domains) {
        auto ascii = domain_to_ascii(d);
        if (!ascii) {
          return Text{fmt::format("「{}」は正しいドメインではありません", d),
                      fmt::format("\"{}\" is not a valid domain", d)};
        }
        domains += (domains.empty() ? "" : ", ") + *ascii;
      }
      out = parsed->name + " = " + domains;
      return std::nullopt;
    }
    case ParamType::pattern_list: {
      const auto pattern = named_pattern(entry);
      if (!pattern) {
        return Text{fmt::format("「{}」は「名前 = 正規表現」の形ではありません", entry),
                    fmt::format("\"{}\" is not \"name = regular expression\"", entry)};
      }
      if (auto why = text::pattern_problem(*pattern)) return why;
      out = pattern->name + " = " + pattern->regex;
      return std::nullopt;
    }
    default: return Text{"一覧ではありません", "not a list"};
  }
}

// The helpdesk's patterns, compiled once when the profile loads (validated entry by entry then).
text::PatternSet pattern_set(const std::vector<std::string>& entries) {
  std::vector<text::NamedPattern> patterns;
  for (const std::string& e : entries) {
    if (auto p = named_pattern(e)) patterns.push_back(std::move(*p));
  }
  auto compiled = text::PatternSet::compile(patterns);
  return compiled ? std::move(*compiled) : text::PatternSet();
}

// The customer list as a directory: one organisation per key, its domains in the order listed.
std::shared_ptr<const OrganisationDirectory> customer_directory(const std::vector<std::string>& entries) {
  std::vector<KnownOrganisation> out;
  std::map<std::string, std::size_t, std::less<>> by_key;
  for (const std::string& e : entries) {
    const auto parsed = text::parse_organisation_entry(e);
    if (!parsed) continue;  // validated at load: cannot happen
    std::string key = text::organisation_key(parsed->name);
    if (key.empty()) continue;
    auto [it, fresh] = by_key.emplace(key, out.size());
    if (fresh) out.push_back(KnownOrganisation{std::move(key), parsed->name, {}, 0});
    KnownOrganisation& o = out[it->second];
    for (const std::string& d : parsed->domains) {
      if (std::find(o.domains.begin(), o.domains.end(), d) == o.domains.end()) o.domains.push_back(d);
    }
  }
  return std::make_shared<const OrganisationDirectory>(std::move(out));
}

// String lists are matched against folded text; folding them here keeps it off the check path.
std::vector<std::string> fold_entries(ParamType type, const std::vector<std::string>& entries) {
  std::vector<std::string> out;
  if (type != ParamType::string_list) return out;
  out.reserve(entries.size());
  for (const std::string& e : entries) out.push_back(text::fold(e));
  return out;
}

}  // namespace

struct ProfileLoader {
  std::shared_ptr<const ParameterTable> table;
  std::vector<Problem> problems;
  Profile profile;

  explicit ProfileLoader(std::shared_ptr<const ParameterTable> t) : table(t), profile(std::move(t)) {}

  void problem(std::string path, Text message) { problems.push_back({std::move(path), std::move(message)}); }

  void walk(const json::value& v, const std::string& pointer, std::size_t depth) {
    if (depth > kMaxProfileDepth) {
      problem(pointer, Text{"入れ子が深すぎます", "nested too deeply"});
      return;
    }
    if (auto idx = table->index_of(pointer)) {
      assign(*idx, v, pointer);
      return;
    }
    if (!table->is_object(pointer)) {
      problem(pointer, Text{"不明なキーです", "unknown key"});
      return;
    }
    if (!v.is_object()) {
      problem(pointer, Text{"オブジェクトでなければなりません", "must be an object"});
      return;
    }
    for (const auto& kv : v.get_object()) {
      walk(kv.value(), pointer + "/" + pointer_escape(kv.key()), depth + 1);
    }
  }

  void assign(std::size_t idx, const json::value& v, const std::string& pointer) {
    const Parameter& p = table->parameters()[idx];
    Profile::Slot& slot = profile.slots_[idx];
    const auto range_problem = [&] {
      problem(pointer, Text{fmt::format("{} の範囲の値でなければなりません", describe_range(p, Locale::ja)),
                            fmt::format("must be between {}", describe_range(p, Locale::en))});
    };
    switch (p.type) {
      case ParamType::number: {
        if (!v.is_number()) {
          problem(pointer, Text{"数値でなければなりません", "must be a number"});
          return;
        }
        const double d = v.to_number<double>();
        if ((p.min && d < *p.min) || (p.max && d > *p.max) || !std::isfinite(d)) return range_problem();
        slot.value = Value(d);
        break;
      }
      case ParamType::integer: {
        std::int64_t i = 0;
        if (v.is_int64()) {
          i = v.get_int64();
        } else if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
          i = static_cast<std::int64_t>(v.get_uint64());
        } else if (v.is_double() && std::trunc(v.get_double()) == v.get_double() && std::fabs(v.get_double()) < 9e15) {
          i = static_cast<std::int64_t>(v.get_double());
        } else {
          problem(pointer, Text{"整数でなければなりません", "must be an integer"});
          return;
        }
        const auto d = static_cast<double>(i);
        if ((p.min && d < *p.min) || (p.max && d > *p.max)) return range_problem();
        slot.value = Value(i);
        break;
      }
      case ParamType::boolean:
        if (!v.is_bool()) {
          problem(pointer, Text{"true か false でなければなりません", "must be true or false"});
          return;
        }
        slot.value = Value(v.get_bool());
        break;
      case ParamType::choice: {
        std::string joined;
        for (const auto& c : p.choices) joined += (joined.empty() ? "" : ", ") + ("\"" + c + "\"");
        if (!v.is_string() ||
            std::find(p.choices.begin(), p.choices.end(), std::string_view(v.get_string())) == p.choices.end()) {
          problem(pointer, Text{fmt::format("{} のいずれかでなければなりません", joined),
                                fmt::format("must be one of {}", joined)});
          return;
        }
        slot.value = Value(std::string(v.get_string()));
        break;
      }
      default: {
        if (!v.is_array()) {
          problem(pointer, Text{"文字列の配列でなければなりません", "must be an array of strings"});
          return;
        }
        const auto& arr = v.get_array();
        if (arr.size() > kMaxProfileListItems) {
          problem(pointer, Text{fmt::format("項目は {} 個までです", kMaxProfileListItems),
                                fmt::format("at most {} entries", kMaxProfileListItems)});
          return;
        }
        ValueList written;
        std::vector<std::string> normalised;
        bool ok = true;
        for (std::size_t k = 0; k < arr.size(); ++k) {
          const std::string item_ptr = pointer + "/" + std::to_string(k);
          if (!arr[k].is_string()) {
            problem(item_ptr, Text{"文字列でなければなりません", "must be a string"});
            ok = false;
            continue;
          }
          std::string norm;
          if (auto err = normalise_entry(p.type, arr[k].get_string(), norm)) {
            problem(item_ptr, *err);
            ok = false;
            continue;
          }
          written.emplace_back(std::string(arr[k].get_string()));
          normalised.push_back(std::move(norm));
        }
        if (!ok) return;
        if (p.type == ParamType::pattern_list && normalised.size() > text::kMaxPatterns) {
          problem(pointer, Text{fmt::format("パターンは {} 個までです", text::kMaxPatterns),
                                fmt::format("at most {} patterns", text::kMaxPatterns)});
          return;
        }
        slot.value = Value(std::move(written));
        slot.normalised = std::move(normalised);
        slot.folded = fold_entries(p.type, slot.normalised);
        break;
      }
    }
    slot.overridden = true;
  }

  void set_source(std::string_view document) {
    profile.source_ = std::string(document);
    profile.finish();
  }

  void cross_checks() {
    const Thresholds t = profile.thresholds();
    if (!(t.confirm <= t.justify && t.justify <= t.block)) {
      problem("/thresholds",
              Text{"confirm ≦ justify ≦ block でなければなりません", "must satisfy confirm <= justify <= block"});
    }
  }
};

Profile::Profile(std::shared_ptr<const ParameterTable> table) : table_(std::move(table)) {
  slots_.reserve(table_->parameters().size());
  for (const Parameter& p : table_->parameters()) {
    Slot s;
    s.value = p.default_value;
    if (std::holds_alternative<ValueList>(p.default_value.storage())) {
      for (const std::string& raw : list_strings(p.default_value)) {
        std::string norm;
        if (!normalise_entry(p.type, raw, norm)) s.normalised.push_back(std::move(norm));
      }
      s.folded = fold_entries(p.type, s.normalised);
    }
    slots_.push_back(std::move(s));
  }
  finish();
}

const Profile::Slot& Profile::slot(std::string_view pointer) const {
  auto idx = table_->index_of(pointer);
  if (!idx) throw std::logic_error("no profile parameter " + std::string(pointer));
  return slots_[*idx];
}

double Profile::number(std::string_view pointer) const {
  return as_double(slot(pointer).value);
}

std::int64_t Profile::integer(std::string_view pointer) const {
  const Value& v = slot(pointer).value;
  if (const auto* i = std::get_if<std::int64_t>(&v.storage())) return *i;
  return static_cast<std::int64_t>(as_double(v));
}

bool Profile::boolean(std::string_view pointer) const {
  const auto* b = std::get_if<bool>(&slot(pointer).value.storage());
  return b != nullptr && *b;
}

const std::string& Profile::choice(std::string_view pointer) const {
  return std::get<std::string>(slot(pointer).value.storage());
}

const std::vector<std::string>& Profile::list(std::string_view pointer) const {
  return slot(pointer).normalised;
}

const std::vector<std::string>& Profile::folded_list(std::string_view pointer) const {
  return slot(pointer).folded;
}

double Profile::weight(std::string_view finding_id) const {
  auto idx = table_->index_of("/weights/" + pointer_escape(finding_id));
  return idx ? as_double(slots_[*idx].value) : 0.0;
}

double Profile::group_cap(std::string_view group) const {
  auto idx = table_->index_of("/group_caps/" + pointer_escape(group));
  return idx ? as_double(slots_[*idx].value) : 0.0;
}

Thresholds Profile::thresholds() const {
  return Thresholds{number("/thresholds/confirm"), number("/thresholds/justify"), number("/thresholds/block")};
}

Locale Profile::locale() const {
  return choice("/locale") == "en" ? Locale::en : Locale::ja;
}

void Profile::finish() {
  if (table_->index_of("/lists/customers")) customers_ = customer_directory(list("/lists/customers"));
  if (table_->index_of("/lists/patterns")) {
    patterns_ = std::make_shared<const text::PatternSet>(pattern_set(list("/lists/patterns")));
  }
  version_ = fmt::format("{}-{}", integer("/profile_version"), fnv1a_hex(json_text(false)));
}

namespace {

// Nested view of the flat parameter list, in table order, for printing documents.
struct Node {
  std::string key;
  std::optional<std::size_t> param;
  std::vector<Node> children;

  Node& child(const std::string& k) {
    for (Node& c : children) {
      if (c.key == k) return c;
    }
    children.push_back(Node{k, std::nullopt, {}});
    return children.back();
  }
};

std::string pointer_unescape(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out.push_back(token[i + 1] == '1' ? '/' : '~');
      ++i;
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

template <class Include>
Node build_tree(const ParameterTable& table, Include include) {
  Node root;
  for (std::size_t i = 0; i < table.parameters().size(); ++i) {
    if (!include(i)) continue;
    const std::string& ptr = table.parameters()[i].pointer;
    Node* n = &root;
    std::size_t pos = 1;
    while (pos <= ptr.size()) {
      std::size_t next = ptr.find('/', pos);
      if (next == std::string::npos) next = ptr.size();
      n = &n->child(pointer_unescape(std::string_view(ptr).substr(pos, next - pos)));
      pos = next + 1;
    }
    n->param = i;
  }
  return root;
}

json::value node_json(const Node& n, const std::vector<Profile::Slot>& slots) {
  if (n.param) return to_json(slots[*n.param].value);
  json::object o;
  for (const Node& c : n.children) o[c.key] = node_json(c, slots);
  return o;
}

void print_node(const Node& n, const ParameterTable& table, const std::vector<Profile::Slot>& slots, Locale l,
                int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  out += "{\n";
  for (std::size_t k = 0; k < n.children.size(); ++k) {
    const Node& c = n.children[k];
    const std::string inner(static_cast<std::size_t>(indent + 1) * 2, ' ');
    if (c.param) {
      const Parameter& p = table.parameters()[*c.param];
      std::string range = describe_range(p, l);
      out += inner + "// " + p.doc.in(l) + " (" + std::string(param_type_name(p.type)) +
             (range.empty() ? "" : ", " + range) + ")\n";
    }
    out += inner + json::serialize(json::value(json::string(c.key))) + ": ";
    if (c.param) {
      out += json_text(to_json(slots[*c.param].value));
    } else {
      print_node(c, table, slots, l, indent + 1, out);
    }
    out += (k + 1 < n.children.size() ? ",\n" : "\n");
  }
  out += pad + "}";
}

bool differs_from_default(const Parameter& p, const Profile::Slot& s) {
  return s.overridden && json_text(to_json(s.value)) != json_text(to_json(p.default_value));
}

}  // namespace

std::string Profile::dump(bool non_default_only, Locale doc_locale) const {
  const Node root = build_tree(*table_, [&](std::size_t i) {
    return !non_default_only || differs_from_default(table_->parameters()[i], slots_[i]);
  });
  std::string out;
  print_node(root, *table_, slots_, doc_locale, 0, out);
  out += "\n";
  return out;
}

std::string Profile::json_text(bool non_default_only) const {
  const Node root = build_tree(*table_, [&](std::size_t i) {
    return !non_default_only || differs_from_default(table_->parameters()[i], slots_[i]);
  });
  return sg::json_text(node_json(root, slots_));
}

ProfileLoad load_profile(std::shared_ptr<const ParameterTable> table, std::string_view document) {
  ProfileLoad out;
  if (document.size() > kMaxProfileBytes) {
    out.problems.push_back({"", Text{fmt::format("プロファイルが {} バイトを超えています", kMaxProfileBytes),
                                     fmt::format("the profile is larger than {} bytes", kMaxProfileBytes)}});
    return out;
  }
  json::parse_options opts;
  opts.allow_comments = true;
  opts.allow_trailing_commas = true;
  opts.max_depth = kMaxProfileDepth + 1;
  json::stream_parser parser({}, opts);
  boost::system::error_code ec;
  const std::size_t consumed = parser.write_some(document.data(), document.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    std::size_t line = 1;
    std::size_t col = 1;
    for (std::size_t i = 0; i < consumed && i < document.size(); ++i) {
      if (document[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    out.problems.push_back({"", Text{fmt::format("JSON として読めません（{} 行 {} 列）: {}", line, col, ec.message()),
                                     fmt::format("not valid JSON (line {}, column {}): {}", line, col, ec.message())}});
    return out;
  }
  const json::value doc = parser.release();
  if (!doc.is_object()) {
    out.problems.push_back(
        {"", Text{"プロファイルは JSON オブジェクトでなければなりません", "the profile must be a JSON object"}});
    return out;
  }
  ProfileLoader loader(std::move(table));
  loader.walk(doc, "", 0);
  if (loader.problems.empty()) loader.cross_checks();
  if (!loader.problems.empty()) {
    out.problems = std::move(loader.problems);
    return out;
  }
  loader.set_source(document);
  out.profile = std::make_shared<const Profile>(std::move(loader.profile));
  return out;
}

}  // namespace sg
