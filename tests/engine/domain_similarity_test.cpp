// Look-alike domains: typos, swapped public suffixes and homoglyphs of known domains, and the
// domains that must not match (the same organisation, short or unrelated labels).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "text/domain_similarity.h"

using sg::text::find_lookalike;
using sg::text::LookalikeKind;
using sg::text::registrable_domain;

namespace {

std::optional<sg::text::LookalikeMatch> match(std::string_view candidate, std::vector<std::string> known) {
  return find_lookalike(candidate, known);
}

}  // namespace

TEST_CASE("lookalike: registrable domains come from the Public Suffix List") {
  CHECK(registrable_domain("example.co.jp") == "example.co.jp");
  CHECK(registrable_domain("mail.abc-shoji.co.jp") == "abc-shoji.co.jp");
  CHECK(registrable_domain("abc-shoji.jp") == "abc-shoji.jp");
  CHECK(registrable_domain("www.city.kyoto.jp") == "city.kyoto.jp");
  CHECK(registrable_domain("mail.corp.example") == "corp.example");  // unknown TLD: rule "*"
  CHECK(registrable_domain("a.b.northgate-logistics.test") == "northgate-logistics.test");
  CHECK(registrable_domain("Mail.Example.COM.") == "example.com");
  CHECK(registrable_domain("co.jp").empty());
  CHECK(registrable_domain("localhost").empty());
  CHECK(registrable_domain("").empty());
  CHECK(registrable_domain(std::string_view("example.co.jp\0.com", 18)).empty());
}

TEST_CASE("lookalike: typos of the label") {
  SUBCASE("one character left out") {
    const auto m = match("nanamisekei.example", {"abc-shoji.co.jp", "nanamisekkei.example"});
    REQUIRE(m);
    CHECK(m->known == "nanamisekkei.example");
    CHECK(m->kind == LookalikeKind::typo);
    CHECK(m->distance == 1);
  }
  SUBCASE("adjacent letters swapped count as one edit") {
    const auto m = match("nanamiskekei.example", {"nanamisekkei.example"});
    REQUIRE(m);
    CHECK(m->kind == LookalikeKind::typo);
    CHECK(m->distance == 1);
  }
  SUBCASE("two edits in a label of ten or more characters") {
    const auto m = match("nanamiseki.example", {"nanamisekkei.example"});
    REQUIRE(m);
    CHECK(m->kind == LookalikeKind::typo);
    CHECK(m->distance == 2);
    CHECK_FALSE(match("sekkai.example", {"sukkei.example"}).has_value());  // two edits, 6 characters
  }
  SUBCASE("a hyphen or a dot added or removed") {
    const auto hyphen = match("ruriinsatsu.example", {"ruri-insatsu.example"});
    REQUIRE(hyphen);
    CHECK(hyphen->kind == LookalikeKind::typo);
    CHECK(hyphen->distance == 1);
    const auto dot = match("ruri.insatsu.example", {"ruriinsatsu.example"});
    REQUIRE(dot);
    CHECK(dot->kind == LookalikeKind::typo);
    CHECK(dot->distance == 1);
    const auto two = match("ru-ri-insatsu.example", {"ruriinsatsu.example"});
    REQUIRE(two);
    CHECK(two->distance == 2);
  }
  SUBCASE("a subdomain of a look-alike is still one") {
    const auto m = match("mail.nanamisekei.example", {"nanamisekkei.example"});
    REQUIRE(m);
    CHECK(m->known == "nanamisekkei.example");
  }
  SUBCASE("a typo under another public suffix") {
    const auto m = match("nanamisekei.com", {"nanamisekkei.co.jp"});
    REQUIRE(m);
    CHECK(m->kind == LookalikeKind::typo);
  }
  SUBCASE("a known subdomain brings its registrable label") {
    const auto m = match("nanamisekei.example", {"mail.nanamisekkei.example"});
    REQUIRE(m);
    CHECK(m->known == "mail.nanamisekkei.example");
    CHECK(m->kind == LookalikeKind::typo);
  }
  SUBCASE("one edit in an eight-character label matches (the rule adds other evidence)") {
    const auto m = match("client-b.example", {"client-a.example"});
    REQUIRE(m);
    CHECK(m->kind == LookalikeKind::typo);
  }
}

TEST_CASE("lookalike: the same label under another public suffix") {
  const auto test = match("northgate-logistics.test", {"northgate-logistics.example"});
  REQUIRE(test);
  CHECK(test->kind == LookalikeKind::swapped_suffix);
  CHECK(test->distance == 0);
  const auto jp = match("abc-shoji.jp", {"abc-shoji.co.jp"});
  REQUIRE(jp);
  CHECK(jp->kind == LookalikeKind::swapped_suffix);
  const auto com = match("example.com", {"example.co.jp", "example.jp"});
  REQUIRE(com);
  CHECK(com->kind == LookalikeKind::swapped_suffix);
  CHECK(com->known == "example.co.jp");
  const auto sub = match("abc-shoji.co.jp", {"mail.abc-shoji.jp"});
  REQUIRE(sub);
  CHECK(sub->kind == LookalikeKind::swapped_suffix);
  CHECK(sub->known == "mail.abc-shoji.jp");
}

