// Whether a person's name written in a mail's text ("松井", "おおつか", "Mr. Maeda") names a recipient.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sg::text {

enum class NameMatch {
  same,       // the name is this recipient's
  different,  // the recipient's display name or address says who they are, and it is someone else
  unknown,    // nothing to compare with: no usable display name and an address like info@
};

// Compares a person's name as a greeting writes it (honorific removed: "松井", "三浦 裕子", "おおつか",
// "ＭＡＥＤＡ", "John Smith") with one recipient's display name and address local part.
//  - Same script (after NFKC and case folding; spaces ignored): Japanese names match as the family
//    or the given name or the whole ("松井" and "松井 沙織", "水野伸之" and "水野 伸之"); Latin names word
//    by word in any order, a greeting may give one of the words ("Maeda" and "Taro Maeda", "John"
//    and "John Smith"), a short form ("Alex", "Alexander") or meet an initial ("J. Smith").
//  - Kana and Latin letters are compared as romaji with the usual spelling variants folded
//    (romaji_key): "おおつか" and "Otsuka", "オオツカ" and "Ohtsuka".
//  - Kana or Latin letters against the address local part's words ("t.ootsuka", "kudout",
//    "maeda"): a word that starts or ends with the name. This is how "おおつか" or "Dear Mr. Ootsuka"
//    meets 大塚 智也 <t.ootsuka@...>.
//  - A name in kanji is never compared with romaji (ICU has no Japanese reading of kanji): against
//    a recipient known only by address or Latin name it is unknown.
// A display name that is an address, a role ("info", "営業部") or an organisation ("株式会社ABC")
// counts as none. The local part speaks only when it has a word of at least three letters that
// is no role ("info", "sales"); otherwise, without a comparable display name, the answer is unknown.
[[nodiscard]] NameMatch match_person_name(std::string_view name, std::string_view display_name,
                                          std::string_view local_part);

// Kana to ASCII romaji (Hepburn, as ICU writes it): "おおつか" -> "ootsuka", "サトー" -> "sato";
// other characters pass through unchanged (a kanji stays a kanji).
[[nodiscard]] std::string kana_to_romaji(std::string_view s);

// A comparison key for one romanised Japanese name: lower-case ASCII letters, with the spellings
// of one sound folded together: ou/oo/oh -> o, uu -> u, aa -> a, ii -> i, shi -> si, tsu -> tu,
// chi -> ti, fu -> hu, ji -> zi, sh/ch/j before a, u, o -> sy/ty/zy, m before b, m, p -> n.
// "Ootsuka", "Otsuka" and "Ohtsuka" all give "otuka"; "Honma" and "Homma" give "honma".
[[nodiscard]] std::string romaji_key(std::string_view latin);

// The words of an address local part, lower-cased, split at '.', '_', '-', '+' and digits:
// "t.ootsuka" -> {"t", "ootsuka"}, "furukawa_osamu2" -> {"furukawa", "osamu"}.
[[nodiscard]] std::vector<std::string> local_part_words(std::string_view local_part);

}  // namespace sg::text
