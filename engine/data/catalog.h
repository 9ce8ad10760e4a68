// data/catalog.h: the data sets a student can look at, by name: what each
// lab trains on, as `synapse data` lists them and `synapse data NAME` prints
// them (CSV with a header row, numbers in shortest round-trip form); the page
// offers the same CSV as a download.
//
//   xor, xor-warmup                    the post's tables: x1, x2[, x3], y
//   mnist-train, mnist-test            label, then the 784 pixel bytes (0..255)
//   autoencoder-train, -test,          the lecture's points x, y (the network's
//   autoencoder-noisy, -wrong          targets are its inputs)
//   airline                            month, passengers (the LSTM lab's series)
//   curve-hills, -wave, -step, -book   the universality lab's built-in curves: x, y
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace synapse {

struct catalog_row {
  const char* name;
  const char* about;
};

const std::vector<catalog_row>& data_catalog();

// Writes data set `name` as CSV, at most `max_rows` rows (negative: all).
// Throws spec_error naming the data set and the known ones.
void write_data_csv(const std::string& name, long max_rows, std::ostream& out);

}  // namespace synapse
