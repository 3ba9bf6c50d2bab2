// Person-name keys: Japanese and English display names in their usual spellings compare equal;
// addresses, role mailboxes and fragments give no key.
#include <doctest/doctest.h>

#include "text/person_name.h"

using sg::text::family_name_key;
using sg::text::person_name_key;

TEST_CASE("person name: spaces and widths") {
  // Japanese: words kept in order, spaces of any width dropped.
  CHECK(person_name_key("工藤 絵美") == "工藤絵美");
  CHECK(person_name_key("工藤絵美") == "工藤絵美");
  CHECK(person_name_key("工藤　絵美") == "工藤絵美");  // ideographic space
  CHECK(person_name_key(" 工藤\t 絵美 ") == "工藤絵美");
  CHECK(person_name_key("ｸﾎﾞﾀ ﾚﾝ") == person_name_key("クボタ　レン"));
  CHECK(person_name_key("ｸﾎﾞﾀ") == "クボタ");
  CHECK(person_name_key("ジョン・スミス") == person_name_key("ジョン スミス"));
  // Latin: words sorted, so either order and "Family, Given" compare equal.
  CHECK(person_name_key("Ren Kubota") == "kubota ren");
  CHECK(person_name_key("Kubota Ren") == "kubota ren");
  CHECK(person_name_key("KUBOTA, Ren") == "kubota ren");
  CHECK(person_name_key("Ｒｅｎ　Ｋｕｂｏｔａ") == "kubota ren");  // full-width letters and space
  CHECK(person_name_key("  Ren   Kubota ") == "kubota ren");
  CHECK(person_name_key("Seán O'Brien") == "o'brien seán");
  CHECK(person_name_key("J. Smith") == person_name_key("Smith J"));
  // Japanese and Latin spellings of one person are different keys.
  CHECK(person_name_key("久保田 蓮") != person_name_key("Ren Kubota"));
}

TEST_CASE("person name: honorifics and titles at either end") {
  CHECK(person_name_key("工藤 絵美 様") == "工藤絵美");
  CHECK(person_name_key("工藤絵美様") == "工藤絵美");
  CHECK(person_name_key("工藤さま") == "工藤");
  CHECK(person_name_key("ｸﾎﾞﾀｻﾏ") == "クボタ");
  CHECK(person_name_key("久保田さん") == "久保田");
  CHECK(person_name_key("山田先生") == "山田");
  CHECK(person_name_key("山田 太郎 殿") == "山田太郎");
  CHECK(person_name_key("山田氏") == "山田");
  CHECK(person_name_key("山田くん") == "山田");
  CHECK(person_name_key("えみちゃん") == "えみ");
  CHECK(person_name_key("Mr. Ren Kubota") == "kubota ren");
  CHECK(person_name_key("Mr Ren Kubota") == "kubota ren");
  CHECK(person_name_key("Mr.Kubota") == "kubota");
  CHECK(person_name_key("Dr Ren Kubota") == "kubota ren");
  CHECK(person_name_key("Prof. Emi Kudo") == "emi kudo");
  CHECK(person_name_key("Ms. Emi Kudo") == "emi kudo");
  CHECK(person_name_key("Kubota-san") == "kubota");
  CHECK(person_name_key("Kubota san") == "kubota");
  CHECK(person_name_key("Kubota Sama") == "kubota");
  // A family name that starts like an honorific keeps it.
  CHECK(person_name_key("君島 一郎") == "君島一郎");
  CHECK(person_name_key("Jackie Chan") == "chan jackie");
}

