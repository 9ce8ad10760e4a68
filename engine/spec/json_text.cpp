// spec/json_text.cpp: strict JSON text and safe quoting (json_text.h).
//
// The document is built by our own SAX handler instead of json::parse, so
// that the depth limit, duplicate keys and unrepresentable numbers are caught
// as they are read, with the path of the field being read.
#include "json_text.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "spec.h"

namespace synapse {
namespace {

using json = nlohmann::json;

// "line L, column C" of byte offset `at` (1-based, as editors count).
std::string line_column(const std::string& text, std::size_t at) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < at && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The digits of a JSON number's text before its exponent include a nonzero one.
bool nonzero_mantissa(const std::string& s) {
  for (char c : s) {
    if (c == 'e' || c == 'E') break;
    if (c >= '1' && c <= '9') return true;
  }
  return false;
}

// Builds the document; each event checks what json::parse would let through.
class strict_builder final : public nlohmann::json_sax<json> {
 public:
  json root;

  bool null() override { return add(json(nullptr)); }
  bool boolean(bool v) override { return add(json(v)); }
  bool number_integer(number_integer_t v) override { return add(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return add(json(v)); }
  bool number_float(number_float_t v, const string_t& text) override {
    if (v == 0 && nonzero_mantissa(text))
      throw spec_error(where() + ": " + escaped(text, max_quoted_chars) + " is too small: it would read as 0");
    return add(json(v));
  }
  bool string(string_t& v) override { return add(json(std::move(v))); }
  bool binary(binary_t&) override { throw spec_error(where() + ": binary values are not JSON"); }
  bool start_object(std::size_t) override { return open(json::object()); }
  bool key(string_t& k) override {
    if (stack_.back().value->contains(k))
      throw spec_error(where(false) + ": key " + quoted_text(k) + " given twice");
    stack_.back().key = std::move(k);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) override {
    std::string m = e.what();
    if (m.rfind("[json.exception.", 0) == 0) m = m.substr(m.find("] ") + 2);
    if (e.id == 406) {   // out_of_range.406: number overflow parsing '1e309'
      const std::size_t q = m.find('\'');
      const std::string number = q == std::string::npos ? "the number" : m.substr(q + 1, m.size() - q - 2);
      throw spec_error(where() + ": " + escaped(number, max_quoted_chars) +
                       " is too large for a number (the largest is about 1.8e308; " +
                       line_column(*text_, position >= token.size() ? position - token.size() : 0) + ")");
    }
    // its "last read" token is raw input (control bytes, bytes that are not UTF-8, a whole long string)
    const std::string last_read = "; last read: '";
    const std::size_t at = m.find(last_read);
    if (at != std::string::npos && m.back() == '\'') {
      const std::size_t from = at + last_read.size();
      m = m.substr(0, from) + one_line(m.substr(from, m.size() - from - 1), max_quoted_chars) + "'";
    }
    m = one_line(m, 300);
    throw spec_error(stack_.empty() ? m : where() + ": " + m);
  }

  explicit strict_builder(const std::string& text) : text_(&text) {}

 private:
  struct frame {
    json* value;       // an open array or object
    std::string key;   // an object's key being read
  };
  std::vector<frame> stack_;
  const std::string* text_;

  bool add(json v) {
    place(std::move(v));
    return true;
  }
  // Puts v where the document is being read: the root, an array's end, an object's key.
  json* place(json v) {
    if (stack_.empty()) {
      root = std::move(v);
      return &root;
    }
    json& top = *stack_.back().value;
    if (top.is_array()) {
      top.push_back(std::move(v));
      return &top.back();
    }
    json& slot = top[stack_.back().key];
    slot = std::move(v);
    return &slot;
  }
  bool open(json empty) {
    if (stack_.size() >= static_cast<std::size_t>(max_json_depth))
      throw spec_error(where() + ": nested deeper than " + std::to_string(max_json_depth) +
                       " levels (the most an experiment may use)");
    stack_.push_back({place(std::move(empty)), {}});
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }
  // The field being read, as parse_spec names fields: "model.layers[0].units";
  // with of_child false, the innermost open array or object itself.
  std::string where(bool of_child = true) const {
    std::string p;
    const std::size_t depth = stack_.size() - (of_child || stack_.empty() ? 0 : 1);
    for (std::size_t i = 0; i < depth; ++i) {
      const json& v = *stack_[i].value;
      if (v.is_array()) {
        const std::size_t open_child = i + 1 < stack_.size() ? 1 : 0;
        p += "[" + std::to_string(v.size() - open_child) + "]";
      } else {
        p += (p.empty() ? "" : ".") + escaped(stack_[i].key, max_quoted_chars);
      }
      if (p.size() > 100) return p.substr(0, 100) + "...";
    }
    return p.empty() ? "experiment" : p;
  }
};

// One code point's escape for a message, or "" when it prints as itself
// (quotes and backslashes too when keep_quotes: a message's own).
std::string escape(unsigned cp, bool keep_quotes) {
  static const char hex[] = "0123456789abcdef";
  switch (cp) {
    case '"': return keep_quotes ? "" : "\\\"";
    case '\\': return keep_quotes ? "" : "\\\\";
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '\r': return "\\r";
  }
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 || cp == 0x2029)
    return std::string("\\u") + hex[(cp >> 12) & 15] + hex[(cp >> 8) & 15] + hex[(cp >> 4) & 15] + hex[cp & 15];
  return "";
}

// The length of the UTF-8 sequence at s[i] and its code point; 0 if s[i]
// does not start a valid one (overlong, surrogate, cut short).
std::size_t utf8_at(const std::string& s, std::size_t i, unsigned& cp) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? c : c & (0x7f >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d >> 6) != 2) return 0;
    cp = cp << 6 | (d & 0x3f);
  }
  const unsigned least[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return 0;
  return n;
}

