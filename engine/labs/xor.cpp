// labs/xor.cpp: the XOR lab (the numpy blog post) and its views.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "../format.h"
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

// The race's learning rate for each optimizer on XOR (the post's summed error,
// full batch): sgd the post's best alpha (10, hidden 4), the momentum kinds a
// tenth of it (their velocity builds to about ten steps), the adaptive kinds
// what learns XOR within the post's 60,000 steps, annealing's proposal
// spread, the quasi-Newton kinds' longest step (what learns XOR fastest
// from the post's seed; 1 ends with one output stuck at 0.5).
double race_lr(optimizer_kind k) {
  switch (k) {
    case optimizer_kind::sgd: return 10;
    case optimizer_kind::momentum:
    case optimizer_kind::nesterov: return 1;
    case optimizer_kind::adagrad: return 1;
    case optimizer_kind::adadelta: return 1;
    case optimizer_kind::rmsprop: return 0.01;
    case optimizer_kind::adam: return 0.01;
    case optimizer_kind::annealing: return 0.05;
    case optimizer_kind::bfgs: return 0.5;
    case optimizer_kind::lbfgs: return 0.2;
  }
  return 1;
}

constexpr int race_points = 500;

// race: every optimizer (optimizer.h's list, in its order) trains the run's
// network from the run's initial weights (its seed) for `steps` steps (input[1];
// the run's iterations if absent). Data: (10, points) errors, each row sampled
// at steps floor(j * steps / points); a diverged run's row ends in NaN. Meta:
// steps, points, target (input[0], 0.01 if absent) and per optimizer
// lr_NAME, reached_NAME (the first step whose error is below the target, -1 if
// none) and evaluations_NAME (forward passes over the training set by then:
// one per step plus the full-batch kinds' loss probes).
view_data race(experiment& e, const std::vector<double>& input) {
  const double target = input.empty() ? 0.01 : input[0];
  if (!std::isfinite(target) || target <= 0 || target >= 1)
    throw spec_error("race: the error target must be a number in (0, 1), got " + shortest(target));
  const double asked = input.size() > 1 ? input[1] : static_cast<double>(e.spec().iterations);
  if (!(asked >= 1 && asked <= 200000) || asked != std::floor(asked))
    throw spec_error("race: steps must be a whole number in 1..200000, got " + shortest(asked));
  const long steps = static_cast<long>(asked);
  const int points = static_cast<int>(std::min<long>(race_points, steps));
  view_data v;
  v.shape = {optimizer_kinds, points};
  v.data.assign(static_cast<std::size_t>(optimizer_kinds) * points, std::numeric_limits<double>::quiet_NaN());
  v.meta = {{"steps", static_cast<double>(steps)}, {"points", points}, {"target", target}};
  std::vector<double> curve(static_cast<std::size_t>(steps), std::numeric_limits<double>::quiet_NaN());
  for (int k = 0; k < optimizer_kinds; ++k) {
    const optimizer_kind kind = static_cast<optimizer_kind>(k);
    experiment_spec s = e.spec();
    s.iterations = steps;
    s.update_flips = false;
    s.opt = optimizer_defaults(kind);
    s.opt.lr = race_lr(kind);
    for (auto& part : s.parts) part.opt = s.opt;
    std::unique_ptr<experiment> run = make_experiment(s);
    std::fill(curve.begin(), curve.end(), std::numeric_limits<double>::quiet_NaN());
    long reached = -1, evaluations = -1, done = 0;
    // Step by step until the target falls (to count the probes by then), then the rest at once.
    while (done < steps && reached < 0 && !run->done()) {
      if (run->run(1, curve.data() + done) == 0) break;
      if (curve[static_cast<std::size_t>(done)] < target) {
        reached = done;
        evaluations = done + 1 + run->loss_probes();
      }
      ++done;
    }
    if (done < steps && !run->done()) run->run(steps - done, curve.data() + done);
    for (int j = 0; j < points; ++j)
      v.data[static_cast<std::size_t>(k) * points + j] = curve[static_cast<std::size_t>((static_cast<double>(j) * steps) / points)];
    const std::string name = optimizer_name(kind);
    v.meta.emplace_back("lr_" + name, s.opt.lr);
    v.meta.emplace_back("reached_" + name, static_cast<double>(reached));
    v.meta.emplace_back("evaluations_" + name, static_cast<double>(evaluations));
  }
  return v;
}

