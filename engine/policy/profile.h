// The effective profile: built-in defaults with the helpdesk's override document merged on top.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/organisations.h"
#include "core/text.h"
#include "core/value.h"
#include "core/verdict.h"
#include "policy/parameters.h"
#include "text/pattern_set.h"

namespace sg {

// Named limits on the override document itself.
inline constexpr std::size_t kMaxProfileBytes = 1024 * 1024;
inline constexpr std::size_t kMaxProfileDepth = 16;
inline constexpr std::size_t kMaxProfileListItems = 10000;

// One thing wrong with a profile document, at a JSON Pointer into it.
struct Problem {
  std::string path;
  Text message;
};

class Profile {
 public:
  // The built-in defaults alone.
  explicit Profile(std::shared_ptr<const ParameterTable> table);

  [[nodiscard]] const ParameterTable& table() const { return *table_; }

  // Typed access by JSON Pointer; the pointer must name a parameter of that type (checked).
  [[nodiscard]] double number(std::string_view pointer) const;
  [[nodiscard]] std::int64_t integer(std::string_view pointer) const;
  [[nodiscard]] bool boolean(std::string_view pointer) const;
  [[nodiscard]] const std::string& choice(std::string_view pointer) const;
  [[nodiscard]] const std::vector<std::string>& list(std::string_view pointer) const;
  // A string list folded for matching (NFKC_Casefold), parallel to list(): folded once when the
  // profile loads rather than on every check. "" where an entry folds to nothing.
  [[nodiscard]] const std::vector<std::string>& folded_list(std::string_view pointer) const;

  // /lists/customers as a directory (built when the profile loads); empty without the list.
  [[nodiscard]] const OrganisationDirectory& customers() const { return *customers_; }
  // /lists/patterns compiled (when the profile loads); matches nothing without the list.
  [[nodiscard]] const text::PatternSet& patterns() const { return *patterns_; }

  [[nodiscard]] double weight(std::string_view finding_id) const;
  [[nodiscard]] double group_cap(std::string_view group) const;
  [[nodiscard]] Thresholds thresholds() const;
  [[nodiscard]] Locale locale() const;

  // Opaque; changes whenever the effective settings change (api.md "policy_version").
  [[nodiscard]] const std::string& version() const { return version_; }

  // The effective document (every parameter) or only what differs from the defaults.
  [[nodiscard]] std::string dump(bool non_default_only, Locale doc_locale) const;
  // The effective document as compact JSON (for GET /v1/policy).
  [[nodiscard]] std::string json_text(bool non_default_only) const;

  // The override document this profile was loaded from ("" for the defaults).
  [[nodiscard]] const std::string& source() const { return source_; }

  struct Slot {
    Value value;                          // as written (for dump)
    std::vector<std::string> normalised;  // lists: validated, normalised entries
    std::vector<std::string> folded;      // string lists: NFKC_Casefold of each entry
    bool overridden = false;
  };

 private:
  friend struct ProfileLoader;
  void finish();  // computes the version after values change

  std::shared_ptr<const ParameterTable> table_;
  std::vector<Slot> slots_;
  std::string version_;
  std::string source_;
  std::shared_ptr<const OrganisationDirectory> customers_ = std::make_shared<const OrganisationDirectory>();
  std::shared_ptr<const text::PatternSet> patterns_ = std::make_shared<const text::PatternSet>();

  [[nodiscard]] const Slot& slot(std::string_view pointer) const;
};

struct ProfileLoad {
  std::shared_ptr<const Profile> profile;  // null when problems is not empty
  std::vector<Problem> problems;
};

// Parses and validates an override document (JSON with comments and trailing commas) against
// the table; every problem is reported with its JSON Pointer, and none yields a profile.
[[nodiscard]] ProfileLoad load_profile(std::shared_ptr<const ParameterTable> table, std::string_view document);

}  // namespace sg
