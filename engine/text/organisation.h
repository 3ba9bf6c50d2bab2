// Organisation names: their comparison keys, the organisation a display name carries, and the
// "name = domains" entries of the helpdesk's customer list.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::text {

// A key shorter than this says too little to compare: two kanji or kana, four ASCII letters.
inline constexpr std::size_t kMinOrganisationKeyBytes = 4;
// Display names longer than this are not read for an organisation (a header is not an essay).
inline constexpr std::size_t kMaxDisplayNameBytes = 1024;

// The comparison key of an organisation's (or a person's) name: folded (NFKC_Casefold), without
// legal forms (株式会社, (株), 一般社団法人, Inc., Co., Ltd., …; the Latin ones as whole words only),
// honorifics at the end (御中, 様, 殿, さま), spaces and punctuation. "株式会社アルファ", "アルファ株式会社",
// "(株)アルファ 御中" and "ｱﾙﾌｧ㈱" give "アルファ"; "Alpha Corp." and "ALPHA INC" give "alpha".
// "" when fewer than kMinOrganisationKeyBytes remain.
[[nodiscard]] std::string organisation_key(std::string_view name);

// Whether the name carries a legal form anywhere ("株式会社", "㈱", "Inc." as a word).
[[nodiscard]] bool has_legal_form(std::string_view name);

// Whether the name carries a legal form, or ends in an honorific (御中, 様, 殿, さま): what makes a
// piece of a file name or a line of a document an addressee. "仕様書" ends in 書, not in 様.
[[nodiscard]] bool has_organisation_affix(std::string_view name);

// Whether two keys name the same: equal, or one holds the other ("若葉物産" in "若葉物産大阪支店").
// False when either is "".
[[nodiscard]] bool same_organisation(std::string_view a, std::string_view b);

// The organisation part of a display name as Japanese and English mail clients write it, NFKC
// normalised and trimmed; "" when no organisation is recognisable (a plain person's name gives "").
//  - A part with a legal form, wherever it is: "佐藤 花子 (株式会社アルファ)", "株式会社アルファ 営業部
//    佐藤", "佐藤花子／アルファ株式会社", "Sato Hanako (Alpha Corp.)", "Alpha Inc. - Hanako Sato",
//    "Hanako Sato, Alpha Co., Ltd." (a lone "株式会社" takes the word after it, a lone "Inc." the
//    words before it).
//  - A name ending in 御中 ("アルファ御中").
//  - Without a legal form, only next to a person's name: a bracketed part ("【アルファ】佐藤",
//    "佐藤 花子 (アルファ)") or what follows a "/", "|" or an "@" that is not an address
//    ("佐藤花子／アルファ", "山田太郎＠ABC商事"). Departments, titles and tags ("(営業部)", "[Sales]",
//    "【社外】", "(部長)"), readings in hiragana ("(さとう)"), addresses and parts without letters
//    are not organisations.
[[nodiscard]] std::string organisation_in_display_name(std::string_view display_name);

// An organisation named in a signature block, with the domain of the address beside it.
struct SignatureOrganisation {
  std::string name;    // organisation_in_display_name of the line that names it
  std::string domain;  // as written in the address, ASCII lower-cased (not yet checked or IDNA-converted)
};

// Signature blocks in a mail's text, the sender's own and the quoted ones of a thread alike: a line
// holding an e-mail address ("E-mail: sato@alpha.example", "佐藤 <sato@alpha.example>") with a line
// that carries a legal form among the kSignatureLinesAbove lines above it in the same block (no
// empty line between; quote marks ">" ignored), or on the same line. Each (organisation, domain)
// once, in text order; at most kMaxSignatureOrganisations.
inline constexpr std::size_t kSignatureLinesAbove = 4;
inline constexpr std::size_t kMaxSignatureOrganisations = 32;
[[nodiscard]] std::vector<SignatureOrganisation> organisations_in_signatures(std::string_view text);

// One entry of a "name = domains" list: "株式会社アルファ = alpha.example, alpha.co.jp".
struct OrganisationEntry {
  std::string name;                  // trimmed, as written
  std::vector<std::string> domains;  // trimmed, as written (not validated here), in order
};

// Splits an entry at its first "=" (or "＝"); the domains are separated by commas ("," "，" "、")
// or spaces, empty pieces skipped. nullopt when there is no "=". The caller validates the parts.
[[nodiscard]] std::optional<OrganisationEntry> parse_organisation_entry(std::string_view entry);

}  // namespace sg::text
