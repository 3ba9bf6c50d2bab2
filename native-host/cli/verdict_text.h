// A verdict as a person reads it on a terminal (`sendguard check`): the action and why, finding by
// finding, and the recipients grouped internal / external as the check dialog shows them.
#pragma once

#include <string>

#include "core/verdict.h"

namespace sg::cli {

// Every line in `locale`; finding messages in `locale` too, whatever the verdict's own locale.
[[nodiscard]] std::string verdict_text(const Verdict& v, Locale locale);

}  // namespace sg::cli