TEST_CASE("person name: brackets, quotes and trailing organisations") {
  CHECK(person_name_key("山田 太郎 (株式会社ABC)") == "山田太郎");
  CHECK(person_name_key("山田 太郎（株式会社ＡＢＣ）") == "山田太郎");
  CHECK(person_name_key("【営業部】山田 太郎") == "山田太郎");
  CHECK(person_name_key("山田 太郎「ABC商事」") == "山田太郎");
  CHECK(person_name_key("Taro Yamada [Sales]") == "taro yamada");
  CHECK(person_name_key("Taro Yamada (ABC Corp") == "taro yamada");  // unclosed
  CHECK(person_name_key("'Taro Yamada'") == "taro yamada");
  CHECK(person_name_key("\"Yamada, Taro\"") == "taro yamada");
  CHECK(person_name_key("「山田太郎」") == "山田太郎");
  CHECK(person_name_key("“Taro Yamada”") == "taro yamada");
  CHECK(person_name_key("山田太郎／ABC商事") == "山田太郎");
  CHECK(person_name_key("山田太郎 | ABC商事 営業部") == "山田太郎");
  CHECK(person_name_key("山田太郎＠ABC商事") == "山田太郎");
  CHECK(person_name_key("Taro Yamada @ ABC Corp") == "taro yamada");
  CHECK(person_name_key("Taro Yamada / taro@abc.example") == "taro yamada");
  CHECK(person_name_key("Yamada Taro@ABC") == "taro yamada");  // no dot: a company, not an address
  CHECK(person_name_key("山田 太郎 <yamada@abc.example>") == "山田太郎");
}

TEST_CASE("person name: not a person's name") {
  CHECK(person_name_key("").empty());
  CHECK(person_name_key("   ").empty());
  CHECK(person_name_key("taro@abc.example").empty());
  CHECK(person_name_key("'taro.yamada@abc.example'").empty());
  CHECK(person_name_key("Yamada Taro yamada@abc.example").empty());
  CHECK(person_name_key("林").empty());  // one character
  CHECK(person_name_key("林様").empty());
  CHECK(person_name_key("R").empty());
  CHECK(person_name_key("様").empty());
  CHECK(person_name_key("12345").empty());
  CHECK(person_name_key("０３－１２３４").empty());
  CHECK(person_name_key("--- !!").empty());
  CHECK(person_name_key("(株式会社ABC)").empty());  // all in brackets
  CHECK(person_name_key("Info").empty());
  CHECK(person_name_key("SUPPORT").empty());
  CHECK(person_name_key("Sales Team").empty());
  CHECK(person_name_key("Customer Support").empty());
  CHECK(person_name_key("no-reply").empty());
  CHECK(person_name_key("No Reply").empty());
  CHECK(person_name_key("noreply").empty());
  CHECK(person_name_key("営業部").empty());
  CHECK(person_name_key("【営業部】").empty());
  CHECK(person_name_key("総務部 御中").empty());
  CHECK(person_name_key("ご担当者様").empty());
  CHECK(person_name_key("お問い合わせ").empty());
  CHECK(person_name_key("ｶｽﾀﾏｰｻﾎﾟｰﾄ").empty());
  CHECK(person_name_key("人事部 担当者").empty());
  // A person in a department is still a person.
  CHECK(person_name_key("営業部 山田") == "営業部山田");
}

TEST_CASE("person name: family names") {
  CHECK(family_name_key("工藤 絵美") == "工藤");
  CHECK(family_name_key("工藤　絵美 様") == "工藤");
  CHECK(family_name_key("ｸﾎﾞﾀ ﾚﾝ") == "クボタ");
  CHECK(family_name_key("工藤絵美").empty());  // no space: not recognisable
  CHECK(family_name_key("Ren Kubota") == "kubota");
  CHECK(family_name_key("Mr. Ren Kubota") == "kubota");
  CHECK(family_name_key("KUBOTA Ren") == "kubota");
  CHECK(family_name_key("REN KUBOTA") == "kubota");
  CHECK(family_name_key("Kubota, Ren") == "kubota");
  CHECK(family_name_key("Taro Yamada [Sales]") == "yamada");
  CHECK(family_name_key("Mary Ann Smith").empty());
  CHECK(family_name_key("山田 Taro").empty());  // mixed scripts
  CHECK(family_name_key("ABC商事 工藤").empty());
  CHECK(family_name_key("Kubota").empty());
  CHECK(family_name_key("info@abc.example").empty());
  CHECK(family_name_key("営業部 担当者").empty());
}
