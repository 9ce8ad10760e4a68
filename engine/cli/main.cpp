// cli/main.cpp: the native synapse binary.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "../data/data_store.h"
#include "cli.h"

namespace {

// errno's name as errno.h spells it (and Node's err.code), for cli.cpp to put in words.
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
    default: return "errno " + std::to_string(e);
  }
}

// cli_io::read_file: a regular file of at most max_bytes, else why not.
bool read_regular_file(const std::string& path, std::size_t max_bytes, std::string& contents) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    contents = errno_name(errno);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    contents = S_ISDIR(st.st_mode) ? "EISDIR" : "ENOTREG";
    return false;
  }
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    contents = "EFBIG";
    return false;
  }
  errno = 0;
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    contents = errno_name(errno ? errno : EIO);
    return false;
  }
  std::string bytes(max_bytes + 1, '\0');   // one more: a file that grew since stat is told apart
  f.read(&bytes[0], static_cast<std::streamsize>(bytes.size()));
  if (f.bad()) {
    contents = "EIO";
    return false;
  }
  bytes.resize(static_cast<std::size_t>(f.gcount()));
  if (bytes.size() > max_bytes) {
    contents = "EFBIG";
    return false;
  }
  contents = std::move(bytes);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  // Data files live in build/data, beside build/native where the binary is.
  const std::string self = argc > 0 ? argv[0] : "";
  const std::size_t slash = self.rfind('/');
  synapse::set_data_dir((slash == std::string::npos ? std::string(".") : self.substr(0, slash)) + "/../data");
  synapse::cli_io io{std::cout, std::cerr, read_regular_file,
                     [](const std::string& path, const std::string& bytes, std::string& error) {
                       std::ofstream f(path, std::ios::binary);
                       if (f) f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
                       if (f) return true;
                       error = std::string("cannot write file: ") + std::strerror(errno);
                       return false;
                     }};
  return synapse::synapse_main(std::vector<std::string>(argv + 1, argv + argc), io);
}
