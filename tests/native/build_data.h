// tests/native/build_data.h: points the engine's data store at build/data, which
// `npm run build` prepares (the MNIST files, the airline CSV); a test that needs
// them fails plainly when they are missing rather than deep inside a reader.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "engine/data/data_store.h"

inline void use_build_data() {
  const std::string dir = std::string(SYNAPSE_SOURCE_DIR) + "/build/data";
  REQUIRE(std::ifstream(dir + "/mnist-train.bin").good());   // npm run build prepares it
  synapse::set_data_dir(dir);
}
