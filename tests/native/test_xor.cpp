// The XOR lab against numpy (tests/golden/xor_f64.json, made by
// tests/golden/gen_xor.py) and against the digits the blog post printed
// (tests/golden/post_printed.json).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/format.h"
#include "engine/kernels/gemm.h"
#include "engine/math.h"
#include "engine/rng.h"
#include "engine/spec/knobs.h"
#include "engine/train/experiment.h"

using namespace synapse;
using json = nlohmann::json;

namespace {

json golden(const char* name) {
  std::ifstream f(std::string(SYNAPSE_SOURCE_DIR) + "/tests/golden/" + name);
  REQUIRE(f.good());
  std::stringstream s;
  s << f.rdbuf();
  return json::parse(s.str());
}

std::vector<report> train(const std::string& preset, double alpha, int hidden) {
  knob_values v{{"alpha", shortest(alpha)}};
  if (hidden > 0) v.emplace_back("hidden", std::to_string(hidden));
  auto exp = make_experiment(spec_from_preset(preset, v));
  exp->run(1L << 30, nullptr);
  return exp->reports();
}

double rel(double a, double b) { return std::abs(a - b) / std::max(std::abs(a), std::abs(b)); }

// The post's loop written out by hand with a pluggable exp, to show what one
// ulp of exp does. (With math::exp it must equal the engine bit for bit.)
std::vector<double> post_loop(int H, double alpha, const std::function<double(double)>& exp_fn) {
  const double X[12] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1}, y[4] = {0, 1, 1, 0};
  rng g(1);
  std::vector<double> s0(3 * H), s1(H), l1(4 * H), d1(4 * H), g0(3 * H), g1(H);
  for (auto& w : s0) w = 2 * g.uniform() - 1;
  for (auto& w : s1) w = 2 * g.uniform() - 1;
  double l2[4], d2[4];
  std::vector<double> errors;
  auto sigmoid = [&](double z) { return 1.0 / (1.0 + exp_fn(-z)); };
  for (int j = 0; j <= 60000; ++j) {
    gemm_ref(false, false, 4, H, 3, X, 3, s0.data(), H, l1.data(), H, false);
    for (auto& v : l1) v = sigmoid(v);
    gemm_ref(false, false, 4, 1, H, l1.data(), H, s1.data(), 1, l2, 1, false);
    double err = 0;
    for (int i = 0; i < 4; ++i) {
      l2[i] = sigmoid(l2[i]);
      err += std::abs(l2[i] - y[i]);
    }
    if (j % 10000 == 0) errors.push_back(err / 4);
    if (j == 60000) break;
    for (int i = 0; i < 4; ++i) d2[i] = (l2[i] - y[i]) * (l2[i] * (1 - l2[i]));
    gemm_ref(false, true, 4, H, 1, d2, 1, s1.data(), 1, d1.data(), H, false);
    for (int i = 0; i < 4 * H; ++i) d1[i] = d1[i] * (l1[i] * (1 - l1[i]));
    gemm_ref(true, false, H, 1, 4, l1.data(), H, d2, 1, g1.data(), 1, false);
    gemm_ref(true, false, 3, H, 4, X, 3, d1.data(), H, g0.data(), H, false);
    for (int i = 0; i < H; ++i) s1[i] = s1[i] - alpha * g1[i];
    for (int i = 0; i < 3 * H; ++i) s0[i] = s0[i] - alpha * g0[i];
  }
  return errors;
}

bool is_sensitive(int hidden, double alpha) { return hidden == 32 && alpha == 10; }

}  // namespace

TEST_CASE("f64 XOR sweep matches numpy at every checkpoint to 1e-9", "[xor][golden]") {
  const json g = golden("xor_f64.json");
  REQUIRE(g["sweep"].size() == 14);
  for (const auto& run : g["sweep"]) {
    const int hidden = run["hidden"];
    const double alpha = run["alpha"];
    if (is_sensitive(hidden, alpha)) continue;   // see the next test
    const std::vector<report> r = train("xor", alpha, hidden);
    const auto& cps = run["checkpoints"];
    REQUIRE(r.size() == cps.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
      INFO("hidden " << hidden << " alpha " << alpha << " step " << r[i].step);
      CHECK(r[i].step == cps[i]["step"].get<long>());
      CHECK(rel(r[i]["error"], cps[i]["error"]) < 1e-9);
    }
    auto exp = make_experiment(spec_from_preset("xor", {{"alpha", shortest(alpha)}, {"hidden", std::to_string(hidden)}}));
    exp->run(60000, nullptr);
    // Outputs: absolute, since saturated runs end at values like 1e-62 whose
    // exponent is chaos (alpha 1000 both end at error 0.5 all the same).
    const std::vector<double> out = exp->outputs();
    for (int i = 0; i < 4; ++i) CHECK(std::abs(out[i] - run["outputs"][i].get<double>()) < 1e-9);
  }
}

