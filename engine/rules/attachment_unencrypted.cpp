// Pending: the rule is being written.
#include "rules/catalog.h"

namespace sg::rules {
Rule attachment_unencrypted() { return Rule{"attachment_unencrypted", {}, {}, nullptr}; }
}  // namespace sg::rules
