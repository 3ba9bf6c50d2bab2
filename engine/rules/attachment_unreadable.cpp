// attachment.unreadable: an attachment whose content could not be checked. A compression bomb,
// path tricks in archive entry names, nesting past the limit or an absurd entry count are signs
// of a hostile file: refused (nothing past them is read) and reported as a warning. A damaged
// file, one over the size limit or a time budget that ran out are reported as information: the
// content rules could not read all of it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "rules/catalog.h"
#include "rules/finding_text.h"

namespace sg::rules {

namespace {

const FindingSpec kUnreadable{"attachment.unreadable",
                              "attachment",
                              Severity::warning,
                              4.0,
                              Text{"添付ファイルの中身を確認できない（圧縮爆弾、不正なパス名、破損、制限超過）",
                                   "An attachment's content could not be checked (compression bomb, path tricks, "
                                   "damage, limits)"},
                              std::nullopt};

using extract::ProblemKind;

bool hostile(ProblemKind k) {
  return k == ProblemKind::bomb || k == ProblemKind::bad_path || k == ProblemKind::too_deep ||
         k == ProblemKind::too_many_entries;
}

bool incomplete(ProblemKind k) {
  return k == ProblemKind::corrupt || k == ProblemKind::timeout || k == ProblemKind::too_large;
}

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const AttachmentFact& a : ctx.facts.attachments) {
    if (!a.extracted) continue;
    std::set<ProblemKind> kinds;
    for (const extract::Problem& p : a.extracted->problems) {
      if (hostile(p.kind) || incomplete(p.kind)) kinds.insert(p.kind);
    }
    if (kinds.empty()) continue;
    const bool is_hostile = std::any_of(kinds.begin(), kinds.end(), hostile);
    std::vector<std::string> ja;
    std::vector<std::string> en;
    ValueList ids;
    for (const ProblemKind k : kinds) {
      const Text t = extract::problem_text(k);
      ja.push_back(t.ja);
      en.push_back(t.en);
      ids.push_back(Value(std::string(extract::problem_id(k))));
    }
    const std::string& name = a.attachment->name;
    Finding f = make_finding(
        kUnreadable,
        is_hostile
            ? Text{fmt::format("添付ファイル「{}」は安全に開けない形をしているため、中身を確認していません（{}）。"
                               "送ってよいファイルか確認してください",
                               name, fmt::join(ja, "、")),
                   fmt::format("The attachment \"{}\" is built in a way that is not safe to open, so its content "
                               "was not checked ({}); make sure it is the file you mean to send",
                               name, fmt::join(en, "; "))}
            : Text{fmt::format("添付ファイル「{}」の中身は一部しか確認できませんでした（{}）", name,
                               fmt::join(ja, "、")),
                   fmt::format("Only part of the attachment \"{}\" could be checked ({})", name, fmt::join(en, "; "))});
    if (!is_hostile) {
      f.severity = Severity::info;
      f.scale = 0.0;  // shown, not scored: the file may be fine
    }
    f.targets.push_back(Target::attachment(name));
    f.evidence.set("name", name).set("problems", std::move(ids)).set("format", a.extracted->format);
    out.push_back(std::move(f));
  }
}

}  // namespace

Rule attachment_unreadable() {
  return Rule{"attachment_unreadable", {kUnreadable}, {}, run};
}

}  // namespace sg::rules
