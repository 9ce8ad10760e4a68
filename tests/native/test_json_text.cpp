// Text from outside read strictly (spec/json_text.h): experiment documents
// and knob values an attacker or a careless user could write, each refused
// with one line naming the field, the value quoted escaped and shortened.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "engine/spec/json_text.h"
#include "engine/spec/knobs.h"

using namespace synapse;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {
std::string parse_error_of(const std::string& text) {
  try {
    parse_json_text(text);
  } catch (const spec_error& e) {
    return e.what();
  }
  return "";
}
std::string knob_error_of(const std::string& preset, const knob_values& v) {
  try {
    spec_from_preset(preset, v);
  } catch (const spec_error& e) {
    return e.what();
  }
  return "";
}
std::string set_error_of(nlohmann::json doc, const std::string& knob, const std::string& value) {
  try {
    apply_knob(knobs_for_lab("xor"), doc, knob, value);
  } catch (const spec_error& e) {
    return e.what();
  }
  return "";
}
bool is_one_line(const std::string& m) { return m.find('\n') == std::string::npos && m.find('\x1b') == std::string::npos; }
}  // namespace

TEST_CASE("a document is read as json::parse reads it", "[spec][json_text]") {
  const std::string text = R"({"a": [1, -2, 3.5, 1e-3, true, null, "x\n"], "b": {"c": {}}, "d": 18446744073709551615})";
  CHECK(parse_json_text(text) == nlohmann::json::parse(text));
  CHECK(parse_json_text("  [1]\n") == nlohmann::json::array({1}));
}

TEST_CASE("nesting is limited, named, and a deep document neither crashes nor echoes", "[spec][json_text]") {
  const std::string ok = std::string(max_json_depth, '[') + std::string(max_json_depth, ']');
  CHECK(parse_json_text(ok).is_array());
  for (int depth : {max_json_depth + 1, 100000}) {
    const std::string deep = std::string(depth, '[') + std::string(depth, ']');
    const std::string m = parse_error_of(deep);
    CHECK_THAT(m, Contains("nested deeper than 64 levels"));
    CHECK(m.size() < 200);
  }
  const std::string in_field = R"({"model": {"layers": )" + std::string(100000, '[');
  CHECK_THAT(parse_error_of(in_field), StartsWith("model.layers[0][0]"));
}

TEST_CASE("numbers no double holds are refused with their field, not as internal errors", "[spec][json_text]") {
  CHECK_THAT(parse_error_of(R"({"optimizer": {"lr": 1e309}})"),
             StartsWith("optimizer.lr: 1e309 is too large for a number (the largest is about 1.8e308; line 1, column 22)"));
  CHECK_THAT(parse_error_of(R"({"optimizer": {"lr": -1e400}})"), StartsWith("optimizer.lr: -1e400 is too large"));
  CHECK_THAT(parse_error_of(R"({"optimizer": {"lr": 1e-400}})"),
             Equals("optimizer.lr: 1e-400 is too small: it would read as 0"));
  CHECK(parse_json_text(R"({"lr": 0e-400})")["lr"] == 0.0);   // a zero written so is a zero
  CHECK(parse_json_text(R"({"lr": 1e-310})")["lr"].get<double>() > 0);   // subnormal, still not 0
}

TEST_CASE("lenient readings are refused: hex, NUL, duplicate keys", "[spec][json_text]") {
  CHECK_THAT(parse_error_of(R"({"seed": 0x10})"), StartsWith("seed: parse error at line 1, column 11"));
  CHECK_THAT(parse_error_of(std::string("{\"seed\": 1}\0{\"x\": 2}", 20)),
             Equals("line 1, column 12: a NUL byte (a JSON text has none)"));
  CHECK_THAT(parse_error_of("{\"a\": 1,\n\"a\": 2}"), Equals("experiment: key \"a\" given twice"));
  CHECK_THAT(parse_error_of(R"({"optimizer": {"lr": 1, "lr": 2}})"), Equals("optimizer: key \"lr\" given twice"));
  CHECK_THAT(parse_error_of(R"({"layers": [{"u": 1}, {"u": 1, "u": 2}]})"), Equals("layers[1]: key \"u\" given twice"));
  CHECK_THAT(parse_error_of("{\"a\": 1} x"), Contains("parse error"));
}

TEST_CASE("knob values are numbers as JSON writes them", "[spec][json_text]") {
  double v = 0;
  std::string why;
  for (const char* good : {"0", "-0.5", "20", "1e-3", "1E+21", "0.001", "123456789"}) {
    INFO(good);
    CHECK(read_number_text(good, v, why));
  }
  for (const char* bad : {"", "0x10", "0x1p3", " 1", "1 ", "+1", "1.", ".5", "01", "inf", "nan", "1e", "--1", "1,5"}) {
    INFO(bad);
    CHECK_FALSE(read_number_text(bad, v, why));
    CHECK(why.empty());
  }
  CHECK_FALSE(read_number_text("1e-400", v, why));
  CHECK(why == "is too small: it would read as 0");
  CHECK_FALSE(read_number_text("1e309", v, why));
  CHECK_THAT(why, StartsWith("is too large"));
  CHECK(is_integer_text("0"));
  CHECK(is_integer_text("-12"));
  for (const char* bad : {"+1", "007", " 1", "1.0", "", "-", "12345678901234567890"}) CHECK_FALSE(is_integer_text(bad));
}

