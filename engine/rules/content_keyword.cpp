// Pending: the rule is being written.
#include "rules/catalog.h"

namespace sg::rules {
Rule content_keyword() { return Rule{"content_keyword", {}, {}, nullptr}; }
}  // namespace sg::rules