constexpr int surface_n = 48, surface_path = 200;

// The post's error, mean |output - target| over the training set, for e's
// current weights (inference).
double train_error(experiment& e, const std::vector<double>& x, const std::vector<double>& y, std::vector<double>& all) {
  const int rows = static_cast<int>(y.size());
  e.forward_all(x.data(), rows, all.data());
  const double* out = all.data() + (all.size() - y.size());
  double sum = 0;
  for (int r = 0; r < rows; ++r) sum += std::abs(out[r] - y[static_cast<std::size_t>(r)]);
  return sum / rows;
}

// surface: the error over the plane of two weights (input[0], input[1]; 0 and
// 1 if absent) through the run's current weights, on a 48 x 48 grid spanning
// +-8 around them (meta lo0 hi0 lo1 hi1; the first weight along x, fastest),
// then the path those two weights take in the run's first 200 steps of
// gradient descent from its initial weights at its learning rate (a fresh run
// from the same seed: zig-zag and divergence show). Data: the grid's errors,
// then (path, 2) weight pairs; meta n, path. The run itself is left as it was.
view_data surface(experiment& e, const std::vector<double>& input) {
  const double count = static_cast<double>(e.param_count());
  const double wi = input.size() > 0 ? input[0] : 0, wj = input.size() > 1 ? input[1] : 1;
  for (double w : {wi, wj})
    if (!(w >= 0 && w < count) || w != std::floor(w))
      throw spec_error("surface: a weight index must be a whole number in 0.." + shortest(count - 1) + ", got " +
                       shortest(w));
  if (wi == wj) throw spec_error("surface: pick two different weights, got " + shortest(wi) + " twice");
  const std::size_t i = static_cast<std::size_t>(wi), j = static_cast<std::size_t>(wj);
  std::vector<double> params(e.param_count()), kept(e.param_count());
  e.copy_params(kept.data());
  const std::vector<double> x = e.set_inputs("train"), y = e.set_targets("train");
  std::size_t total = 0;
  for (int w : e.layer_widths()) total += y.size() * static_cast<std::size_t>(w);
  std::vector<double> all(total);
  const double lo0 = kept[i] - 8, lo1 = kept[j] - 8, span = 16;
  view_data v;
  v.data.reserve(surface_n * surface_n + 2 * (surface_path + 1));
  params = kept;
  for (int b = 0; b < surface_n; ++b)
    for (int a = 0; a < surface_n; ++a) {
      params[i] = lo0 + (span * a) / (surface_n - 1);
      params[j] = lo1 + (span * b) / (surface_n - 1);
      e.set_params(params.data());
      v.data.push_back(train_error(e, x, y, all));
    }
  e.set_params(kept.data());
  experiment_spec s = e.spec();
  s.iterations = surface_path;
  s.update_flips = false;
  std::unique_ptr<experiment> run = make_experiment(s);
  int points = 0;
  for (int step = 0; step <= surface_path; ++step) {
    run->copy_params(params.data());
    v.data.push_back(params[i]);
    v.data.push_back(params[j]);
    ++points;
    if (step == surface_path || run->run(1, nullptr) == 0 || run->diverged()) break;
  }
  v.shape = {static_cast<int>(v.data.size())};
  v.meta = {{"n", surface_n}, {"path", points}, {"lo0", lo0}, {"hi0", lo0 + span}, {"lo1", lo1}, {"hi1", lo1 + span},
            {"i", wi}, {"j", wj}, {"lr", s.opt.lr}};
  return v;
}

}  // namespace

const lab_row xor_lab = {
    "xor",
    "XOR and gradient descent",
    "A tiny network learns XOR by full-batch gradient descent, digit for digit as the numpy post prints it; "
    "the learning rate alpha decides whether it learns, crawls or diverges.",
    experiment_kind::supervised,
    {{"decision_map", "the output and each hidden unit over the input plane", decision_map},
     {"race", "every optimizer from the same initial weights: errors per step, and when each reached the target", race},
     {"surface", "the error over two weights' plane through the current point, and gradient descent's path", surface}},
    {"xor", "xor-warmup"},
    nullptr,
};

}  // namespace synapse
