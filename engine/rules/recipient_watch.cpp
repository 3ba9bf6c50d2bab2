// Pending: the rule is being written.
#include "rules/catalog.h"

namespace sg::rules {
Rule recipient_watch() { return Rule{"recipient_watch", {}, {}, nullptr}; }
}  // namespace sg::rules
