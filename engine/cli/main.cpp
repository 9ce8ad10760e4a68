// cli/main.cpp: the native synapse binary.
#include <cerrno>
#include <fstream>
#include <iostream>
#include <string>

#include "../data/data_store.h"
#include "cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  // Data files live in build/data, beside build/native where the binary is.
  const std::string self = argc > 0 ? argv[0] : "";
  const std::size_t slash = self.rfind('/');
  synapse::set_data_dir((slash == std::string::npos ? std::string(".") : self.substr(0, slash)) + "/../data");
  synapse::cli_io io{std::cout, std::cerr, synapse::read_regular_file,
                     [](const std::string& path, const std::string& bytes, std::string& error) {
                       std::ofstream f(path, std::ios::binary);
                       if (f) f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
                       if (f) return true;
                       error = synapse::errno_name(errno ? errno : EIO);
                       return false;
                     }};
  return synapse::synapse_main(std::vector<std::string>(argv + 1, argv + argc), io);
}
