// Pending: the rule is being written.
#include "rules/catalog.h"

namespace sg::rules {
Rule attachment_forgotten() { return Rule{"attachment_forgotten", {}, {}, nullptr}; }
}  // namespace sg::rules
