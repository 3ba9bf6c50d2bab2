// The rule families, one factory per file. The registry lists them in the order they run.
#pragma once

#include "rules/rule.h"

namespace sg::rules {

Rule recipient_external();          // recipient_external.cpp
Rule recipient_mass_visible();      // recipient_mass_visible.cpp
Rule recipient_freemail();          // recipient_freemail.cpp
Rule recipient_watch();             // recipient_watch.cpp
Rule recipient_blocked();           // recipient_blocked.cpp
Rule recipient_reply_drift();       // recipient_reply_drift.cpp
Rule recipient_lookalike_domain();  // recipient_lookalike_domain.cpp
Rule recipient_same_name();         // recipient_same_name.cpp
Rule recipient_first_time();        // recipient_first_time.cpp (first_time, first_time_domain)
Rule recipient_outlier();           // recipient_outlier.cpp
Rule attachment_unencrypted();      // attachment_unencrypted.cpp
Rule attachment_forgotten();        // attachment_forgotten.cpp
Rule attachment_risky_type();       // attachment_risky_type.cpp
Rule attachment_unreadable();       // attachment_unreadable.cpp
Rule attachment_mismatch();         // attachment_mismatch.cpp
Rule content_keyword();             // content_keyword.cpp
Rule content_pii();                 // content_pii.cpp
Rule content_greeting_mismatch();   // content_greeting_mismatch.cpp

}  // namespace sg::rules
