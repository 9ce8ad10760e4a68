// data/data_store.h: where data files are found. Natively, a directory
// (set_data_dir; build/data by default for the CLI). In the browser, the
// worker fetches the files and hands their bytes over (provide_data_file).
// Parsed files are kept, so configuring a second run does not parse again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dataset_file.h"

namespace synapse {

// Files on disk, one rule for every file the engine or the CLI reads (an
// experiment, a saved run, a data file): only a regular file of at most
// max_bytes is read (a directory or a device such as /dev/zero is refused
// before reading). Why a file cannot be read is an errno name, spelt as
// errno.h and Node's err.code spell it ("ENOENT", "EISDIR"), or "ENOTREG"
// for a device, pipe or socket, "EFBIG" for a file over max_bytes.
constexpr std::size_t max_data_file_bytes = std::size_t(256) << 20;   // mnist-train.bin is 47 MB
std::string errno_name(int e);
// "" if `path` is a regular file of at most max_bytes, else why not.
std::string file_problem(const std::string& path, std::size_t max_bytes);
// Reads the whole file into `contents`; false with why not in `contents`.
bool read_regular_file(const std::string& path, std::size_t max_bytes, std::string& contents);
// A reason in words: "no such file or directory", "it is a directory, not a
// file", "it holds more than <max_bytes> bytes, the most <what> may". Also
// why a file cannot be written (cli/state_flags.h write_run_file).
std::string read_failure(const std::string& code, std::size_t max_bytes, const std::string& what);

// How the host reads files (read_regular_file's contract). The command line
// sets its own for the run (cli_io::read_file: natively read_regular_file, on
// WASM what bin/synapse.mjs read, or why it could not), so a data file that
// cannot be read is refused alike by both runners. Unset (nullptr, the
// default), the store reads the data directory itself.
using file_reader = std::function<bool(const std::string& path, std::size_t max_bytes, std::string& contents)>;
void set_file_reader(file_reader reader);

void set_data_dir(const std::string& dir);
const std::string& data_dir();

// A buffer of `size` bytes for file `name` that the host fills; the file is
// parsed on first use. Replaces an earlier file of that name.
std::vector<std::uint8_t>& provide_data_file(const std::string& name, std::size_t size);

// The parsed file `name` ("mnist-train.bin"), from the host's bytes or the
// data directory, whatever its dtype and shape. Throws spec_error naming the
// file and what is wrong.
std::shared_ptr<const data_file> open_data_file(const std::string& name);

// The bytes of text file `name` ("airline-passengers.csv"), from the host or
// the data directory (kept after the first read). Throws spec_error naming
// the file if it cannot be had.
std::shared_ptr<const std::string> open_text_file(const std::string& name);

// open_data_file, then require_images: labelled u8 images (count, rows, cols).
std::shared_ptr<const data_file> image_file(const std::string& name);

}  // namespace synapse
