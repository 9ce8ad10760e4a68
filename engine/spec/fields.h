// spec/fields.h: reading one field of a JSON experiment document, checked,
// with errors that name the field by its path ("model.layers[0].units: must
// be an integer in 1..65536, got 0"). Shared by the spec parser and the
// layer registry (each layer type reads its own fields).
#pragma once

#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "json_text.h"
#include "spec.h"

namespace synapse::fields {

using json = nlohmann::json;

[[noreturn]] void fail(const std::string& path, const std::string& what, const json& v);
// Rejects fields the spec does not know (a typo must not become a silent default).
void only_fields(const json& obj, const std::string& path, std::initializer_list<const char*> known);
const json& field(const json& obj, const char* key, const std::string& path);
std::string join(const std::string& path, const char* key);
// Ranges as long long: wasm32's long is 32 bits.
long long integer(const json& obj, const char* key, const std::string& path, long long lo, long long hi,
                  long long dflt, bool required);
double number(const json& obj, const char* key, const std::string& path, double lo, double hi, bool lo_open,
              double dflt, bool required);
std::string text(const json& obj, const char* key, const std::string& path, const char* dflt);
bool flag(const json& obj, const char* key, const std::string& path, bool dflt);

template <class E>
E choice(const json& obj, const char* key, const std::string& path, const char* dflt,
         bool (*parse)(const std::string&, E&), const char* choices) {
  const std::string s = text(obj, key, path, dflt);
  E e{};
  if (!parse(s, e))
    throw spec_error(join(path, key) + ": must be one of " + choices + ", got " + quoted_text(s));
  return e;
}

}  // namespace synapse::fields
