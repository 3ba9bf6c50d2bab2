// Comparison keys for display names: the same person's name in its usual spellings compares equal.
#pragma once

#include <string>
#include <string_view>

namespace sg::text {

// A comparison key for a display name; "" when the name is not usable as a person's name.
//
// The name is folded (NFKC + case folding: full-width, half-width and case variants are equal);
// bracketed parts ("山田 太郎 (株式会社ABC)", "Taro Yamada [Sales]", "【営業部】", "「…」"),
// surrounding quotes, and what follows a "/", "|" or an "@" that is not part of an address (a
// company or department: "山田太郎＠ABC商事") are dropped; honorifics and titles are removed at
// either end (様, さん, 御中, 先生, Mr., Dr, -san, …). Commas and "・" separate words like spaces.
//  - All words Latin: the words sorted and joined by one space, so "Ren Kubota", "Kubota Ren" and
//    "KUBOTA, Ren" give "kubota ren".
//  - Otherwise (kanji, kana): the words in order without spaces, so "工藤 絵美", "工藤絵美" and
//    "工藤　絵美" give "工藤絵美", and "ｸﾎﾞﾀ" the same as "クボタ".
// "" for a name that holds an e-mail address ("taro@abc.example"), fewer than 2 characters left (a
// one-kanji name such as "林" too: too weak to compare), no letters at all, or a generic role name
// (info, support, noreply, 営業部, お問い合わせ, ご担当者, …, or only such words: "Sales Team";
// compared without spaces, hyphens and dots).
[[nodiscard]] std::string person_name_key(std::string_view display_name);

// The family name, folded, when it is recognisable; "" otherwise (and whenever person_name_key
// is ""). Japanese (no Latin letter or digit), written with one space: the first word
// ("工藤 絵美" -> "工藤"); "工藤絵美" and "ABC商事 工藤" give "". Latin, two words: the last
// ("Ren Kubota" -> "kubota"), unless only the first is written in capitals ("KUBOTA Ren" ->
// "kubota"); or the one word before a comma ("Kubota, Ren" -> "kubota").
[[nodiscard]] std::string family_name_key(std::string_view display_name);

}  // namespace sg::text
