// cli/cli.h: the synapse command line, shared by the native binary and the
// WASM build run under Node (bin/synapse.mjs), so both print the same bytes.
//
//   synapse presets [--format text|json]
//   synapse run <preset | experiment.json> [--set knob=value]... [--format text|jsonl]
//               [--samples FILE.png [--samples-every N]]   (generative labs: the samples grid)
//   synapse data [NAME [--rows N]]
//
// Exit codes: 0 done, 1 bad input (one line on err naming what is wrong),
// 3 the run diverged (NaN or infinite loss) or ended diverging (a finite
// loss exploded far above its start, train/divergence.h).
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace synapse {

struct cli_io {
  std::ostream& out;
  std::ostream& err;
  // Reads a whole regular file of at most max_bytes (never more: a device
  // such as /dev/zero is refused before reading). False if it cannot, with
  // the reason in `contents` as an errno name, spelt as errno.h and Node's
  // err.code spell it ("ENOENT", "EISDIR"), or "ENOTREG" for a device, pipe
  // or socket, "EFBIG" for a file over max_bytes; data/data_store.h words
  // them. The command reads data files through it too (set_file_reader).
  std::function<bool(const std::string& path, std::size_t max_bytes, std::string& contents)> read_file;
  // Writes a whole file (bytes) at once, when the run gets to it; false if it
  // cannot, with the reason in `error` as an errno name, as for read_file.
  std::function<bool(const std::string& path, const std::string& bytes, std::string& error)> write_file;
};

int synapse_main(const std::vector<std::string>& args, cli_io& io);

}  // namespace synapse
