// The host's in-memory cache: bounded in entries, bytes and age, oldest dropped first.
#include <doctest/doctest.h>

#include "service/bounded_cache.h"

namespace {

using Cache = sg::BoundedCache<std::string>;
using namespace std::chrono_literals;

std::shared_ptr<const std::string> v(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

}  // namespace

TEST_CASE("an entry is found until it expires") {
  Cache c(4, 100, 10s);
  const auto t0 = Cache::Clock::now();
  REQUIRE(c.put("a", v("alpha"), 5, t0));
  CHECK(*c.get("a", t0 + 9s) == "alpha");
  CHECK(c.get("a", t0 + 10s) == nullptr);
  CHECK(c.bytes() == 0);
}

TEST_CASE("the oldest entries go first when the byte or entry budget is reached") {
  Cache c(3, 100, 60s);
  const auto t0 = Cache::Clock::now();
  REQUIRE(c.put("a", v("a"), 40, t0));
  REQUIRE(c.put("b", v("b"), 40, t0));
  REQUIRE(c.put("c", v("c"), 40, t0));  // 120 > 100: "a" goes
  CHECK(c.get("a", t0) == nullptr);
  CHECK(c.get("b", t0) != nullptr);
  CHECK(c.bytes() == 80);
  REQUIRE(c.put("d", v("d"), 1, t0));
  REQUIRE(c.put("e", v("e"), 1, t0));  // four entries > 3: "b" goes
  CHECK(c.get("b", t0) == nullptr);
  CHECK(c.get("c", t0) != nullptr);
}

TEST_CASE("an entry bigger than the whole budget is refused and evicts nothing; a key is replaced") {
  Cache c(3, 100, 60s);
  REQUIRE(c.put("a", v("a"), 60));
  CHECK(!c.put("huge", v("h"), 101));
  CHECK(c.get("a") != nullptr);
  REQUIRE(c.put("a", v("again"), 70));
  CHECK(*c.get("a") == "again");
  CHECK(c.bytes() == 70);
}
