// data/series.cpp: the time-series CSV, its scaling and its windows.
#include "series.h"

#include <algorithm>

#include "../spec/json_text.h"
#include "../spec/spec.h"

namespace synapse {
namespace {

std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) --b;
  std::string t = s.substr(a, b - a);
  if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
  return t;
}

// The fields of one line (no field of this file holds a comma).
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    out.push_back(trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

}  // namespace

time_series parse_series_csv(const std::string& name, const std::string& text) {
  time_series s;
  s.name = name;
  std::size_t at = 0;
  int line_no = 0;
  bool header = true;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    at = end + 1;
    ++line_no;
    if (trim(line).empty()) continue;
    const std::string where = name + " line " + std::to_string(line_no) + ": ";
    const std::vector<std::string> f = fields(line);
    if (f.size() != 2)
      throw spec_error(where + "expected 2 fields (label, value), found " + std::to_string(f.size()));
    if (header) {
      s.label_header = f[0];
      s.value_header = f[1];
      header = false;
      continue;
    }
    if (f[1].empty()) throw spec_error(where + "the value of " + quoted_text(f[0]) + " is missing");
    // a number as JSON writes it: not "0x10", "+1", "inf", nor "12" then a NUL and more
    double v = 0;
    std::string why;
    if (!read_number_text(f[1], v, why))
      throw spec_error(where + quoted_text(f[1]) + (why.empty() ? " is not a number" : " " + why));
    s.labels.push_back(f[0]);
    s.values.push_back(v);
  }
  if (header) throw spec_error(name + ": empty file (expected a header row, then label,value rows)");
  if (s.values.empty()) throw spec_error(name + ": no rows after the header");
  return s;
}

min_max_scaler fit_min_max(const time_series& s) {
  min_max_scaler m;
  m.min = *std::min_element(s.values.begin(), s.values.end());
  m.max = *std::max_element(s.values.begin(), s.values.end());
  if (!(m.max > m.min)) throw spec_error(s.name + ": every value is the same; min-max scaling needs two different values");
  return m;
}

int series_split(int n, double fraction) { return static_cast<int>(static_cast<double>(n) * fraction); }

series_windows make_windows(const std::vector<double>& values, int look_back) {
  series_windows w;
  w.look_back = look_back;
  w.count = std::max(0, static_cast<int>(values.size()) - look_back - 1);
  w.x.reserve(static_cast<std::size_t>(w.count) * look_back);
  for (int i = 0; i < w.count; ++i) {
    w.x.insert(w.x.end(), values.begin() + i, values.begin() + i + look_back);
    w.y.push_back(values[static_cast<std::size_t>(i + look_back)]);
  }
  return w;
}

}  // namespace synapse
