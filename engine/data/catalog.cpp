// data/catalog.cpp: the named data sets and their CSV form.
#include "catalog.h"

#include "../format.h"
#include "../spec/json_text.h"
#include "../spec/spec.h"
#include "curve_data.h"
#include "data_store.h"
#include "dataset.h"
#include "series.h"

namespace synapse {
namespace {

// A table set (stored as doubles) with its column names; `inputs_only` when
// the targets are the inputs (an autoencoder's points).
void write_table(const std::string& data, const std::string& part, const char* header, bool inputs_only,
                 long max_rows, std::ostream& out) {
  data_spec spec;
  spec.name = data;
  const data_splits<double> d = load_data<double>(spec);
  const dataset<double>* set = d.find(part);
  const int xw = set->x_width(), yw = set->y_width();
  out << header << "\n";
  std::vector<double> x(static_cast<std::size_t>(xw)), y(static_cast<std::size_t>(yw));
  for (int i = 0; i < set->count() && (max_rows < 0 || i < max_rows); ++i) {
    const std::uint32_t idx = static_cast<std::uint32_t>(i);
    set->fill(&idx, 1, x.data(), y.data());
    for (int c = 0; c < xw; ++c) out << (c ? "," : "") << shortest(x[c]);
    if (!inputs_only)
      for (int c = 0; c < yw; ++c) out << "," << shortest(y[c]);
    out << "\n";
  }
}

void write_images(const std::string& file, long max_rows, std::ostream& out) {
  const auto set = image_file(file);
  const int pixels = set->example_size();
  out << "label";
  for (int p = 0; p < pixels; ++p) out << ",pixel" << p;
  out << "\n";
  for (int i = 0; i < set->count() && (max_rows < 0 || i < max_rows); ++i) {
    out << static_cast<int>(set->labels[static_cast<std::size_t>(i)]);
    const std::uint8_t* image = set->example(i);
    for (int p = 0; p < pixels; ++p) out << "," << static_cast<int>(image[p]);
    out << "\n";
  }
}

}  // namespace

const std::vector<catalog_row>& data_catalog() {
  static const std::vector<catalog_row> rows = {
      {"xor", "the numpy post's XOR table: inputs x1, x2 and a constant 1 (x3), target y (4 rows)"},
      {"xor-warmup", "the post's warm-up table: inputs x1, x2, target y (4 rows)"},
      {"mnist-train", "MNIST's 60,000 training digits: label, then 28x28 pixel bytes row by row"},
      {"mnist-test", "MNIST's 10,000 test digits: label, then 28x28 pixel bytes row by row"},
      {"autoencoder-train", "the lecture's 10,000 clean points [x, 2x - 1 + noise(0.1)] (Python's random, seed 24601)"},
      {"autoencoder-test", "the lecture's 2,000 test points, drawn like the clean ones"},
      {"autoencoder-noisy", "the training x with more noise: [x, 2x - 1 + noise(0.3)] (anomalies)"},
      {"autoencoder-wrong", "the training x on another line: [x, 1.5x - 1 + noise(0.1)] (anomalies)"},
      {"airline", "monthly international airline passengers, January 1949 to December 1960 (Box & Jenkins; 144 rows)"},
      {"curve-hills", "the universality lab's curve hills: two bumps, x, y (100 rows)"},
      {"curve-wave", "the universality lab's curve wave: 0.5 + 0.35 sin(3 pi x), x, y (100 rows)"},
      {"curve-step", "the universality lab's curve step: 0.2 then 0.8 from x = 0.5, x, y (100 rows)"},
      {"curve-book", "the book's chapter 4 function 0.2 + 0.4 x^2 + 0.3 x sin(15 x) + 0.05 cos(50 x), x, y (100 rows)"},
  };
  return rows;
}

void write_data_csv(const std::string& name, long max_rows, std::ostream& out) {
  if (name == "xor") return write_table("xor", "train", "x1,x2,x3,y", false, max_rows, out);
  if (name == "xor-warmup") return write_table("xor-warmup", "train", "x1,x2,y", false, max_rows, out);
  if (name == "airline") {
    const time_series s = parse_series_csv("airline-passengers.csv", *open_text_file("airline-passengers.csv"));
    out << "month,passengers\n";
    for (std::size_t i = 0; i < s.values.size() && (max_rows < 0 || static_cast<long>(i) < max_rows); ++i)
      out << s.labels[i] << "," << shortest(s.values[i]) << "\n";
    return;
  }
  for (const char* curve : {"hills", "wave", "step", "book"})
    if (name == std::string("curve-") + curve) {
      const std::vector<double> xy = make_curve(curve);
      out << "x,y\n";
      for (std::size_t i = 0; 2 * i < xy.size() && (max_rows < 0 || static_cast<long>(i) < max_rows); ++i)
        out << shortest(xy[2 * i]) << "," << shortest(xy[2 * i + 1]) << "\n";
      return;
    }
  if (name == "mnist-train") return write_images("mnist-train.bin", max_rows, out);
  if (name == "mnist-test") return write_images("mnist-test.bin", max_rows, out);
  for (const char* part : {"train", "test", "noisy", "wrong"})
    if (name == std::string("autoencoder-") + part)
      return write_table("autoencoder", part, "x,y", true, max_rows, out);
  std::string known;
  for (const auto& r : data_catalog()) known += (known.empty() ? "" : ", ") + std::string(r.name);
  throw spec_error("unknown data set " + quoted_text(name) + " (known: " + known + ")");
}

}  // namespace synapse
