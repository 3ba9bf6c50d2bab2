// Pending: the rule is being written.
#include "rules/catalog.h"

namespace sg::rules {
Rule recipient_reply_drift() { return Rule{"recipient_reply_drift", {}, {}, nullptr}; }
}  // namespace sg::rules
