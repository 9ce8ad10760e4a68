// spec/json_text.h: text from outside (an experiment file, a --set value, a
// link's knob) read strictly, and quoted safely in messages.
//
// parse_json_text accepts exactly JSON (RFC 8259) and refuses, naming the
// field by its path where there is one:
//   a NUL byte               "line 3, column 7: a NUL byte (a JSON text has none)"
//   nesting past the limit   "model.layers[0]: nested deeper than 64 levels ..."
//   a key given twice        "optimizer: key \"lr\" given twice"
//   a number no double holds "optimizer.lr: 1e309 is too large for a number ..."
//   a number that underflows "optimizer.lr: 1e-400 is too small: it would read as 0"
// and nlohmann's syntax errors without their "[json.exception...]" prefix.
// Nothing it builds is deeper than max_json_depth, so printing or freeing a
// document never recurses far.
//
// Knob values are numbers as JSON writes them: "-0.5", "1e-3", "20"; never
// "0x10", "0x1p3", " 1", "+1", "1.", ".5", "inf" (read_number_text).
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace synapse {

// The deepest nesting of arrays and objects an experiment document may use
// (presets use 5).
constexpr int max_json_depth = 64;
// The most bytes read from an experiment file (presets take about 1 KB).
constexpr std::size_t max_experiment_bytes = 1u << 20;

// Throws spec_error as listed above (the caller prefixes the file's name).
nlohmann::json parse_json_text(const std::string& text);

// True and the value if `s` is a JSON number that a double holds. Else
// false, with `why` empty if `s` is not a number as JSON writes it, or
// saying why no double holds it ("is too large ...", "is too small: it would read as 0").
bool read_number_text(const std::string& s, double& out, std::string& why);
// True if `s` is an integer as JSON writes it ("0", "-12"; not "+1", "007"),
// at most 19 digits.
bool is_integer_text(const std::string& s);

// For messages: `value` in double quotes with \", \\, \n, \t, other control
// bytes and C1 codes as \uXXXX, bytes that are not UTF-8 as \xNN; past
// max_quoted_chars of that, cut with "..." and the length: "\"aaaa...\" (100000 bytes)".
constexpr std::size_t max_quoted_chars = 60;
std::string quoted_text(const std::string& value);
// The same escapes without quotes, cut as quoted_text() cuts after max_chars
// characters: "aaaa... (100000 bytes)" (a number's text, a name; a file's
// path in a message: escaped, never cut by default). Every value a refusal
// shows goes through one of these two (or shown()).
std::string escaped(const std::string& value, std::size_t max_chars = std::size_t(-1));
// A whole message as one line: control codes, U+2028/2029 and bytes that are
// not UTF-8 escaped as above, its quotes and backslashes kept (a value in it
// quoted with quoted_text() is left as it is), cut as escaped() cuts. What a
// refusal is printed through.
std::string one_line(const std::string& message, std::size_t max_chars = std::size_t(-1));
// A JSON value's compact text (strings already escaped by JSON), cut as quoted_text() cuts.
std::string shown(const nlohmann::json& value);

}  // namespace synapse
