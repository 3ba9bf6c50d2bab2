// The addressees a mail names in its salutation ("株式会社朝凪観光\n購買部 松井様", "Dear Mr. Maeda,").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "text/message_parts.h"

namespace sg::text {

// The salutation block is at most this many non-empty lines at the top of the sender's own text.
inline constexpr std::size_t kMaxSalutationLines = 4;
// A line longer than this is a sentence, not a salutation; only a leading "山田さん、" is read from it.
inline constexpr std::size_t kMaxSalutationLineChars = 80;
// At most this many addressees are reported (a salutation naming more is a list, not a greeting).
inline constexpr std::size_t kMaxAddressees = 16;

struct Addressee {
  enum class Kind { person, organisation, group };
  Kind kind = Kind::person;
  std::string name;       // as written, without honorific or title: "松井", "三浦 裕子", "Maeda", "各位"
  std::size_t begin = 0;  // code-point offsets into the body of the addressee as written, honorific
  std::size_t end = 0;    // and title included: "荒木様" -> [0,3); "Mr. Maeda" in "Dear Mr. Maeda," -> [5,14)
};

// The addressees of the salutation block: the first non-empty lines of the sender's own text
// (quoted history and the signature are never read), up to the first sentence-like line
// (「いつもお世話になっております。」, "I hope ...") or blank line, at most kMaxSalutationLines.
//  - Japanese: a name before 様/さま/さん/殿/先生/くん/君/ちゃん is a person ("佐藤様、鈴木様" two);
//    words before it on the line are an organisation ("株式会社朝凪観光 購買部 松井様": 株式会社朝凪観光
//    and 松井; departments and titles such as 購買部, 部長 are dropped), and so are lines above it
//    ("株式会社朝凪観光\nおおつか様"). A name before 御中 is an organisation. 各位, 皆様, ご担当者様,
//    お客様, 関係者各位, "営業部の皆様" are groups. "三浦 裕子様" is one person (family and given name).
//  - English: "Dear/Hi/Hello/Hey/Good morning" and a name: "Dear Mr. Maeda" (the title is part
//    of the addressee), "Hi John Smith", "Dear John and Mary" (two); "Dear all", "Hello Team",
//    "Dear Sir or Madam", "To whom it may concern" are groups.
// In body order, organisations before the person they precede.
[[nodiscard]] std::vector<Addressee> find_addressees(std::string_view body);

// The same, with the body already split (the rules have it).
[[nodiscard]] std::vector<Addressee> find_addressees(std::string_view body, const MessageParts& parts);

}  // namespace sg::text
