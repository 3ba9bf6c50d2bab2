// Pending: the rule is being written.
#include "rules/catalog.h"

namespace sg::rules {
Rule recipient_blocked() { return Rule{"recipient_blocked", {}, {}, nullptr}; }
}  // namespace sg::rules
