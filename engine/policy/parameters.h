// The one parameter table: every profile setting's name, type, default, range and doc line.
// It drives the built-in defaults, loading and validation of the helpdesk's override file,
// `sendguard config check` and `sendguard config dump [--non-default]` (Postfix's mail_params.h).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "core/value.h"
#include "core/verdict.h"

namespace sg {

enum class ParamType {
  number,   // double
  integer,  // int64
  boolean,
  choice,                  // a string from `choices`
  string_list,             // non-empty strings (keywords, phrases)
  domain_list,             // domains, "*.domain" patterns allowed; stored as lower-case A-labels
  address_or_domain_list,  // "x@y.example" or a domain/pattern; stored normalised
  extension_list,          // file extensions without the dot; stored lower-case
  origin_list,             // web origins "https://host[:port]"; stored as normalise_origin() gives them
  organisation_list,       // "name = domain, domain": stored "name = a-label, a-label" (text::OrganisationEntry)
  pattern_list,            // "name = RE2 pattern": stored "name = pattern", trimmed, compiled at load
};
[[nodiscard]] std::string_view param_type_name(ParamType t);

struct Parameter {
  std::string pointer;  // JSON Pointer into the profile document, e.g. "/thresholds/confirm"
  ParamType type = ParamType::number;
  Value default_value;
  std::optional<double> min;  // number and integer ranges, inclusive
  std::optional<double> max;
  std::vector<std::string> choices;  // choice
  Text doc;
};

// Builds a rule option's parameter: "/rules/<finding id>/<name>".
[[nodiscard]] Parameter rule_option(std::string_view finding_id, std::string_view name, ParamType type,
                                    Value default_value, Text doc, std::optional<double> min = {},
                                    std::optional<double> max = {});

class ParameterTable {
 public:
  // `findings` contributes /weights/<id> and /group_caps/<group>; `rule_options` the rest.
  ParameterTable(std::span<const FindingSpec> findings, std::vector<Parameter> rule_options);

  [[nodiscard]] const std::vector<Parameter>& parameters() const { return params_; }
  [[nodiscard]] std::optional<std::size_t> index_of(std::string_view pointer) const;
  // True when some parameter lives under this object pointer ("/rules", "/weights", ...).
  [[nodiscard]] bool is_object(std::string_view pointer) const;
  [[nodiscard]] const FindingSpec* finding(std::string_view id) const;
  [[nodiscard]] const std::vector<FindingSpec>& findings() const { return findings_; }

 private:
  std::vector<Parameter> params_;
  std::vector<FindingSpec> findings_;
  std::unordered_map<std::string, std::size_t> by_pointer_;
  std::unordered_map<std::string, bool> objects_;
};

// Pointer escaping per RFC 6901 ("~" -> "~0", "/" -> "~1").
[[nodiscard]] std::string pointer_escape(std::string_view key);

}  // namespace sg
