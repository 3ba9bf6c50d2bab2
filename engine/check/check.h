// engine::check: draft in, verdict out. Runs every enabled rule, scores the findings with the
// profile, and lays out the per-recipient and per-attachment view the check dialog shows.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/draft.h"
#include "core/history_facts.h"
#include "core/verdict.h"
#include "extract/attachment_text.h"
#include "policy/profile.h"
#include "text/greeting.h"
#include "text/organisation.h"

namespace sg {

// `history`: what the sender's history knows of the recipients (store::History::facts_for), or
// null when there is none to consult. `pdf`: reads the text of PDF attachments (in a helper
// process: extract::pdf_extractor); null leaves PDFs unread.
[[nodiscard]] Verdict check(const Draft& draft, const Profile& profile, const HistoryFacts* history = nullptr,
                            const extract::PdfExtractor* pdf = nullptr);

// The one organisation the salutation's addressees name (text::find_addressees) when every
// external To recipient is at one domain (their domains, A-labels, in `external_to_domains`): what
// a sent mail teaches the history about where that organisation is (Verdict::addressed_organisation;
// the history import uses it on the text of mail already sent). nullopt when there is no such
// organisation, two of them, or recipients at several domains.
[[nodiscard]] std::optional<AddressedOrganisation> addressed_organisation(
    const std::vector<text::Addressee>& addressees, const std::vector<std::string>& external_to_domains);

// What a mail's text shows of where organisations are: the salutation's organisation
// (addressed_organisation) and the organisations of its signature blocks
// (`signatures`: text::organisations_in_signatures) at domains that are valid, not internal and not free-mail.
// `internal` and `freemail` say which domains (A-labels) are which.
[[nodiscard]] std::vector<AddressedOrganisation> organisations_seen(
    const std::vector<text::SignatureOrganisation>& signatures, const std::vector<text::Addressee>& addressees,
    const std::vector<std::string>& external_to_domains, const std::function<bool(std::string_view)>& internal,
    const std::function<bool(std::string_view)>& freemail);

// The add-in settings the profile holds (sent with every verdict and health answer).
[[nodiscard]] ClientSettings client_settings(const Profile& profile);

// A new check id: "c_" + 26 characters of a ULID (time-ordered, random tail).
[[nodiscard]] std::string new_check_id();

}  // namespace sg
