// data/data_store.cpp: the data directory, the host's bytes and the parsed files.
#include "data_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <map>

#include "../spec/json_text.h"
#include "../spec/spec.h"

namespace synapse {
namespace {

struct store {
  std::string dir = "build/data";
  std::map<std::string, std::vector<std::uint8_t>> provided;
  std::map<std::string, std::shared_ptr<const data_file>> parsed;
  std::map<std::string, std::shared_ptr<const std::string>> texts;
  file_reader reader;
};

store& the_store() {
  static store s;
  return s;
}

// The bytes of data file `name` from the host's reader; throws naming the path if it cannot.
std::string read_with(const file_reader& reader, const std::string& path) {
  std::string bytes;
  if (!reader(path, max_data_file_bytes, bytes))
    throw spec_error("cannot read " + escaped(path) + ": " + read_failure(bytes, max_data_file_bytes, "a data file"));
  return bytes;
}

}  // namespace

std::string errno_name(int e) {
  switch (e) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EISDIR: return "EISDIR";
    case ENOTDIR: return "ENOTDIR";
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case EIO: return "EIO";
    case ENOSPC: return "ENOSPC";
    case EROFS: return "EROFS";
    default: return "errno " + std::to_string(e);
  }
}

namespace {

// file_problem(), and the file's size when there is none.
std::string stat_problem(const std::string& path, std::size_t max_bytes, std::size_t& size) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return errno_name(errno);
  if (!S_ISREG(st.st_mode)) return S_ISDIR(st.st_mode) ? "EISDIR" : "ENOTREG";
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) return "EFBIG";
  size = static_cast<std::size_t>(st.st_size);
  return "";
}

}  // namespace

std::string file_problem(const std::string& path, std::size_t max_bytes) {
  std::size_t size = 0;
  return stat_problem(path, max_bytes, size);
}

bool read_regular_file(const std::string& path, std::size_t max_bytes, std::string& contents) {
  std::size_t size = 0;
  contents = stat_problem(path, max_bytes, size);
  if (!contents.empty()) return false;
  errno = 0;
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    contents = errno_name(errno ? errno : EIO);
    return false;
  }
  std::string bytes;
  std::size_t want = size + 1;   // one more: a file that grew since stat is told apart
  for (;;) {
    const std::size_t had = bytes.size();
    bytes.resize(had + want);
    f.read(&bytes[had], static_cast<std::streamsize>(want));
    bytes.resize(had + static_cast<std::size_t>(f.gcount()));
    if (f.bad()) {
      contents = "EIO";
      return false;
    }
    if (bytes.size() > max_bytes) {
      contents = "EFBIG";
      return false;
    }
    if (!f) break;   // its end
    want = std::min(bytes.size(), max_bytes + 1 - bytes.size());   // it grew: read on, up to one past the most
  }
  contents = std::move(bytes);
  return true;
}

std::string read_failure(const std::string& code, std::size_t max_bytes, const std::string& what) {
  static const std::pair<const char*, const char*> words[] = {
      {"ENOENT", "no such file or directory"},
      {"EACCES", "permission denied"},
      {"EPERM", "operation not permitted"},
      {"EISDIR", "it is a directory, not a file"},
      {"ENOTREG", "it is not a regular file (a device, pipe or socket)"},
      {"ENOTDIR", "a part of the path is not a directory"},
      {"ELOOP", "too many symbolic links"},
      {"ENAMETOOLONG", "the name is too long"},
      {"EIO", "input/output error"},
      {"ENOSPC", "no space left on device"},
      {"EROFS", "read-only file system"},
  };
  if (code == "EFBIG") return "it holds more than " + std::to_string(max_bytes) + " bytes, the most " + what + " may";
  for (const auto& [c, w] : words)
    if (code == c) return w;
  return "error " + escaped(code, 40);
}

void set_file_reader(file_reader reader) { the_store().reader = std::move(reader); }

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
  } else if (s.reader) {
    const std::string path = s.dir + "/" + name;
    const std::string bytes = read_with(s.reader, path);
    data_file f = parse_data_file(escaped(path), reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    f.name = name;
    file = std::make_shared<data_file>(std::move(f));
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
    text = std::make_shared<const std::string>(read_with(s.reader ? s.reader : read_regular_file, path));
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
