// cli/cli.h: the synapse command line, shared by the native binary and the
// WASM build run under Node (bin/synapse.mjs), so both print the same bytes.
//
//   synapse presets [--format text|json]
//   synapse run <preset | experiment.json> [--set knob=value]... [--format text|jsonl]
//               [--samples FILE.png [--samples-every N]]   (generative labs: the samples grid)
//   synapse data [NAME [--rows N]]
//
// Exit codes: 0 done, 1 bad input (one line on err naming what is wrong),
// 3 the run diverged (NaN or infinite loss).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace synapse {

struct cli_io {
  std::ostream& out;
  std::ostream& err;
  // Reads a whole file; false with a reason in `contents` if it cannot.
  std::function<bool(const std::string& path, std::string& contents)> read_file;
  // Writes a whole file (bytes); false with a reason in `error` if it cannot.
  std::function<bool(const std::string& path, const std::string& bytes, std::string& error)> write_file;
};

int synapse_main(const std::vector<std::string>& args, cli_io& io);

}  // namespace synapse
