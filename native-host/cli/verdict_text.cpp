// A verdict as a person reads it on a terminal, in Japanese or English.
#include "cli/verdict_text.h"

#include <fmt/format.h>

#include <string_view>

namespace sg::cli {

namespace {

const char* say(Locale l, const char* ja, const char* en) {
  return l == Locale::ja ? ja : en;
}

std::string action_text(Action a, Locale l) {
  switch (a) {
    case Action::allow:
      return say(l, "送信可 (allow) — 確認なしで送信できます", "allow — can be sent without a dialog");
    case Action::confirm:
      return say(l, "確認 (confirm) — 社外の宛先と添付ファイルをすべて確認してから送信します",
                 "confirm — tick every external recipient and attachment before sending");
    case Action::justify:
      return say(l, "理由の入力 (justify) — 確認に加えて送信理由の入力が必要です（監査ログに残ります）",
                 "justify — confirm, and type a reason that is kept in the audit log");
    case Action::block:
      return say(l, "送信不可 (block) — このままでは送信できません。下の指摘を直してください",
                 "block — cannot be sent as it is; fix what is listed below");
  }
  return {};
}

std::string_view severity_text(Severity s, Locale l) {
  switch (s) {
    case Severity::info: return say(l, "情報", "info");
    case Severity::warning: return say(l, "警告", "warning");
    case Severity::danger: return say(l, "危険", "danger");
  }
  return {};
}

std::string_view field_text(Field f) {
  switch (f) {
    case Field::to: return "To ";
    case Field::cc: return "Cc ";
    case Field::bcc: return "Bcc";
  }
  return {};
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string target_text(const Target& t, Locale l) {
  switch (t.kind) {
    case Target::Kind::recipient: return t.address;
    case Target::Kind::attachment: return fmt::format("{} {}", say(l, "添付", "attachment"), t.name);
    case Target::Kind::body:
    case Target::Kind::subject: {
      const char* where = t.kind == Target::Kind::body ? say(l, "本文", "body") : say(l, "件名", "subject");
      // People count characters from 1; the offsets are 0-based with an exclusive end.
      std::string out = l == Locale::ja ? fmt::format("{} {}〜{} 文字目", where, t.start + 1, t.end)
                                        : fmt::format("{} characters {}-{}", where, t.start + 1, t.end);
      if (t.quote) out += l == Locale::ja ? fmt::format("「{}」", *t.quote) : fmt::format(" \"{}\"", *t.quote);
      return out;
    }
  }
  return {};
}

std::string suggestion_text(const Suggestion& s, Locale l) {
  switch (s.kind) {
    case Suggestion::Kind::replace_recipient:
      return l == Locale::ja ? fmt::format("{} を {} に置き換える", s.address, s.with)
                             : fmt::format("replace {} with {}", s.address, s.with);
    case Suggestion::Kind::remove_recipient:
      return l == Locale::ja ? fmt::format("{} を宛先から外す", s.address) : fmt::format("remove {}", s.address);
    case Suggestion::Kind::move_to_bcc:
      return fmt::format("{}: {}", say(l, "Bcc に移す", "move to Bcc"), join(s.addresses));
    case Suggestion::Kind::encrypt_attachments:
      return fmt::format("{}: {}", say(l, "暗号化する", "encrypt"), join(s.names));
    case Suggestion::Kind::attach_file: return say(l, "ファイルを添付する", "attach the file");
  }
  return {};
}

Action action_for_score(const Verdict& v) {
  if (v.score >= v.thresholds.block) return Action::block;
  if (v.score >= v.thresholds.justify) return Action::justify;
  if (v.score >= v.thresholds.confirm) return Action::confirm;
  return Action::allow;
}

std::string mailbox_text(const Address& a) {
  return a.name.empty() ? a.address() : fmt::format("{} <{}>", a.name, a.address());
}

void recipients_group(const Verdict& v, bool internal, Locale l, std::string& out) {
  std::size_t count = 0;
  for (const RecipientView& r : v.recipients) count += r.internal == internal ? 1 : 0;
  if (count == 0) return;
  out += fmt::format("  {} ({}):\n", internal ? say(l, "社内", "internal") : say(l, "社外", "external"), count);
  for (const RecipientView& r : v.recipients) {
    if (r.internal != internal) continue;
    out += fmt::format("    {}  {}", field_text(r.field), mailbox_text(r.address));
    if (!r.findings.empty()) out += fmt::format("  <- {}", join(r.findings));
    out += "\n";
  }
}

}  // namespace

std::string verdict_text(const Verdict& v, Locale l) {
  std::string out;
  out += fmt::format("{}: {}\n", say(l, "判定", "Action"), action_text(v.action, l));
  out += l == Locale::ja ? fmt::format("スコア: {}（確認 {} / 理由の入力 {} / 送信不可 {} 以上）\n", v.score,
                                       v.thresholds.confirm, v.thresholds.justify, v.thresholds.block)
                         : fmt::format("Score: {} (confirm at {}, justify at {}, block at {})\n", v.score,
                                       v.thresholds.confirm, v.thresholds.justify, v.thresholds.block);
  // A finding that forces an action (a block-list hit) can lift it above what the score gives.
  if (v.action > action_for_score(v)) {
    out += say(l, "（点数によらず、指摘の一つがこの判定を求めています）\n",
               "(one of the findings requires this action whatever the score)\n");
  }
  out += fmt::format("{}: {}  {}: {}\n", say(l, "チェック ID", "Check id"), v.check_id,
                     say(l, "ポリシー版", "Policy version"), v.policy_version);

  out += "\n";
  if (v.findings.empty()) {
    out += say(l, "指摘はありません。\n", "No findings.\n");
  } else {
    out += l == Locale::ja ? fmt::format("指摘 ({} 件):\n", v.findings.size())
                           : fmt::format("Findings ({}):\n", v.findings.size());
    for (const Finding& f : v.findings) {
      out += fmt::format("  [{}] {}  +{}\n", severity_text(f.severity, l), f.id, f.score);
      out += fmt::format("    {}\n", f.message.in(l));
      if (!f.targets.empty()) {
        std::vector<std::string> targets;
        for (const Target& t : f.targets) targets.push_back(target_text(t, l));
        out += fmt::format("    {}: {}\n", say(l, "対象", "Targets"), join(targets));
      }
      if (f.suggestion)
        out += fmt::format("    {}: {}\n", say(l, "提案", "Suggestion"), suggestion_text(*f.suggestion, l));
    }
  }

  if (!v.recipients.empty()) {
    out += fmt::format("\n{}:\n", say(l, "宛先", "Recipients"));
    recipients_group(v, true, l, out);
    recipients_group(v, false, l, out);
  }

  if (!v.attachments.empty()) {
    out += fmt::format("\n{} ({}):\n", say(l, "添付ファイル", "Attachments"), v.attachments.size());
    for (const AttachmentView& a : v.attachments) {
      out += fmt::format("  {}  {} {}", a.name, a.size, say(l, "バイト", "bytes"));
      if (!a.content_type.empty()) out += "  " + a.content_type;
      if (a.encrypted) out += fmt::format("  {}", say(l, "暗号化済み", "encrypted"));
      if (a.encrypt_recommended) out += fmt::format("  {}", say(l, "暗号化を推奨", "encryption recommended"));
      if (!a.findings.empty()) out += fmt::format("  <- {}", join(a.findings));
      out += "\n";
    }
  }
  return out;
}

}  // namespace sg::cli
