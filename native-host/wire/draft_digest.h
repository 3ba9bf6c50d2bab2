// draft_digest: a fingerprint of a draft as the host parsed it, carried in every verdict, so an
// add-in can tell whether the draft it is about to send is the one that was checked (the Outlook
// task pane marks an item with the digest it approved; the handler lets the next Send through
// without a dialog only while a re-check gives the same digest). docs/api.md "draft_digest".
#pragma once

#include <string>

#include "core/draft.h"

namespace sg::wire {

// Lower-case hex SHA-256 over a canonical serialisation (version 1) of: from, to, cc and bcc
// (address as written and display name, in order), subject, body text and html (absent is not
// the same as empty), compose_type, and each attachment's name, content type, size and the
// SHA-256 of its content (or that it came without content). Equal drafts give equal digests in
// every host process; a change in any of those gives another.
[[nodiscard]] std::string draft_digest(const Draft& draft);

}  // namespace sg::wire
