// Pending: the rule is being written.
#include "rules/catalog.h"

namespace sg::rules {
Rule recipient_freemail() { return Rule{"recipient_freemail", {}, {}, nullptr}; }
}  // namespace sg::rules