TEST_CASE("lookalike: homoglyphs") {
  SUBCASE("rn for m") {
    const auto m = match("exarnple.co.jp", {"example.co.jp"});
    REQUIRE(m);
    CHECK(m->kind == LookalikeKind::homoglyph);
    CHECK(m->known == "example.co.jp");
  }
  SUBCASE("digits for letters, also in a short label") {
    const auto zero = match("g00dwill.example", {"goodwill.example"});
    REQUIRE(zero);
    CHECK(zero->kind == LookalikeKind::homoglyph);
    const auto one = match("pa1.example", {"pal.example"});
    REQUIRE(one);
    CHECK(one->kind == LookalikeKind::homoglyph);
  }
  SUBCASE("a Cyrillic а in an IDN, both ways") {
    const auto idn = match("xn--exmple-4nf.co.jp", {"example.co.jp"});  // exаmple.co.jp
    REQUIRE(idn);
    CHECK(idn->kind == LookalikeKind::homoglyph);
    const auto latin = match("nanamisekkei.example", {"abc-shoji.co.jp", "xn--nnamisekkei-yij.example"});
    REQUIRE(latin);
    CHECK(latin->kind == LookalikeKind::homoglyph);
    CHECK(latin->known == "xn--nnamisekkei-yij.example");
  }
  SUBCASE("a subdomain of a homoglyph, and a known subdomain") {
    const auto m = match("mail.exarnple.co.jp", {"www.example.co.jp"});
    REQUIRE(m);
    CHECK(m->kind == LookalikeKind::homoglyph);
    CHECK(m->known == "www.example.co.jp");
  }
  SUBCASE("invalid Punycode is no homoglyph of anything") {
    CHECK_FALSE(match("xn--zz.example", {"zz.example"}).has_value());
  }
}

TEST_CASE("lookalike: the best match wins") {
  SUBCASE("homoglyph before swapped suffix before typo") {
    const std::vector<std::string> known = {"exampel.co.jp", "exarnple.jp", "example.co.jp"};
    const auto m = find_lookalike("exarnple.co.jp", known);
    REQUIRE(m);
    CHECK(m->known == "example.co.jp");
    CHECK(m->kind == LookalikeKind::homoglyph);
    const auto swapped = find_lookalike("exarnple.co.jp", std::span(known).first(2));
    REQUIRE(swapped);
    CHECK(swapped->known == "exarnple.jp");
    CHECK(swapped->kind == LookalikeKind::swapped_suffix);
  }
  SUBCASE("the lower distance, then the earlier position") {
    const auto lower = match("nanamisekei.example", {"nanamisakai.example", "nanamisekkei.example"});
    REQUIRE(lower);
    CHECK(lower->known == "nanamisekkei.example");
    CHECK(lower->distance == 1);
    const auto earlier = match("nanamisekkai.example", {"nanamisekai.example", "nanamisekkei.example"});
    REQUIRE(earlier);
    CHECK(earlier->known == "nanamisekai.example");
    CHECK(earlier->distance == 1);
    const auto two = match("nanamisekei.example", {"nanamisakai.example"});
    REQUIRE(two);
    CHECK(two->distance == 2);
    const auto first = match("client-c.example", {"client-a.example", "client-b.example"});
    REQUIRE(first);
    CHECK(first->known == "client-a.example");
  }
}

TEST_CASE("lookalike: the user's own domains and their relatives never match") {
  const std::vector<std::string> known = {"nanamisekkei.example", "corp.example", "mail.abc-shoji.co.jp"};
  CHECK_FALSE(find_lookalike("nanamisekkei.example", known).has_value());
  CHECK_FALSE(find_lookalike("NanamiSekkei.Example.", known).has_value());
  CHECK_FALSE(find_lookalike("mail.corp.example", known).has_value());      // subdomain
  CHECK_FALSE(find_lookalike("abc-shoji.co.jp", known).has_value());        // known subdomain, same registrable
  CHECK_FALSE(find_lookalike("tokyo.abc-shoji.co.jp", known).has_value());  // same registrable domain
  // Whatever else resembles it: a domain the user knows is not a look-alike of another.
  CHECK_FALSE(match("nanamisekei.example", {"nanamisekkei.example", "nanamisekei.example"}).has_value());
  CHECK_FALSE(match("example.jp", {"example.co.jp", "example.jp"}).has_value());
  // A bare public suffix in the list does not make every domain under it known.
  const auto m = match("nanamisekei.example", {"example", "co.jp", "nanamisekkei.example"});
  REQUIRE(m);
  CHECK(m->known == "nanamisekkei.example");
}

TEST_CASE("lookalike: different names do not match") {
  CHECK_FALSE(match("tancho-seiki.example", {"tancho-unyu.example"}).has_value());
  CHECK_FALSE(match("abc.example", {"abd.example"}).has_value());        // too short for a typo
  CHECK_FALSE(match("abcd.example", {"abcde.example"}).has_value());     // shorter label has 4
  CHECK_FALSE(match("kubota.example", {"kurata.example"}).has_value());  // two edits, 6 characters
  CHECK_FALSE(match("sendguard.example", {"abc-shoji.co.jp", "nanamisekkei.example", "gmail.com"}).has_value());
  CHECK_FALSE(match("xn--bcdef-yij.example", {"xn--bcdeg-yij.example"}).has_value());  // Punycode edits
  CHECK_FALSE(match("co.jp", {"example.co.jp"}).has_value());                          // a public suffix
  CHECK_FALSE(match("", {"example.co.jp"}).has_value());
  CHECK_FALSE(match("example.co.jp", {}).has_value());
}
