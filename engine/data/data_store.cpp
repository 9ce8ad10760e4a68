// data/data_store.cpp: the data directory, the host's bytes and the parsed files.
#include "data_store.h"

#include <map>

#include "../spec/spec.h"

namespace synapse {
namespace {

struct store {
  std::string dir = "build/data";
  std::map<std::string, std::vector<std::uint8_t>> provided;
  std::map<std::string, std::shared_ptr<const data_file>> parsed;
};

store& the_store() {
  static store s;
  return s;
}

}  // namespace

void set_data_dir(const std::string& dir) {
  the_store().dir = dir;
  the_store().parsed.clear();
}

const std::string& data_dir() { return the_store().dir; }

std::vector<std::uint8_t>& provide_data_file(const std::string& name, std::size_t size) {
  store& s = the_store();
  s.parsed.erase(name);
  auto& bytes = s.provided[name];
  bytes.assign(size, 0);
  return bytes;
}

std::shared_ptr<const data_file> open_data_file(const std::string& name) {
  store& s = the_store();
  auto hit = s.parsed.find(name);
  if (hit != s.parsed.end()) return hit->second;
  std::shared_ptr<const data_file> file;
  auto given = s.provided.find(name);
  if (given != s.provided.end()) {
    file = std::make_shared<data_file>(parse_data_file(name, given->second.data(), given->second.size()));
    s.provided.erase(given);   // the parsed copy is what is kept
  } else {
    file = std::make_shared<data_file>(load_data_file(s.dir + "/" + name));
  }
  s.parsed[name] = file;
  return file;
}

std::shared_ptr<const data_file> image_file(const std::string& name) {
  auto file = open_data_file(name);
  require_images(*file);
  return file;
}

}  // namespace synapse
