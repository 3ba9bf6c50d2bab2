// The verdict of api.md as JSON.
#include "wire/verdict_json.h"

#include <boost/json.hpp>

#include "core/value_json.h"

namespace sg::wire {

namespace json = boost::json;

namespace {

json::value target_json(const Target& t) {
  json::object o;
  o["kind"] = target_kind_name(t.kind);
  switch (t.kind) {
    case Target::Kind::recipient: o["address"] = t.address; break;
    case Target::Kind::attachment:
      o["name"] = t.name;
      if (!t.location.empty()) o["location"] = t.location;
      if (t.quote) o["quote"] = *t.quote;
      break;
    case Target::Kind::body:
    case Target::Kind::subject:
      o["start"] = t.start;
      o["end"] = t.end;
      if (t.quote) o["quote"] = *t.quote;
      break;
  }
  return o;
}

json::value suggestion_json(const std::optional<Suggestion>& s) {
  if (!s) return nullptr;
  json::object o;
  o["kind"] = suggestion_kind_name(s->kind);
  const auto strings = [](const std::vector<std::string>& v) {
    json::array a;
    for (const auto& x : v) a.emplace_back(x);
    return a;
  };
  switch (s->kind) {
    case Suggestion::Kind::replace_recipient:
      o["address"] = s->address;
      o["with"] = s->with;
      break;
    case Suggestion::Kind::remove_recipient: o["address"] = s->address; break;
    case Suggestion::Kind::move_to_bcc: o["addresses"] = strings(s->addresses); break;
    case Suggestion::Kind::encrypt_attachments: o["names"] = strings(s->names); break;
    case Suggestion::Kind::attach_file: break;
  }
  return o;
}

json::array ids_json(const std::vector<std::string>& ids) {
  json::array a;
  for (const auto& id : ids) a.emplace_back(id);
  return a;
}

}  // namespace

json::object verdict_to_json(const Verdict& v, std::string_view draft_digest) {
  json::object out = verdict_to_json(v);
  out["draft_digest"] = draft_digest;
  return out;
}

json::object verdict_to_json(const Verdict& v) {
  json::object out;
  out["check_id"] = v.check_id;
  out["action"] = action_name(v.action);
  out["score"] = v.score;
  out["thresholds"] =
      json::object{{"confirm", v.thresholds.confirm}, {"justify", v.thresholds.justify}, {"block", v.thresholds.block}};
  out["policy_version"] = v.policy_version;
  out["locale"] = locale_name(v.locale);
  json::array findings;
  for (const Finding& f : v.findings) {
    json::object fo;
    fo["id"] = f.id;
    fo["group"] = f.group;
    fo["severity"] = severity_name(f.severity);
    fo["score"] = f.score;
    fo["message"] = f.message.in(v.locale);
    json::array targets;
    for (const Target& t : f.targets) targets.push_back(target_json(t));
    fo["targets"] = std::move(targets);
    fo["evidence"] = to_json(f.evidence);
    fo["suggestion"] = suggestion_json(f.suggestion);
    findings.push_back(std::move(fo));
  }
  out["findings"] = std::move(findings);
  json::array recipients;
  for (const RecipientView& r : v.recipients) {
    json::object ro;
    ro["address"] = r.address.address();
    ro["name"] = r.address.name;
    ro["field"] = field_name(r.field);
    ro["domain"] = domain_to_unicode(r.address.domain_ascii);
    ro["domain_ascii"] = r.address.domain_ascii;
    ro["internal"] = r.internal;
    if (r.first_time) ro["first_time"] = *r.first_time;
    ro["findings"] = ids_json(r.findings);
    recipients.push_back(std::move(ro));
  }
  out["recipients"] = std::move(recipients);
  json::array attachments;
  for (const AttachmentView& a : v.attachments) {
    json::object ao;
    ao["name"] = a.name;
    ao["size"] = a.size;
    ao["content_type"] = a.content_type;
    ao["encrypted"] = a.encrypted;
    ao["encrypt_recommended"] = a.encrypt_recommended;
    ao["findings"] = ids_json(a.findings);
    attachments.push_back(std::move(ao));
  }
  out["attachments"] = std::move(attachments);
  out["client"] = client_settings_to_json(v.client);
  return out;
}

json::object client_settings_to_json(const ClientSettings& c) {
  return json::object{{"fail_mode", c.fail_mode},
                      {"host_timeout_seconds", c.host_timeout_seconds},
                      {"countdown_seconds", c.countdown_seconds}};
}

}  // namespace sg::wire
