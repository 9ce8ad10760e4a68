// spec/fields.cpp: checked reads of JSON fields (fields.h).
#include "fields.h"

#include <cmath>

#include "../format.h"
#include "json_text.h"

namespace synapse::fields {

std::string got(const json& v) { return shown(v); }

[[noreturn]] void fail(const std::string& path, const std::string& what, const json& v) {
  throw spec_error(path + ": " + what + ", got " + got(v));
}

void only_fields(const json& obj, const std::string& path, std::initializer_list<const char*> known) {
  if (!obj.is_object()) fail(path.empty() ? "experiment" : path, "must be a JSON object", obj);
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    std::string list;
    for (const char* k : known) {
      ok = ok || it.key() == k;
      list += list.empty() ? k : std::string(", ") + k;
    }
    if (!ok)
      throw spec_error((path.empty() ? std::string("experiment") : path) + ": unknown field " +
                       quoted_text(it.key()) + " (known: " + list + ")");
  }
}

const json& field(const json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) throw spec_error(path + ": missing");
  return *it;
}

std::string join(const std::string& path, const char* key) {
  return path.empty() ? key : path + "." + key;
}

long long integer(const json& obj, const char* key, const std::string& path, long long lo,
                  long long hi, long long dflt, bool required) {
  const std::string p = join(path, key);
  if (!obj.contains(key)) {
    if (required) throw spec_error(p + ": missing");
    return dflt;
  }
  const json& v = obj[key];
  const std::string range = "must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi);
  if (!v.is_number()) fail(p, range, v);
  const double d = v.get<double>();
  if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) || d != std::floor(d))
    fail(p, range, v);
  return static_cast<long long>(d);
}

double number(const json& obj, const char* key, const std::string& path, double lo, double hi,
              bool lo_open, double dflt, bool required) {
  const std::string p = join(path, key);
  if (!obj.contains(key)) {
    if (required) throw spec_error(p + ": missing");
    return dflt;
  }
  const json& v = obj[key];
  const std::string range = "must be a finite number in " + std::string(lo_open ? "(" : "[") +
                            shortest(lo) + ", " + shortest(hi) + "]";
  if (!v.is_number()) fail(p, range, v);
  const double d = v.get<double>();
  if (!std::isfinite(d) || d > hi || d < lo || (lo_open && d == lo)) fail(p, range, v);
  return d;
}

std::string text(const json& obj, const char* key, const std::string& path, const char* dflt) {
  const std::string p = join(path, key);
  if (!obj.contains(key)) {
    if (!dflt) throw spec_error(p + ": missing");
    return dflt;
  }
  const json& v = obj[key];
  if (!v.is_string()) fail(p, "must be a string", v);
  return v.get<std::string>();
}

bool flag(const json& obj, const char* key, const std::string& path, bool dflt) {
  if (!obj.contains(key)) return dflt;
  const json& v = obj[key];
  if (!v.is_boolean()) fail(join(path, key), "must be true or false", v);
  return v.get<bool>();
}

}  // namespace synapse::fields
