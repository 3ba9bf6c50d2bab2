// Salutations: which addressees a mail's opening names, where, and whether a name is a recipient's.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "text/greeting.h"
#include "text/name_match.h"

using sg::text::Addressee;
using sg::text::find_addressees;
using sg::text::kana_to_romaji;
using sg::text::local_part_words;
using sg::text::match_person_name;
using sg::text::NameMatch;
using sg::text::romaji_key;
using Kind = Addressee::Kind;

namespace {

std::vector<Addressee> of_kind(const std::vector<Addressee>& all, Kind kind) {
  std::vector<Addressee> out;
  for (const Addressee& a : all) {
    if (a.kind == kind) out.push_back(a);
  }
  return out;
}

std::vector<std::string> names(const std::vector<Addressee>& all) {
  std::vector<std::string> out;
  for (const Addressee& a : all) out.push_back(a.name);
  return out;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("a Japanese name before 様 is a person, at code-point offsets with the honorific") {
  const auto a = find_addressees("荒木様\n\nいつも大変お世話になっております。\n");
  REQUIRE(a.size() == 1);
  CHECK(a[0].kind == Kind::person);
  CHECK(a[0].name == "荒木");
  CHECK(a[0].begin == 0);
  CHECK(a[0].end == 3);
}

TEST_CASE("every Japanese honorific closes a person's name") {
  for (const char* line :
       {"松井さん", "松井さま", "松井殿", "松井先生", "松井くん", "松井君", "松井ちゃん", "松井サマ"}) {
    CAPTURE(line);
    const auto a = find_addressees(std::string(line) + "\n\nお疲れさまです。");
    REQUIRE(a.size() == 1);
    CHECK(a[0].kind == Kind::person);
    CHECK(a[0].name == "松井");
  }
}

TEST_CASE("an organisation line, a department and a person are kept apart") {
  const auto a = find_addressees("株式会社いぶき情報システム\n営業部 小島様\n\nご連絡ありがとうございます。");
  REQUIRE(a.size() == 2);
  CHECK(a[0].kind == Kind::organisation);
  CHECK(a[0].name == "株式会社いぶき情報システム");
  CHECK(a[0].begin == 0);
  CHECK(a[0].end == 13);
  CHECK(a[1].kind == Kind::person);
  CHECK(a[1].name == "小島");
  CHECK(a[1].begin == 18);
  CHECK(a[1].end == 21);
}

TEST_CASE("organisation, department and person on one line") {
  const auto a = find_addressees("株式会社朝凪観光 購買部 松井様\n\nご連絡ありがとうございます。");
  REQUIRE(a.size() == 2);
  CHECK(a[0].kind == Kind::organisation);
  CHECK(a[0].name == "株式会社朝凪観光");
  CHECK(a[1].kind == Kind::person);
  CHECK(a[1].name == "松井");
  CHECK(a[1].begin == 13);
  CHECK(a[1].end == 16);
}

TEST_CASE("a short company name before the person is an organisation, a family and given name are one person") {
  CHECK(names(of_kind(find_addressees("瑠璃印刷 阿部様\n\nいつもお世話になっております。"), Kind::person)) ==
        Names{"阿部"});
  CHECK(names(of_kind(find_addressees("瑠璃印刷 阿部様\n"), Kind::organisation)) == Names{"瑠璃印刷"});
  const auto full = find_addressees("白樺建設株式会社\n三浦 裕子様\n\n");
  CHECK(names(of_kind(full, Kind::person)) == Names{"三浦 裕子"});
  CHECK(names(of_kind(full, Kind::organisation)) == Names{"白樺建設株式会社"});
  // 営業 is a department, not a family name; 阿部 ends like 経理部 but is a name.
  CHECK(names(of_kind(find_addressees("営業 山田様\n"), Kind::person)) == Names{"山田"});
  CHECK(names(of_kind(find_addressees("経理部 阿部様\n"), Kind::person)) == Names{"阿部"});
  // A title before or after the name is dropped from the name, kept in the span when attached.
  const auto titled = find_addressees("営業部 部長 山田様\n");
  REQUIRE(of_kind(titled, Kind::person).size() == 1);
  CHECK(of_kind(titled, Kind::person)[0].name == "山田");
  CHECK(of_kind(titled, Kind::organisation).empty());
  const auto suffixed = find_addressees("山田部長様\n");
  REQUIRE(suffixed.size() == 1);
  CHECK(suffixed[0].name == "山田");
  CHECK(suffixed[0].end == 5);
}

TEST_CASE("several names on one line are several persons") {
  const auto a = find_addressees("佐藤様、鈴木様\n\nお世話になっております。");
  REQUIRE(a.size() == 2);
  CHECK(a[0].name == "佐藤");
  CHECK(a[0].begin == 0);
  CHECK(a[0].end == 3);
  CHECK(a[1].name == "鈴木");
  CHECK(a[1].begin == 4);
  CHECK(a[1].end == 7);
  CHECK(names(find_addressees("株式会社瑠璃印刷\n水野様、市川様\n")) == Names{"株式会社瑠璃印刷", "水野", "市川"});
  CHECK(names(find_addressees("佐藤様 鈴木様\n")) == Names{"佐藤", "鈴木"});
  CHECK(names(find_addressees("山田様\n（CC：佐藤様）\n\n")) == Names{"山田", "佐藤"});
  CHECK(names(find_addressees("山田様と佐藤様\n")) == Names{"山田", "佐藤"});
  CHECK(names(find_addressees("とおるさん\n")) == Names{"とおる"});
}

TEST_CASE("groups and organisations addressed as such") {
  for (const char* line :
       {"各位", "関係者各位", "皆様", "皆さま", "みなさん", "ご担当者様", "ご担当者各位", "担当者様", "お客様各位",
        "営業部の皆様", "Dear all,", "Hello Team,", "Dear Sir or Madam,", "To whom it may concern:", "Hi everyone,"}) {
    CAPTURE(line);
    const auto a = find_addressees(std::string(line) + "\n\nThank you. いつもお世話になっております。");
    REQUIRE(!a.empty());
    CHECK(of_kind(a, Kind::person).empty());
    CHECK(!of_kind(a, Kind::group).empty());
  }
  const auto onchu = find_addressees("株式会社ABC 御中\n\n");
  REQUIRE(onchu.size() == 1);
  CHECK(onchu[0].kind == Kind::organisation);
  CHECK(onchu[0].name == "株式会社ABC");
  CHECK(onchu[0].end == 10);
  const auto dept = find_addressees("株式会社ABC\nご担当者様\n\n");
  CHECK(names(of_kind(dept, Kind::organisation)) == Names{"株式会社ABC"});
  CHECK(names(of_kind(dept, Kind::group)) == Names{"ご担当者"});
}

TEST_CASE("English salutations: titles belong to the addressee, the opening word does not") {
  const auto a = find_addressees("Dear Mr. Maeda,\n\nI hope all is well on your side.\n");
  REQUIRE(a.size() == 1);
  CHECK(a[0].kind == Kind::person);
  CHECK(a[0].name == "Maeda");
  CHECK(a[0].begin == 5);
  CHECK(a[0].end == 14);

  CHECK(names(find_addressees("Dear Ms Smith\n")) == Names{"Smith"});
  CHECK(names(find_addressees("Dear John,\n")) == Names{"John"});
  CHECK(names(find_addressees("Dear John Smith,\n")) == Names{"John Smith"});
  CHECK(names(find_addressees("Hi John, thanks for the quick reply.\n")) == Names{"John"});
  CHECK(names(find_addressees("Hello Dr. Anna van der Berg,\n")) == Names{"Anna van der Berg"});
  CHECK(names(find_addressees("Dear John and Mary,\n")) == Names{"John", "Mary"});
  CHECK(names(find_addressees("Good morning Ms. Kubota!\n")) == Names{"Kubota"});
  CHECK(names(find_addressees("Good afternoon, Ms. Tanaka.\n")) == Names{"Tanaka"});
  CHECK(names(find_addressees("Mr. Smith,\n\nThank you.\n")) == Names{"Smith"});
  CHECK(find_addressees("Hello, Great News\n").empty());  // after a comma only a title starts a name
  const auto san = find_addressees("Hi Maeda-san,\n");
  REQUIRE(san.size() == 1);
  CHECK(san[0].name == "Maeda");
  CHECK(san[0].begin == 3);
  CHECK(san[0].end == 12);
  // "Hi" is a salutation only as a word; a lower-case continuation is no name.
  CHECK(find_addressees("Hitachi Systems\nPlease see below.\n").empty());
  CHECK(names(find_addressees("Hi John and thanks for the update\n")) == Names{"John"});
  CHECK(find_addressees("Hello,\n\nI am writing about the order.\n").empty());
}

TEST_CASE("full-width letters and spaces") {
  const auto a = find_addressees("ＭＡＥＤＡ様\n\n");
  REQUIRE(a.size() == 1);
  CHECK(a[0].name == "ＭＡＥＤＡ");
  CHECK(a[0].end == 6);
  const auto b = find_addressees("三浦　裕子様\n");
  REQUIRE(b.size() == 1);
  CHECK(b[0].name == "三浦　裕子");
  CHECK(find_addressees("Ｄｅａｒ Ｍｒ． Ｍａｅｄａ，\n").at(0).name == "Ｍａｅｄａ");
}

TEST_CASE("only the salutation block is read") {
  // Quoted history is not the sender's text.
  CHECK(find_addressees("> 山田様\n> \n> お世話になっております。\n").empty());
  CHECK(names(find_addressees("佐藤様\n\n承知しました。\n\n> 山田様\n> お世話になっております。\n")) == Names{"佐藤"});
  // A name later in the text, or after the first sentence, is not an addressee.
  CHECK(find_addressees("お世話になっております。\n山田様からご紹介いただきました。\n").empty());
  CHECK(find_addressees("本日の会議について\n\n山田様\n").empty());
  CHECK(find_addressees("いつもお世話になっております。\n佐藤様\n").empty());
  // A company line with nobody after it is nothing.
  CHECK(find_addressees("（自分宛）\n\n自宅で確認するため転送します。\n").empty());
  // At most four lines.
  CHECK(find_addressees("A社\nB部\nC課\nD係\n山田様\n").empty());
  // A leading name in a sentence counts ("山田さん、お疲れさまです。"), what follows it does not.
  CHECK(names(find_addressees("酒井さん、お疲れさまです。佐藤さん、よろしく。\n")) == Names{"酒井"});
  CHECK(names(find_addressees("酒井さん\n\n皆さん、お疲れさまです。\n")) == Names{"酒井"});
  // The signature is not read either.
  CHECK(find_addressees("-- \n山田様\n").empty());
  CHECK(find_addressees("").empty());
}

TEST_CASE("words that only look like honorifics") {
  CHECK(names(find_addressees("殿村様\n")) == Names{"殿村"});
  CHECK(names(find_addressees("田中君子様\n")) == Names{"田中君子"});
  CHECK(find_addressees("お客様番号のご案内\n\n").empty());
  CHECK(find_addressees("部長様\n").empty());
}

TEST_CASE("a long first line is read for a leading name only") {
  std::string line = "山田様、";
  for (int i = 0; i < 50; ++i) line += "長い文章";
  const auto a = find_addressees(line + "\n佐藤様\n");
  CHECK(names(a) == Names{"山田"});
}

TEST_CASE("romaji: kana transliteration and spelling variants") {
  CHECK(kana_to_romaji("おおつか") == "ootsuka");
  CHECK(kana_to_romaji("オオツカ") == "ootsuka");
  CHECK(kana_to_romaji("ｵｵﾂｶ") == "ootsuka");
  CHECK(kana_to_romaji("前田") == "前田");
  CHECK(romaji_key("Ootsuka") == romaji_key("Otsuka"));
  CHECK(romaji_key("Ohtsuka") == romaji_key("otsuka"));
  CHECK(romaji_key("Satou") == romaji_key("Sato"));
  CHECK(romaji_key("Yuuki") == romaji_key("Yuki"));
  CHECK(romaji_key("Shinji") == romaji_key("Sinzi"));
  CHECK(romaji_key("Tsuji") == romaji_key("Tuzi"));
  CHECK(romaji_key("Fujita") == romaji_key("Huzita"));
  CHECK(romaji_key("Chiba") == romaji_key("Tiba"));
  CHECK(romaji_key("Homma") == romaji_key("Honma"));
  CHECK(romaji_key("Maeda") != romaji_key("Mayeda"));
  CHECK(romaji_key("Sato") != romaji_key("Saito"));
  CHECK(local_part_words("t.ootsuka") == Names{"t", "ootsuka"});
  CHECK(local_part_words("Furukawa_Osamu2") == Names{"furukawa", "osamu"});
  CHECK(local_part_words("k-abe+news") == Names{"k", "abe", "news"});
}

TEST_CASE("matching a Japanese name in the same script") {
  CHECK(match_person_name("松井", "松井 沙織", "matsuis") == NameMatch::same);
  CHECK(match_person_name("水野伸之", "水野 伸之", "mizunon") == NameMatch::same);
  CHECK(match_person_name("三浦 裕子", "三浦 裕子", "y.miura") == NameMatch::same);
  CHECK(match_person_name("辻", "辻 大輔", "tsujid") == NameMatch::same);
  CHECK(match_person_name("工藤絵美", "工藤絵美", "kudoe") == NameMatch::same);
  CHECK(match_person_name("山田", "ABC商事 山田", "yamada") == NameMatch::same);
  CHECK(match_person_name("荒木", "古川 修", "furukawa_osamu") == NameMatch::different);
  CHECK(match_person_name("小島", "佐々木 裕子", "sasaki-y") == NameMatch::different);
  CHECK(match_person_name("三浦 裕子", "佐々木 裕子", "sasaki-y") == NameMatch::different);
  CHECK(match_person_name("久保田", "クボタ", "") == NameMatch::unknown);
  // Old and variant kanji forms are the same name.
  CHECK(match_person_name("斎藤", "齋藤 一郎", "") == NameMatch::same);
  CHECK(match_person_name("高橋", "髙橋 直美", "") == NameMatch::same);
  CHECK(match_person_name("山崎", "山﨑 学", "") == NameMatch::same);
  CHECK(match_person_name("渡辺", "渡邉 修", "") == NameMatch::same);
  CHECK(match_person_name("斎藤", "佐藤 一郎", "") == NameMatch::different);
}

TEST_CASE("matching kana and romaji through the address and Latin names") {
  CHECK(match_person_name("おおつか", "大塚 智也", "t.ootsuka") == NameMatch::same);
  CHECK(match_person_name("オオツカ", "大塚 智也", "t.otsuka") == NameMatch::same);
  CHECK(match_person_name("Ootsuka", "大塚 智也", "t.ootsuka") == NameMatch::same);
  CHECK(match_person_name("Ohtsuka", "大塚 智也", "otsuka.t") == NameMatch::same);
  CHECK(match_person_name("ＭＡＥＤＡ", "前田", "maeda") == NameMatch::same);
  CHECK(match_person_name("くどう", "工藤 徹", "kudout") == NameMatch::same);
  CHECK(match_person_name("くぼた", "クボタ レン", "") == NameMatch::same);
  CHECK(match_person_name("Kubota", "クボタ レン", "") == NameMatch::same);
  CHECK(match_person_name("おおつか", "大塚 智也", "info") == NameMatch::unknown);
  CHECK(match_person_name("おおつか", "佐藤 花子", "hanako.sato") == NameMatch::different);
}

TEST_CASE("matching English names") {
  CHECK(match_person_name("John", "John Smith", "jsmith") == NameMatch::same);
  CHECK(match_person_name("Maeda", "Taro Maeda", "") == NameMatch::same);
  CHECK(match_person_name("John Smith", "Smith, John", "") == NameMatch::same);
  CHECK(match_person_name("Alex", "Alexander Nguyen", "anguyen") == NameMatch::same);
  CHECK(match_person_name("John", "J. Smith", "") == NameMatch::same);
  CHECK(match_person_name("Maeda", "Alexander Nguyen", "anguyen") == NameMatch::different);
  CHECK(match_person_name("Maeda", "", "manabu.maeda") == NameMatch::same);
  CHECK(match_person_name("Maeda", "", "anguyen") == NameMatch::different);
  // Usual short forms that are not the start of the name.
  CHECK(match_person_name("Bob", "Robert Brown", "rbrown") == NameMatch::same);
  CHECK(match_person_name("Mike", "Michael Chen", "") == NameMatch::same);
  CHECK(match_person_name("Joe", "Joseph Lee", "") == NameMatch::same);
  CHECK(match_person_name("Bob", "Michael Chen", "mchen") == NameMatch::different);
}

TEST_CASE("nothing to compare with is unknown, never different") {
  CHECK(match_person_name("山田", "", "info") == NameMatch::unknown);
  CHECK(match_person_name("山田", "", "yamada") == NameMatch::unknown);  // no reading of kanji
  CHECK(match_person_name("山田", "Taro Yamada", "taro") == NameMatch::unknown);
  CHECK(match_person_name("Maeda", "", "info") == NameMatch::unknown);
  CHECK(match_person_name("Maeda", "Sales Team", "sales") == NameMatch::unknown);
  CHECK(match_person_name("山田", "営業部", "eigyo") == NameMatch::unknown);
  CHECK(match_person_name("山田", "株式会社ABC", "info") == NameMatch::unknown);
  CHECK(match_person_name("山田", "yamada@example.com", "k1234") == NameMatch::unknown);
}
