// Judges a verdict against an example case's expectations (tests/examples/cases/README.md):
// must_fire with targets, must_not_fire, false alarms on clean cases, and action bounds.
#pragma once

#include <boost/json/value.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace sg::test {

struct CaseJudgement {
  std::vector<std::string> failures;  // empty when the verdict meets every checked expectation
  std::vector<std::string> pending;   // expectations on finding ids no rule raises yet
};

// `implemented` are the finding ids some rule can raise; expectations on others are pending.
CaseJudgement judge_case(const boost::json::value& example, const boost::json::value& verdict,
                         const std::set<std::string>& implemented);

// Every *.json case in the directory, sorted by name.
std::vector<std::filesystem::path> example_files(const std::filesystem::path& dir);

boost::json::value read_json_file(const std::filesystem::path& p);

// The finding ids some rule can raise (planned ids without a rule are not among them).
std::set<std::string> implemented_finding_ids();

}  // namespace sg::test