TEST_CASE("knobs refuse lenient values with the knob, the value and why", "[spec][json_text]") {
  CHECK_THAT(knob_error_of("xor", {{"alpha", "0x10"}}),
             Equals("alpha: must be a finite number in (0, 1000000], got \"0x10\""));
  CHECK_THAT(knob_error_of("xor", {{"lr", "1e-400"}}), Contains("got \"1e-400\": is too small: it would read as 0"));
  CHECK_THAT(knob_error_of("xor", {{"iterations", "+10"}}), StartsWith("iterations: must be an integer"));
  CHECK_THAT(knob_error_of("xor", {{"hidden", "4,+4"}}), StartsWith("hidden: must be up to"));
  CHECK(knob_error_of("xor", {{"lr", "1e-3"}, {"iterations", "10"}}).empty());
}

TEST_CASE("a --set into a field of another type names the knob and the field", "[spec][json_text]") {
  nlohmann::json doc = preset_document(find_preset("xor"));
  doc["optimizer"] = 5;
  CHECK_THAT(set_error_of(doc, "lr", "2"),
             Equals("lr: cannot set optimizer.lr in this experiment: optimizer is a number, not an object"));
  doc = preset_document(find_preset("xor"));
  doc["model"] = nlohmann::json::array();
  CHECK_THAT(set_error_of(doc, "hidden", "2"),
             Equals("hidden: cannot set model.mlp.hidden in this experiment: model is an array, not an object"));
  doc = nlohmann::json::object();
  apply_knob(knobs_for_lab("xor"), doc, "lr", "2");   // missing objects are made, as before
  CHECK(doc["optimizer"]["lr"] == 2.0);
}

TEST_CASE("values in messages are escaped and shortened", "[spec][json_text]") {
  CHECK(quoted_text("relu") == "\"relu\"");
  CHECK(quoted_text("a\nb\x1b[31m\"\\") == "\"a\\nb\\u001b[31m\\\"\\\\\"");
  CHECK(quoted_text("\xc2\x9b" "x\xff") == "\"\\u009bx\\xff\"");   // C1 CSI and a byte that is not UTF-8
  CHECK(quoted_text("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  const std::string huge(100000, 'a');
  CHECK(quoted_text(huge) == "\"" + std::string(max_quoted_chars, 'a') + "\"... (100000 bytes)");
  CHECK(escaped("dir/\nx.json") == "dir/\\nx.json");
  const std::string m = knob_error_of("xor", {{"activation", std::string("relu\n\x1b[2J") + huge}});
  CHECK(is_one_line(m));
  CHECK(m.size() < 300);
  CHECK_THAT(m, Contains("got \"relu\\n\\u001b[2J"));
  const std::string long_string = R"({"lab": "xor", "precision": ")" + huge + "\"}";
  try {
    parse_spec(parse_json_text(long_string));
    FAIL("accepted");
  } catch (const spec_error& e) {
    CHECK(std::string(e.what()).size() < 300);
    CHECK_THAT(e.what(), Contains("(100000 bytes)"));
  }
}

TEST_CASE("a number's text, a parser's token and a whole message are shortened and made one line", "[spec][json_text]") {
  const std::string digits(400, '9');
  const auto error_of = [](const std::string& text) {
    try {
      parse_json_text(text);
    } catch (const spec_error& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  // a number no double holds, 400 digits long: its first 60, then how long it was
  CHECK_THAT(error_of(R"({"loss": 1)" + digits + "}"),
             StartsWith("loss: 1" + std::string(59, '9') + "... (401 bytes) is too large for a number"));
  CHECK_THAT(error_of(R"({"lr": 0.)" + std::string(400, '0') + "1}"),
             Equals("lr: 0." + std::string(58, '0') + "... (403 bytes) is too small: it would read as 0"));
  // the parser's "last read" token: a 100,000-byte string up to a raw escape code
  const std::string m = error_of("{\"a\": \"" + std::string(100000, 'x') + "\x1b[2J\"}");
  CHECK(is_one_line(m));
  CHECK(m.size() < 300);
  CHECK_THAT(m, Contains("must be escaped to \\u001B; last read: '\"" + std::string(59, 'x') + "... (100009 bytes)'"));
  // escaped() cuts as quoted_text() does, without the quotes
  CHECK(escaped(std::string(100, 'k'), 40) == std::string(40, 'k') + "... (100 bytes)");
  // one_line: control codes, U+2028/2029 and stray bytes escaped, a quoted value's escapes kept
  CHECK(one_line("x: got \"a\\tb\"\tc\x1b\xe2\x80\xa8\xff\n") == "x: got \"a\\tb\"\\tc\\u001b\\u2028\\xff\\n");
}