// What follows a value cut short: how long the whole was.
std::string cut_marker(std::size_t bytes) { return "... (" + std::to_string(bytes) + " bytes)"; }

// value's escaped text, at most max_chars characters of it (was_cut: more followed).
std::string escape_text(const std::string& value, std::size_t max_chars, bool& was_cut, bool keep_quotes = false) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < value.size();) {
    unsigned cp = 0;
    const std::size_t n = utf8_at(value, i, cp);
    std::string piece;
    if (n == 0) {
      static const char hex[] = "0123456789abcdef";
      const unsigned char c = static_cast<unsigned char>(value[i]);
      piece = std::string("\\x") + hex[c >> 4] + hex[c & 15];
    } else {
      piece = escape(cp, keep_quotes);
      if (piece.empty()) piece = value.substr(i, n);
    }
    if (++chars > max_chars) {
      was_cut = true;
      return out;
    }
    out += piece;
    i += n == 0 ? 1 : n;
  }
  return out;
}

}  // namespace

json parse_json_text(const std::string& text) {
  const std::size_t nul = text.find('\0');
  if (nul != std::string::npos)
    throw spec_error(line_column(text, nul) + ": a NUL byte (a JSON text has none)");
  strict_builder b(text);
  json::sax_parse(text, &b, json::input_format_t::json, true);
  return std::move(b.root);
}

bool is_integer_text(const std::string& s) {
  const std::size_t i = !s.empty() && s[0] == '-' ? 1 : 0;
  if (i >= s.size() || s.size() - i > 19 || (s[i] == '0' && s.size() > i + 1)) return false;
  for (std::size_t k = i; k < s.size(); ++k)
    if (s[k] < '0' || s[k] > '9') return false;
  return true;
}

bool read_number_text(const std::string& s, double& out, std::string& why) {
  // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - from;
  };
  if (i < s.size() && s[i] == '-') ++i;
  const std::size_t int_from = i;
  const std::size_t n = digits();
  bool ok = n > 0 && !(s[int_from] == '0' && n > 1);
  if (ok && i < s.size() && s[i] == '.') {
    ++i;
    ok = digits() > 0;
  }
  if (ok && i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    ok = digits() > 0;
  }
  if (!ok || i != s.size() || s.size() > 400) {
    why.clear();
    return false;
  }
  out = std::strtod(s.c_str(), nullptr);
  if (!std::isfinite(out)) {
    why = "is too large for a number (the largest is about 1.8e308)";
    return false;
  }
  if (out == 0 && nonzero_mantissa(s)) {
    why = "is too small: it would read as 0";
    return false;
  }
  return true;
}

std::string escaped(const std::string& value, std::size_t max_chars) {
  bool was_cut = false;
  const std::string e = escape_text(value, max_chars, was_cut);
  return was_cut ? e + cut_marker(value.size()) : e;
}

std::string quoted_text(const std::string& value) {
  bool was_cut = false;
  const std::string e = escape_text(value, max_quoted_chars, was_cut);
  return "\"" + e + "\"" + (was_cut ? cut_marker(value.size()) : "");
}

std::string one_line(const std::string& message, std::size_t max_chars) {
  bool was_cut = false;
  const std::string e = escape_text(message, max_chars, was_cut, true);
  return was_cut ? e + cut_marker(message.size()) : e;
}

std::string shown(const json& value) {
  const std::string text = value.dump(-1, ' ', true, json::error_handler_t::replace);
  if (text.size() <= max_quoted_chars * 2) return text;
  return text.substr(0, max_quoted_chars * 2) + cut_marker(text.size());
}

}  // namespace synapse
