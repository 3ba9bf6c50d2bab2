// engine::check: draft in, verdict out. Runs every enabled rule, scores the findings with the
// profile, and lays out the per-recipient and per-attachment view the check dialog shows.
#pragma once

#include <string>

#include "core/draft.h"
#include "core/verdict.h"
#include "policy/profile.h"

namespace sg {

[[nodiscard]] Verdict check(const Draft& draft, const Profile& profile);

// The add-in settings the profile holds (sent with every verdict and health answer).
[[nodiscard]] ClientSettings client_settings(const Profile& profile);

// A new check id: "c_" + 26 characters of a ULID (time-ordered, random tail).
[[nodiscard]] std::string new_check_id();

}  // namespace sg
