// labs/xor.cpp: the XOR lab (the numpy blog post) and its views.
#include <algorithm>
#include <cmath>

#include "labs.h"

namespace synapse {
namespace {

constexpr double grid_lo = -0.25, grid_hi = 1.25;   // a margin around the unit square
constexpr int max_unit_maps = 32;

// decision_map: the network's output over an n x n grid of (x1, x2) in
// [lo, hi]^2 (x1 fastest; inputs beyond x1, x2 - the post's constant third
// column - at 1), then up to 32 first-hidden-layer units' outputs over the
// same grid: shape (1 + units, n, n). n shrinks for wide layers so one
// forward stays small (n^2 x hidden <= 2^19): 64 up to hidden 128, 12 at 4096.
view_data decision_map(experiment& e, const std::vector<double>&) {
  const std::vector<int> widths = e.layer_widths();
  const int hidden = widths.size() > 1 ? widths[0] : 1;
  const int n = std::max(12, std::min(64, static_cast<int>(std::floor(std::sqrt((1 << 19) / static_cast<double>(hidden))))));
  const int width = e.input_width(), nn = n * n;
  std::vector<double> x(static_cast<std::size_t>(nn) * width);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      double* row = x.data() + static_cast<std::size_t>(j * n + i) * width;
      row[0] = grid_lo + ((grid_hi - grid_lo) * i) / (n - 1);
      if (width > 1) row[1] = grid_lo + ((grid_hi - grid_lo) * j) / (n - 1);
      for (int c = 2; c < width; ++c) row[c] = 1;
    }
  std::size_t total = 0;
  for (int w : widths) total += static_cast<std::size_t>(nn) * w;
  std::vector<double> all(total);
  e.forward_all(x.data(), nn, all.data());
  const int units = widths.size() > 1 ? std::min(widths[0], max_unit_maps) : 0;
  view_data v;
  v.shape = {1 + units, n, n};
  v.data.resize(static_cast<std::size_t>(1 + units) * nn);
  const double* out = all.data() + (total - static_cast<std::size_t>(nn) * widths.back());
  for (int p = 0; p < nn; ++p) v.data[p] = out[static_cast<std::size_t>(p) * widths.back()];
  for (int u = 0; u < units; ++u)
    for (int p = 0; p < nn; ++p)
      v.data[static_cast<std::size_t>(1 + u) * nn + p] = all[static_cast<std::size_t>(p) * widths[0] + u];
  v.meta = {{"lo", grid_lo}, {"hi", grid_hi}, {"units", units}, {"hidden", widths.size() > 1 ? widths[0] : 0}};
  return v;
}

}  // namespace

const lab_row xor_lab = {
    "xor",
    "XOR and gradient descent",
    "A tiny network learns XOR by full-batch gradient descent, digit for digit as the numpy post prints it; "
    "the learning rate alpha decides whether it learns, crawls or diverges.",
    experiment_kind::supervised,
    {{"decision_map", "the output and each hidden unit over the input plane", decision_map}},
    {"xor", "xor-warmup"},
    nullptr,
};

}  // namespace synapse
