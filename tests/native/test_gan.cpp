// The GAN lab: gradients through the stacked generator and discriminator,
// each phase of a step leaving the other network (and its optimizer) exactly
// as it was, the declared metrics, the samples and generate views, bad knobs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "engine/data/data_store.h"
#include "engine/labs/labs.h"
#include "engine/spec/knobs.h"
#include "gradcheck.h"

using namespace synapse;

namespace {

// A small GAN on MNIST: the lecture's shape, narrower, so a test step is quick.
std::unique_ptr<experiment> small_gan(knob_values v = {}) {
  set_data_dir(std::string(SYNAPSE_SOURCE_DIR) + "/build/data");
  knob_values all = {{"g_hidden", "16"}, {"d_hidden", "32,16,8"}, {"batch_size", "8"}, {"iterations", "300"}};
  for (auto& kv : v) all.push_back(kv);
  return make_experiment(spec_from_preset("gan-mnist", all));
}

std::vector<double> params(const experiment& e, std::size_t part) {
  std::vector<double> all(e.param_count());
  e.copy_params(all.data());
  const part_range& r = e.parts()[part];
  return {all.begin() + static_cast<std::ptrdiff_t>(r.param_offset),
          all.begin() + static_cast<std::ptrdiff_t>(r.param_offset + r.param_count)};
}

std::string refusal(const knob_values& v) {
  try {
    small_gan(v);
  } catch (const spec_error& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("gradients through the stacked generator and discriminator (leaky relu, tanh, sigmoid from logits)", "[gan]") {
  // G: 3 -> 6 leaky relu -> 5 tanh (the image); D: 5 -> 4 leaky relu -> 1 sigmoid, binary cross-entropy.
  using testing::dense_spec;
  testing::check_model_gradients({dense_spec(6, activation::leaky_relu, true, 0.2), dense_spec(5, activation::tanh),
                                  dense_spec(4, activation::leaky_relu, true, 0.2), dense_spec(1, activation::sigmoid)},
                                 3, 7, loss_kind::binary_crossentropy, 11);
}

TEST_CASE("the generator phase leaves the discriminator and its optimizer bit-identical, and vice versa", "[gan]") {
  auto e = small_gan();
  e->run(3, nullptr);   // moments are non-zero by now
  const auto d_before = params(*e, 1), g_before = params(*e, 0);
  const auto d_state = e->optimizer_state("discriminator"), g_state = e->optimizer_state("generator");
  CHECK(e->next_phase() == "discriminator");
  CHECK_THROWS_WITH(e->run_phase("generator", nullptr), Catch::Contains("the discriminator's update comes first"));
  CHECK(e->run_phase("discriminator", nullptr) == 0);
  CHECK(params(*e, 0) == g_before);
  CHECK(e->optimizer_state("generator") == g_state);
  CHECK(params(*e, 1) != d_before);
  CHECK(e->optimizer_state("discriminator") != d_state);
  CHECK(e->step() == 3);   // half a step is not a step
  CHECK(e->next_phase() == "generator");
  CHECK_THROWS_WITH(e->run_phase("discriminator", nullptr), Catch::Contains("the generator's comes next"));
  const auto d_after = params(*e, 1), d_state_after = e->optimizer_state("discriminator");
  double curve = -1;
  CHECK(e->run_phase("generator", &curve) == 1);
  CHECK(params(*e, 1) == d_after);
  CHECK(e->optimizer_state("discriminator") == d_state_after);
  CHECK(params(*e, 0) != g_before);
  CHECK(e->optimizer_state("generator") != g_state);
  CHECK(e->step() == 4);   // the generator's phase completes the step
  CHECK(curve > 0);
  CHECK_THROWS_WITH(e->run_phase("critic", nullptr), Catch::Contains("not a phase of a GAN step"));
  auto x = make_experiment(spec_from_preset("xor", {}));
  CHECK_THROWS_WITH(x->run_phase("generator", nullptr), Catch::Contains("trains in whole steps"));
  CHECK(x->next_phase().empty());
}

TEST_CASE("steps taken phase by phase, mixed with runs, train bit-identically to runs alone", "[gan]") {
  for (const char* d_steps : {"1", "2"}) {
    auto whole = small_gan({{"d_steps", d_steps}, {"iterations", "6"}});
    auto phased = small_gan({{"d_steps", d_steps}, {"iterations", "6"}});
    std::vector<double> a(6), b(6);
    whole->run(6, a.data());
    phased->run(2, b.data());
    while (phased->next_phase() == "discriminator") phased->run_phase("discriminator", nullptr);
    phased->run(2, b.data() + 2);   // finishes the step begun by the phase, then one more
    for (int s = 4; s < 6; ++s) {
      while (phased->next_phase() == "discriminator") phased->run_phase("discriminator", nullptr);
      CHECK(phased->run_phase("generator", b.data() + s) == 1);
    }
    CHECK(phased->done());
    CHECK(a == b);
    CHECK(params(*phased, 0) == params(*whole, 0));
    CHECK(params(*phased, 1) == params(*whole, 1));
    CHECK(phased->reports().back()["g_loss"] == whole->reports().back()["g_loss"]);
    CHECK_THROWS_WITH(phased->run_phase("discriminator", nullptr), Catch::Contains("the run is over (step 6)"));
  }
}

TEST_CASE("the phase_batch view shows what the last phase trained on, with the discriminator's verdicts", "[gan]") {
  auto e = small_gan();
  const view_data none = serve_view(*e, "phase_batch", {});
  CHECK(none.shape == std::vector<int>{0, 3});
  e->run_phase("discriminator", nullptr);
  const view_data d = serve_view(*e, "phase_batch", {});
  REQUIRE(d.shape == std::vector<int>{16, 3 + 784});
  const auto meta = [](const view_data& v, const char* k) {
    for (const auto& [name, x] : v.meta)
      if (name == k) return x;
    return -1.0;
  };
  CHECK(meta(d, "phase") == 1);
  CHECK(meta(d, "next") == 2);
  CHECK(meta(d, "real_rows") == 8);
  CHECK(meta(d, "side") == 28);
  CHECK(meta(d, "step") == 1);
  const auto at = [](const view_data& v, int row, int col) { return v.data[static_cast<std::size_t>(row) * v.shape[1] + col]; };
  for (int i = 0; i < 16; ++i) {
    CHECK(at(d, i, 0) == (i < 8 ? Approx(0.9) : Approx(0.0)));       // one-sided label smoothing
    CHECK(at(d, i, 1) > 0);
    CHECK(at(d, i, 1) < 1);
    CHECK(at(d, i, 2) > 0);
    CHECK(at(d, i, 2) < 1);
    for (int c = 3; c < 3 + 784; ++c) REQUIRE(std::abs(at(d, i, c)) <= 1);
  }
  // a real image has the black background MNIST's scaling makes -1; the fakes are the generator's tanh
  CHECK(at(d, 0, 3) == -1);
  // the fakes are the generator's images of the noise kept beside them
  const phase_record& r = e->last_phase();
  const std::vector<double> z(r.noise.begin(), r.noise.begin() + 100);
  const view_data g0 = serve_view(*e, "generate", z);
  for (int c = 0; c < 784; ++c) REQUIRE(at(d, 8, 3 + c) == Approx(g0.data[c]).margin(1e-6));
  // the verdict now is the updated discriminator's, in inference mode
  std::vector<double> now;
  e->predict_part("discriminator", r.inputs.data(), 1, now);
  CHECK(at(d, 0, 2) == now[0]);
  e->run_phase("generator", nullptr);
  const view_data g = serve_view(*e, "phase_batch", {});
  REQUIRE(g.shape == std::vector<int>{8, 3 + 784});
  CHECK(meta(g, "phase") == 2);
  CHECK(meta(g, "next") == 1);
  CHECK(meta(g, "real_rows") == 0);
  CHECK(meta(g, "step") == 1);
  for (int i = 0; i < 8; ++i) CHECK(at(g, i, 0) == 1);   // the generator trains its fakes toward "real"
}

TEST_CASE("a GAN run reports d_loss, g_loss, d_real and d_fake, and is reproducible", "[gan]") {
  auto a = small_gan({{"iterations", "130"}});
  std::vector<std::string> names;
  for (const auto& m : a->metrics()) names.push_back(m.name + ":" + metric_per_name(m.per));
  CHECK(names == std::vector<std::string>{"d_loss:step", "g_loss:step", "d_real:step", "d_fake:step"});
  std::vector<double> curve(200);
  a->run(1000, curve.data());
  REQUIRE(a->done());
  REQUIRE(a->reports().size() == 2);   // step 128 (the lecture's first epoch) and the last, 130
  const report& r = a->reports().back();
  CHECK(r.step == 130);
  CHECK(curve[129] == r["d_loss"]);
  CHECK(r["d_real"] > 0);
  CHECK(r["d_real"] < 1);
  CHECK(r["d_fake"] >= 0);
  CHECK(r["d_loss"] > 0);
  auto b = small_gan({{"iterations", "130"}});
  b->run(1000, nullptr);
  CHECK(b->reports().back()["g_loss"] == r["g_loss"]);
}

TEST_CASE("the samples view draws the run's fixed noise; generate draws any", "[gan]") {
  auto e = small_gan();
  const view_data s0 = serve_view(*e, "samples", {});
  CHECK(s0.shape == std::vector<int>{100, 28, 28});
  CHECK(std::all_of(s0.data.begin(), s0.data.end(), [](double v) { return v >= -1 && v <= 1; }));
  CHECK(serve_view(*e, "samples", {}).data == s0.data);   // the same noise, the same weights
  e->run(5, nullptr);
  CHECK(serve_view(*e, "samples", {}).data != s0.data);   // the generator learned something
  // generate with the first fixed noise vector gives the first sample
  const std::vector<double> z(e->fixed_noise().begin(), e->fixed_noise().begin() + 100);
  const view_data g = serve_view(*e, "generate", z);
  CHECK(g.shape == std::vector<int>{1, 28, 28});
  const view_data s1 = serve_view(*e, "samples", {});
  CHECK(std::equal(g.data.begin(), g.data.end(), s1.data.begin()));
  CHECK_THROWS_WITH(serve_view(*e, "generate", {1, 2, 3}), Catch::Contains("noise vectors of 100 numbers each"));
}

TEST_CASE("bad GAN knobs are refused, naming the knob", "[gan]") {
  CHECK(refusal({{"noise_size", "0"}}) == "noise_size: must be an integer in 1..4096, got \"0\"");
  CHECK(refusal({{"g_lr", "0"}}).rfind("g_lr: must be a finite number in (0, 1000000]", 0) == 0);
  CHECK(refusal({{"d_lr", "NaN"}}).rfind("d_lr: must be a finite number", 0) == 0);
  CHECK(refusal({{"real_label", "0"}}) == "real_label: must be a finite number in (0, 1], got \"0\"");
  CHECK(refusal({{"real_label", "1.5"}}) == "real_label: must be a finite number in (0, 1], got \"1.5\"");
  CHECK(refusal({{"steps", "-1"}}).rfind("steps: must be an integer", 0) == 0);   // iterations' alias
  nlohmann::json doc = preset_document(find_preset("gan-mnist"));
  doc["model"]["parts"][0]["mlp"]["outputs"] = 100;
  CHECK_THROWS_WITH(make_experiment(parse_spec(doc)),
                    Catch::Contains("the generator gives 100 values per example, but an image of data \"mnist\" has 784"));
}
