// The universality lab (the book's chapter 4): training fits a 100-point
// curve with 20 sigmoids, the book's construction is the bump sum it claims,
// the units view adds up to the fit, and a drawn curve is checked.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "engine/data/curve_data.h"
#include "engine/data/data_store.h"
#include "engine/labs/labs.h"
#include "engine/spec/knobs.h"

using namespace synapse;

namespace {

std::unique_ptr<experiment> lab(const char* preset, const knob_values& v = {}) {
  return make_experiment(spec_from_preset(preset, v));
}

// Hands the engine a drawn curve, as the page does: (x, y) float64 pairs.
void draw(const std::vector<double>& xy) {
  auto& bytes = provide_data_file(drawn_curve_file, xy.size() * sizeof(double));
  if (!xy.empty()) std::memcpy(bytes.data(), xy.data(), bytes.size());
}

std::string refusal(const char* preset, const knob_values& v) {
  try {
    lab(preset, v);
  } catch (const spec_error& e) {
    return e.what();
  }
  return "(accepted)";
}

// Trains until a report's mean absolute error is under `target`; the step it happened at (0: never).
long steps_to(experiment& e, double target) {
  while (!e.done()) {
    e.run(500, nullptr);
    if (e.reports().back()["error"] < target) return e.reports().back().step;
  }
  return 0;
}

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

}  // namespace

TEST_CASE("20 sigmoids fit a 100-point curve to a mean absolute error under 0.02", "[universality]") {
  for (const char* curve : {"hills", "wave", "step"}) {
    auto e = lab("universality", {{"curve", curve}});
    CHECK(e->sets().front().second == 100);
    CHECK(e->layer_widths() == std::vector<int>{20, 1});
    const long steps = steps_to(*e, 0.02);
    INFO(curve << ": MAE " << e->reports().back()["error"] << " at step " << e->reports().back().step);
    CHECK(steps > 0);
    CHECK(steps <= 25000);
  }
}

TEST_CASE("the fit view's error is the run's: mean |output - y| over the curve's points", "[universality]") {
  auto e = lab("universality", {{"curve", "wave"}});
  const view_data fit = serve_view(*e, "fit", {});
  CHECK(fit.meta[0].first == "mae");
  e->run(1, nullptr);   // the report at step 0, measured with the same weights
  CHECK(fit.meta[0].second == Approx(e->reports().back()["error"]).epsilon(1e-12));
}

TEST_CASE("a drawn curve of 100 points is fitted too", "[universality]") {
  std::vector<double> xy;
  for (int i = 0; i < 100; ++i) {   // a hand-drawn-like rise and dip, points a little uneven in x
    const double x = (i + 0.3 * (i % 3)) / 100.6;
    xy.push_back(x);
    xy.push_back(0.3 + 0.5 * x * x - 0.25 * std::exp(-(x - 0.7) * (x - 0.7) / 0.01));
  }
  draw(xy);
  auto e = lab("universality", {{"curve", "drawn"}});
  CHECK(e->sets().front().second == 100);
  const std::vector<double> x = e->set_inputs("train");
  CHECK(std::is_sorted(x.begin(), x.end()));
  CHECK(steps_to(*e, 0.02) > 0);
}

TEST_CASE("the book's construction is the sum of its bumps, before any training", "[universality]") {
  for (int hidden : {20, 7}) {
    auto e = lab("universality-bumps", {{"hidden", std::to_string(hidden)}, {"curve", "book"}});
    const std::vector<double> cx = e->set_inputs("train"), cy = e->set_targets("train");
    std::vector<double> xy;
    for (std::size_t i = 0; i < cx.size(); ++i) xy.insert(xy.end(), {cx[i], cy[i]});
    const view_data fit = serve_view(*e, "fit", {});
    REQUIRE(fit.shape == std::vector<int>{201});
    const int M = hidden / 2;
    const double S = 1000;
    double worst = 0;
    for (int i = 0; i < 201; ++i) {
      const double x = i / 200.0;
      double sum = 0;
      for (int k = 0; k < M; ++k) {
        const double l = k == 0 ? -0.5 / M : static_cast<double>(k) / M;
        const double r = k == M - 1 ? 1 + 0.5 / M : static_cast<double>(k + 1) / M;
        sum += curve_at(xy, (k + 0.5) / M) * (sigmoid(S * (x - l)) - sigmoid(S * (x - r)));
      }
      worst = std::max(worst, std::fabs(fit.data[i] - sum));
    }
    INFO("hidden " << hidden);
    CHECK(worst < 1e-12);
    // a staircase through the curve: 10 bumps already follow the book's function roughly
    if (hidden == 20) CHECK(fit.meta[0].second < 0.08);
  }
}

TEST_CASE("the units view adds up to the fit", "[universality]") {
  auto e = lab("universality", {{"hidden", "6"}});
  e->run(200, nullptr);
  const view_data fit = serve_view(*e, "fit", {}), units = serve_view(*e, "units", {});
  REQUIRE(units.shape == std::vector<int>{6, 201});
  for (int i = 0; i < 201; i += 25) {
    double sum = units.meta[2].second;   // output_bias
    for (int j = 0; j < 6; ++j) sum += units.data[static_cast<std::size_t>(j) * 201 + i];
    CHECK(sum == Approx(fit.data[i]).margin(1e-12));
  }
}

TEST_CASE("a drawn curve with fewer than 2 points, or off [0, 1], is refused by name", "[universality]") {
  draw({0.5, 0.5});
  CHECK(refusal("universality", {{"curve", "drawn"}}) ==
        "curve: the drawn curve (drawn-curve.f64) has 1 point: draw at least 2 points");
  draw({});
  CHECK(refusal("universality", {{"curve", "drawn"}}) ==
        "curve: the drawn curve (drawn-curve.f64) has 0 points: draw at least 2 points");
  draw({0.1, 0.2, 0.3, 1.5});
  CHECK(refusal("universality", {{"curve", "drawn"}}) ==
        "curve: the drawn curve (drawn-curve.f64) point 1 has y = 1.5: x and y must be in [0, 1]");
  draw({0.1, 0.2, 0.3, 0.4});
  CHECK(refusal("universality", {{"curve", "drawn"}}) == "(accepted)");
  CHECK(refusal("universality", {{"curve", "spiral"}}).rfind("curve: must be one of hills|wave|step|book|drawn", 0) == 0);
  CHECK(refusal("universality", {{"hidden", "20,20"}}).rfind("hidden: the universality lab's network has one hidden", 0) == 0);
  CHECK(refusal("universality-bumps", {{"hidden", "1"}}).rfind("hidden: the bumps construction needs at least 2", 0) == 0);
}
