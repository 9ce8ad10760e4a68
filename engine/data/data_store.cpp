// data/data_store.cpp: the data directory, the host's bytes and the parsed files.
#include "data_store.h"

#include <fstream>
#include <map>
#include <sstream>

#include "../spec/spec.h"

namespace synapse {
namespace {

struct store {
  std::string dir = "build/data";
  std::map<std::string, std::vector<std::uint8_t>> provided;
  std::map<std::string, std::shared_ptr<const data_file>> parsed;
  std::map<std::string, std::shared_ptr<const std::string>> texts;
};

store& the_store() {
  static store s;
  return s;
}

}  // namespace

void set_data_dir(const std::string& dir) {
  the_store().dir = dir;
  the_store().parsed.clear();
  the_store().texts.clear();
}

const std::string& data_dir() { return the_store().dir; }

std::vector<std::uint8_t>& provide_data_file(const std::string& name, std::size_t size) {
  store& s = the_store();
  s.parsed.erase(name);
  s.texts.erase(name);
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

std::shared_ptr<const std::string> open_text_file(const std::string& name) {
  store& s = the_store();
  auto hit = s.texts.find(name);
  if (hit != s.texts.end()) return hit->second;
  std::shared_ptr<const std::string> text;
  auto given = s.provided.find(name);
  if (given != s.provided.end()) {
    text = std::make_shared<const std::string>(given->second.begin(), given->second.end());
    s.provided.erase(given);
  } else {
    const std::string path = s.dir + "/" + name;
    require_regular_file(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw spec_error(name + ": cannot open " + path);
    std::ostringstream all;
    all << in.rdbuf();
    text = std::make_shared<const std::string>(all.str());
  }
  s.texts[name] = text;
  return text;
}

std::shared_ptr<const data_file> image_file(const std::string& name) {
  auto file = open_data_file(name);
  require_images(*file);
  return file;
}

}  // namespace synapse
