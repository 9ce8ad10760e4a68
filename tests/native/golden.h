// tests/native/golden.h: a reference file of tests/golden/ (made by the numpy
// script beside it) as JSON, read once.
#pragma once

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

inline const nlohmann::json& golden_json(const std::string& name) {
  static std::map<std::string, nlohmann::json> read;
  auto it = read.find(name);
  if (it != read.end()) return it->second;
  std::ifstream f(std::string(SYNAPSE_SOURCE_DIR) + "/tests/golden/" + name);
  if (!f.good()) throw std::runtime_error("cannot open tests/golden/" + name);
  std::stringstream s;
  s << f.rdbuf();
  return read.emplace(name, nlohmann::json::parse(s.str())).first->second;
}
