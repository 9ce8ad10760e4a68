// data/data_store.h: where data files are found. Natively, a directory
// (set_data_dir; build/data by default for the CLI). In the browser, the
// worker fetches the files and hands their bytes over (provide_data_file).
// Parsed files are kept, so configuring a second run does not parse again.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dataset_file.h"

namespace synapse {

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
