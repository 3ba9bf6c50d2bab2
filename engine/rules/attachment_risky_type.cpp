// Pending: the rule is being written.
#include "rules/catalog.h"

namespace sg::rules {
Rule attachment_risky_type() { return Rule{"attachment_risky_type", {}, {}, nullptr}; }
}  // namespace sg::rules
