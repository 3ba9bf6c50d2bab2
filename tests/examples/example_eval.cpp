// Judges a verdict against an example case's expectations.
#include "examples/example_eval.h"

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "rules/rule.h"

namespace sg::test {

namespace json = boost::json;

namespace {

const std::vector<std::string> kActionOrder = {"allow", "confirm", "justify", "block"};

int action_rank(std::string_view a) {
  auto it = std::find(kActionOrder.begin(), kActionOrder.end(), a);
  return it == kActionOrder.end() ? -1 : static_cast<int>(it - kActionOrder.begin());
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string str(const json::value& v) {
  return v.is_string() ? std::string(v.get_string()) : std::string();
}

bool target_hit(const json::value& expected, const json::object& finding, const json::object& verdict) {
  if (expected.is_null()) return true;
  const json::object& e = expected.get_object();
  const std::string kind = str(e.at("kind"));
  const json::array& targets = finding.at("targets").get_array();
  if (kind == "recipient") {
    std::vector<std::string> wanted;
    if (const auto* a = e.if_contains("address")) wanted.push_back(lower(str(*a)));
    if (const auto* any = e.if_contains("any_of")) {
      for (const auto& x : any->get_array()) wanted.push_back(lower(str(x)));
    }
    const auto wanted_has = [&](std::string_view addr) {
      return std::find(wanted.begin(), wanted.end(), lower(addr)) != wanted.end();
    };
    for (const auto& t : targets) {
      if (str(t.at("kind")) == "recipient" && wanted_has(str(t.at("address")))) return true;
    }
    // The verdict's recipients[] entry naming the finding also counts (README).
    for (const auto& r : verdict.at("recipients").get_array()) {
      const auto& ids = r.at("findings").get_array();
      if (wanted_has(str(r.at("address"))) && std::find(ids.begin(), ids.end(), finding.at("id")) != ids.end()) {
        return true;
      }
    }
    return false;
  }
  if (kind == "attachment") {
    const std::string name = str(e.at("name"));
    for (const auto& t : targets) {
      if (str(t.at("kind")) == "attachment" && str(t.at("name")) == name) return true;
    }
    for (const auto& a : verdict.at("attachments").get_array()) {
      const auto& ids = a.at("findings").get_array();
      if (str(a.at("name")) == name && std::find(ids.begin(), ids.end(), finding.at("id")) != ids.end()) return true;
    }
    return false;
  }
  if (kind == "subject") {
    return std::any_of(targets.begin(), targets.end(),
                       [](const json::value& t) { return str(t.at("kind")) == "subject"; });
  }
  if (kind == "body") {
    const bool has_span = e.contains("start") && e.contains("end");
    for (const auto& t : targets) {
      if (str(t.at("kind")) != "body") continue;
      if (!has_span) return true;
      const auto es = e.at("start").to_number<std::int64_t>();
      const auto ee = e.at("end").to_number<std::int64_t>();
      const auto ts = t.at("start").to_number<std::int64_t>();
      const auto te = t.at("end").to_number<std::int64_t>();
      if (ts < ee && es < te) return true;  // spans overlap
    }
    return false;
  }
  return false;
}

}  // namespace

CaseJudgement judge_case(const json::value& example, const json::value& verdict_value,
                         const std::set<std::string>& implemented) {
  CaseJudgement j;
  const json::object& exp = example.at("expect").get_object();
  const json::object& verdict = verdict_value.get_object();
  const json::array& findings = verdict.at("findings").get_array();
  const auto findings_with_id = [&](std::string_view id) {
    std::vector<const json::object*> out;
    for (const auto& f : findings) {
      if (str(f.at("id")) == id) out.push_back(&f.get_object());
    }
    return out;
  };

  bool all_must_fire_implemented = true;
  const json::array& must_fire = exp.at("must_fire").get_array();
  for (const auto& m : must_fire) {
    const std::string id = str(m.at("id"));
    if (!implemented.contains(id)) {
      j.pending.push_back("must_fire " + id);
      all_must_fire_implemented = false;
      continue;
    }
    const auto fs = findings_with_id(id);
    const bool hit = std::any_of(fs.begin(), fs.end(),
                                 [&](const json::object* f) { return target_hit(m.at("target"), *f, verdict); });
    if (!hit) {
      j.failures.push_back(fs.empty() ? "missing " + id
                                      : "wrong target for " + id + ": expected " + json::serialize(m.at("target")));
    }
  }
  for (const auto& id : exp.at("must_not_fire").get_array()) {
    if (!findings_with_id(str(id)).empty()) j.failures.push_back("must not fire: " + str(id));
  }
  if (must_fire.empty()) {
    std::set<std::string> may;
    if (const auto* m = exp.if_contains("may_fire")) {
      for (const auto& id : m->get_array()) may.insert(str(id));
    }
    for (const auto& f : findings) {
      const std::string sev = str(f.at("severity"));
      if ((sev == "warning" || sev == "danger") && !may.contains(str(f.at("id")))) {
        j.failures.push_back("false alarm on a clean case: " + str(f.at("id")) + " (" + sev + ")");
      }
    }
  }
  const int action = action_rank(str(verdict.at("action")));
  if (const auto* lo = exp.if_contains("action_at_least")) {
    if (!all_must_fire_implemented) {
      j.pending.push_back("action_at_least " + str(*lo));
    } else if (action < action_rank(str(*lo))) {
      j.failures.push_back("action " + str(verdict.at("action")) + " is below " + str(*lo));
    }
  }
  if (const auto* hi = exp.if_contains("action_at_most")) {
    if (action > action_rank(str(*hi))) {
      j.failures.push_back("action " + str(verdict.at("action")) + " is above " + str(*hi));
    }
  }
  return j;
}

std::vector<std::filesystem::path> example_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

json::value read_json_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

std::set<std::string> implemented_finding_ids() {
  std::set<std::string> ids;
  for (const Rule& r : all_rules()) {
    if (r.run == nullptr) continue;
    for (const auto& f : r.findings) ids.insert(std::string(f.id));
  }
  return ids;
}

}  // namespace sg::test
