// Pending: the rule is being written.
#include "rules/catalog.h"

namespace sg::rules {
Rule recipient_mass_visible() { return Rule{"recipient_mass_visible", {}, {}, nullptr}; }
}  // namespace sg::rules
