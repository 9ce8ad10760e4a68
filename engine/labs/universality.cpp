// labs/universality.cpp: the universality lab (the book's chapter 4): one
// hidden layer of sigmoids, 1 -> hidden -> 1 linear, fits a curve on [0, 1]
// (data "curve": a built-in one or the one the student drew), and each
// hidden unit's weighted step shows how the sum is made. Its start hook
// checks the one hidden layer and, with construction "bumps", sets the
// book's weights by hand:
//
//   hidden units in pairs, pair k a bump over [l_k, r_k] = [k/M, (k+1)/M]
//   (M = hidden / 2 pairs; the outermost steps half a bump outside [0, 1],
//   so both ends get their full height; an odd last unit is left out):
//     unit 2k:    w = S, b = -S l_k, output weight +h_k
//     unit 2k+1:  w = S, b = -S r_k, output weight -h_k
//   with S the steepness (the book's 1000) and h_k the curve's value at the
//   bump's middle; output bias 0. The output is then
//     sum_k h_k (sigmoid(S (x - l_k)) - sigmoid(S (x - r_k)))
//   a staircase that follows the curve, before any training.
#include <algorithm>
#include <cmath>

#include "../data/curve_data.h"
#include "labs.h"

namespace synapse {
namespace {

constexpr int grid = 201;            // x = i / 200 on [0, 1]
constexpr int max_unit_rows = 256;   // the units view draws at most this many

// The hidden layer's width; throws unless the network is 1 -> hidden -> 1.
int hidden_width(const experiment& e) {
  const std::vector<int> w = e.layer_widths();
  const int hidden = static_cast<int>(w.size()) - 1;
  if (hidden != 1 || e.input_width() != 1 || w.back() != 1)
    throw spec_error("hidden: the universality lab's network has one hidden layer (one number, such as 20), got " +
                     std::to_string(hidden) + " layers");
  return w[0];
}

std::vector<double> grid_x() {
  std::vector<double> x(grid);
  for (int i = 0; i < grid; ++i) x[i] = static_cast<double>(i) / (grid - 1);
  return x;
}

// Every layer's outputs for the rows of x: (rows, hidden) then (rows, 1).
std::vector<double> forward(experiment& e, const std::vector<double>& x, int hidden) {
  std::vector<double> all(x.size() * static_cast<std::size_t>(hidden + 1));
  e.forward_all(x.data(), static_cast<int>(x.size()), all.data());
  return all;
}

// mean |output - y| over the curve's points
double curve_mae(experiment& e, int hidden) {
  const std::vector<double> x = e.set_inputs("train"), y = e.set_targets("train");
  const std::vector<double> all = forward(e, x, hidden);
  const double* out = all.data() + x.size() * static_cast<std::size_t>(hidden);
  double sum = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sum += std::fabs(out[i] - y[i]);
  return x.empty() ? 0 : sum / static_cast<double>(x.size());
}

// fit: the network's output at x = 0, 0.005, ..., 1, shape (201); meta: mae
// (mean |output - y| over the curve's points, now), hidden, points.
view_data fit(experiment& e, const std::vector<double>&) {
  const int hidden = hidden_width(e);
  const std::vector<double> x = grid_x();
  const std::vector<double> all = forward(e, x, hidden);
  view_data v;
  v.shape = {grid};
  v.data.assign(all.end() - grid, all.end());
  int points = 0;
  for (const auto& [name, count] : e.sets())
    if (name == "train") points = count;
  v.meta = {{"mae", curve_mae(e, hidden)}, {"hidden", hidden}, {"points", points}};
  return v;
}

// units: each hidden unit's weighted contribution v_j sigmoid(w_j x + b_j) on
// the fit's x grid, shape (units, 201), the first 256 units; meta: hidden,
// units, output_bias (the fit is the sum of every row plus output_bias).
view_data units(experiment& e, const std::vector<double>&) {
  const int hidden = hidden_width(e);
  const int shown = std::min(hidden, max_unit_rows);
  std::vector<double> p(e.param_count());
  e.copy_params(p.data());
  const std::vector<param_info> layout = e.param_layout();
  const double* out_w = p.data() + layout[2].offset;
  const double out_b = layout.size() > 3 ? p[layout[3].offset] : 0;
  const std::vector<double> all = forward(e, grid_x(), hidden);
  view_data v;
  v.shape = {shown, grid};
  v.data.resize(static_cast<std::size_t>(shown) * grid);
  for (int j = 0; j < shown; ++j)
    for (int i = 0; i < grid; ++i)
      v.data[static_cast<std::size_t>(j) * grid + i] = out_w[j] * all[static_cast<std::size_t>(i) * hidden + j];
  v.meta = {{"hidden", hidden}, {"units", shown}, {"output_bias", out_b}};
  return v;
}

// The book's construction (see the top of the file), when the spec asks for it.
void start(experiment& e) {
  const int hidden = hidden_width(e);
  const experiment_spec& s = e.spec();
  if (s.construction != "bumps") return;
  if (hidden < 2)
    throw spec_error("hidden: the bumps construction needs at least 2 hidden units (a pair per bump), got " +
                     std::to_string(hidden));
  const std::vector<param_info> layout = e.param_layout();
  if (layout.size() != 4)
    throw spec_error("model: the bumps construction needs biases in both layers");
  const std::vector<double> x = e.set_inputs("train"), y = e.set_targets("train");
  std::vector<double> xy(2 * x.size());
  for (std::size_t i = 0; i < x.size(); ++i) xy[2 * i] = x[i], xy[2 * i + 1] = y[i];   // sorted by x already
  std::vector<double> p(e.param_count(), 0.0);
  double* w = p.data() + layout[0].offset;
  double* b = p.data() + layout[1].offset;
  double* v = p.data() + layout[2].offset;
  const int pairs = hidden / 2;
  const double S = s.steepness;
  for (int k = 0; k < pairs; ++k) {
    const double l = k == 0 ? -0.5 / pairs : static_cast<double>(k) / pairs;
    const double r = k == pairs - 1 ? 1 + 0.5 / pairs : static_cast<double>(k + 1) / pairs;
    const double h = curve_at(xy, (k + 0.5) / pairs);
    w[2 * k] = S, b[2 * k] = -S * l, v[2 * k] = h;
    w[2 * k + 1] = S, b[2 * k + 1] = -S * r, v[2 * k + 1] = -h;
  }
  if (hidden % 2) w[hidden - 1] = S, b[hidden - 1] = -2 * S;   // the odd one out: a step past x = 1, weight 0
  e.set_params(p.data());
}

}  // namespace

const lab_row universality_lab = {
    "universality",
    "Universality: any curve from sigmoid steps",
    "Draw a curve: one hidden layer of sigmoids fits it, each unit a step, pairs of steep steps making bumps; "
    "the book's construction builds the fit by hand, training finds its own.",
    experiment_kind::supervised,
    {{"fit", "the network's output over x in [0, 1], and its mean absolute error on the curve", fit},
     {"units", "each hidden unit's weighted step over x in [0, 1]", units}},
    {"curve-hills", "curve-wave", "curve-step", "curve-book"},
    nullptr,
    nullptr,
    start,
};

}  // namespace synapse
