// The operations of api.md, independent of transport.
#include "service/api.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "check/check.h"
#include "platform/files.h"
#include "rules/rule.h"
#include "wire/draft_json.h"
#include "wire/json_io.h"
#include "wire/verdict_json.h"

namespace sg {

namespace json = boost::json;

ProfileLoad load_profile_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.empty() || !std::filesystem::exists(file, ec)) {
    ProfileLoad defaults;
    defaults.profile = std::make_shared<const Profile>(default_parameter_table());
    return defaults;
  }
  auto text = read_file(file, kMaxProfileBytes);
  if (!text) {
    ProfileLoad failed;
    failed.problems.push_back({"", text.error().message});
    return failed;
  }
  return load_profile(default_parameter_table(), *text);
}

Api::Api(HostConfig config, Tokens tokens, std::shared_ptr<const Profile> profile)
    : config_(std::move(config)), tokens_(std::move(tokens)), profile_(std::move(profile)) {}

Result<std::unique_ptr<Api>> Api::open(HostConfig config) {
  ProfileLoad loaded = load_profile_file(config.config_file);
  if (!loaded.profile) {
    std::string ja = fmt::format("プロファイル {} に問題があります:", config.config_file.string());
    std::string en = fmt::format("the profile {} has problems:", config.config_file.string());
    for (const Problem& p : loaded.problems) {
      ja += fmt::format("\n  {}: {}", p.path.empty() ? "(document)" : p.path, p.message.ja);
      en += fmt::format("\n  {}: {}", p.path.empty() ? "(document)" : p.path, p.message.en);
    }
    return make_error(ErrorCode::invalid_request, Text{ja, en});
  }
  auto tokens = Tokens::load_or_create(config.data_dir);
  if (!tokens) return std::move(tokens).error();
  return std::unique_ptr<Api>(new Api(std::move(config), std::move(*tokens), std::move(loaded.profile)));
}

std::shared_ptr<const Profile> Api::profile() const {
  std::lock_guard lock(mu_);
  return profile_;
}

Reply Api::error(const Error& e, std::optional<Locale> locale) const {
  return Reply{http_status(e.code), wire::error_document(e, locale.value_or(profile()->locale()))};
}

Reply Api::health() const {
  return Reply{200, json::object{{"status", "ok"}, {"version", SG_VERSION}, {"policy_version", profile()->version()}}};
}

Result<Verdict> Api::check_verdict(const json::value& draft_doc) const {
  auto draft = wire::draft_from_json(draft_doc);
  if (!draft) return std::move(draft).error();
  const auto profile = this->profile();
  Verdict v = sg::check(*draft, *profile);
  v.check_id = new_check_id();
  return v;
}

Reply Api::check(const json::value& draft_doc) const {
  auto v = check_verdict(draft_doc);
  if (!v) return error(v.error());
  return Reply{200, wire::verdict_to_json(*v)};
}

Reply Api::get_policy() const {
  const auto profile = this->profile();
  json::object body;
  body["policy_version"] = profile->version();
  body["profile"] = json::parse(profile->json_text(false));
  body["overrides"] = json::parse(profile->json_text(true));
  return Reply{200, std::move(body)};
}

Reply Api::put_policy(std::string_view document) {
  std::lock_guard put_lock(put_mu_);
  ProfileLoad loaded = load_profile(default_parameter_table(), document);
  if (!loaded.profile) return Reply{400, wire::problems_document(loaded.problems, profile()->locale())};
  // Persist first: if the file cannot be written, the old profile stays in force.
  if (auto st = write_file_atomically(config_.config_file, document, false); !st) return error(st.error());
  {
    std::lock_guard lock(mu_);
    profile_ = loaded.profile;
  }
  return Reply{200, json::object{{"applied", true}, {"policy_version", loaded.profile->version()}}};
}

}  // namespace sg