TEST_CASE("the post's printed digits reproduce", "[xor][golden]") {
  const json post = golden("post_printed.json");
  int compared = 0, exact = 0;
  for (const auto& run : post["runs"]) {
    const int hidden = run["hidden"];
    const double alpha = run["alpha"];
    if (is_sensitive(hidden, alpha)) continue;
    const std::vector<report> r = train("xor", alpha, hidden);
    for (const auto& line : run["lines"]) {
      const long step = line["step"];
      const std::string printed = line["printed"];
      const report& mine = r.at(static_cast<std::size_t>(step / 10000));
      INFO("hidden " << hidden << " alpha " << alpha << " step " << step << " post " << printed);
      // The post's numpy of 2015 and today's differ in the 12th digit on the
      // hidden 4, alpha 100 run (an exp-sensitive one, 5e-10 relative):
      // there the digits agree to 1e-9, everywhere else exactly.
      if (hidden == 4 && alpha == 100) CHECK(rel(mine["error"], std::stod(printed)) < 1e-9);
      else CHECK(significant(mine["error"], 12) == printed);
      exact += significant(mine["error"], 12) == printed;
      ++compared;
    }
  }
  CHECK(compared == 78);   // 13 runs x 6 printed lines
  CHECK(exact >= 73);      // all but hidden 4, alpha 100 after step 0 (3e-10 apart)
}

TEST_CASE("hidden 32, alpha 10 depends on the last bit of exp", "[xor][golden]") {
  // The hand-written loop with the engine's exp is the engine, bit for bit.
  const std::vector<report> engine = train("xor", 10, 32);
  const std::vector<double> same = post_loop(32, 10, [](double z) { return math::exp(z); });
  REQUIRE(same.size() == engine.size());
  for (std::size_t i = 0; i < same.size(); ++i) CHECK(same[i] == engine[i]["error"]);

  // exp one ulp up everywhere: this run moves by a visible fraction ...
  auto nudged = [](double z) { return std::nextafter(math::exp(z), INFINITY); };
  const std::vector<double> moved = post_loop(32, 10, nudged);
  CHECK(rel(moved.back(), same.back()) > 1e-3);
  // ... while a well-behaved run does not.
  const std::vector<double> calm = post_loop(4, 1, [](double z) { return math::exp(z); });
  const std::vector<double> calm_nudged = post_loop(4, 1, nudged);
  CHECK(rel(calm.back(), calm_nudged.back()) < 1e-9);

  // numpy shows the same sensitivity (gen_xor.py ran it with exp one ulp up),
  // and the engine lands in the same neighbourhood, not on the same bits.
  const json s = golden("xor_f64.json")["sensitive"];
  const double numpy_final = s["exp"].back()["error"], numpy_nudged = s["exp_nudged_up"].back()["error"];
  CHECK(rel(numpy_final, numpy_nudged) > 1e-3);
  CHECK(rel(engine.back()["error"], numpy_final) < 0.05);
  CHECK(engine.back()["error"] < 0.001);   // it learned XOR either way
}

TEST_CASE("xor-warmup matches numpy and ends near [0.005, 0.005, 0.995, 0.995]", "[xor][golden]") {
  const json w = golden("xor_f64.json")["warmup"];
  auto exp = make_experiment(spec_from_preset("xor-warmup", {}));
  exp->run(10000, nullptr);
  const std::vector<report>& r = exp->reports();
  REQUIRE(r.size() == 2);
  CHECK(rel(r[0]["error"], w["checkpoints"].front()["error"]) < 1e-12);
  CHECK(rel(r[1]["error"], w["checkpoints"].back()["error"]) < 1e-9);
  const std::vector<double> out = exp->outputs();
  for (int i = 0; i < 4; ++i) CHECK(rel(out[i], w["outputs"][i]) < 1e-9);
  CHECK(out[0] == Approx(0.005).margin(1e-3));
  CHECK(out[3] == Approx(0.995).margin(1e-3));
}

TEST_CASE("f32 runs but does not reproduce the post", "[xor]") {
  auto f32 = make_experiment(spec_from_preset("xor", {{"alpha", "100"}, {"precision", "f32"}}));
  f32->run(60000, nullptr);
  const double f64_final = train("xor", 100, 4).back()["error"];
  CHECK(std::isfinite(f32->reports().back()["error"]));
  CHECK(f32->reports().back()["error"] != f64_final);
}
