// JSON text as people read it: doubles keep a decimal point, integers stay integers.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "core/value_json.h"

TEST_CASE("doubles are written with a decimal point and no exponent for ordinary values") {
  CHECK(sg::json_text(boost::json::value(7.0)) == "7.0");
  CHECK(sg::json_text(boost::json::value(1.5)) == "1.5");
  CHECK(sg::json_text(boost::json::value(0.1)) == "0.1");
  CHECK(sg::json_text(boost::json::value(-2.25)) == "-2.25");
  CHECK(sg::json_text(boost::json::value(1e21)) == "1e+21");
}

TEST_CASE("integers, strings and nesting are written as Boost.JSON would") {
  const auto v = boost::json::parse(R"({"a":[1,2.5,"x\"y",true,null],"b":{"c":-3}})");
  CHECK(sg::json_text(v) == R"({"a":[1,2.5,"x\"y",true,null],"b":{"c":-3}})");
}

TEST_CASE("what json_text writes parses back to the same value") {
  const auto v = boost::json::parse(R"({"score":7.0,"t":{"confirm":1.0,"justify":8.5},"k":"日本語"})");
  CHECK(boost::json::parse(sg::json_text(v)) == v);
}

TEST_CASE("non-finite doubles become null") {
  CHECK(sg::json_text(boost::json::value(std::numeric_limits<double>::infinity())) == "null");
}
