// The autoencoder lab: the lecture's lesson, its parts used alone and frozen,
// its declared metrics and views, and bad input named.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine/labs/labs.h"
#include "engine/spec/knobs.h"

using namespace synapse;

namespace {

std::unique_ptr<experiment> autoencoder(const knob_values& v = {}) {
  return make_experiment(spec_from_preset("autoencoder", v));
}

std::vector<double> params(const experiment& e) {
  std::vector<double> p(e.param_count());
  e.copy_params(p.data());
  return p;
}

std::string refusal(const knob_values& v) {
  try {
    autoencoder(v);
  } catch (const spec_error& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("the preset reproduces the lecture's lesson: anomalies reconstruct worse", "[autoencoder]") {
  auto e = autoencoder();
  e->run(1L << 30, nullptr);
  REQUIRE(e->done());
  REQUIRE_FALSE(e->diverged());
  const report& last = e->reports().back();
  const double clean = last["clean_loss"], test = last["test_loss"], noisy = last["noisy_loss"],
               wrong = last["wrong_loss"];
  INFO("clean " << clean << " test " << test << " noisy " << noisy << " wrong " << wrong);
  // The lecture: clean 0.0008, test 0.0008, noisy 0.0042, wrong 0.0082.
  CHECK(clean <= 0.0015);
  CHECK(test <= 0.0015);
  CHECK(noisy >= 3 * clean);
  CHECK(wrong >= 4.5 * clean);
  CHECK(e->reports().size() == 200);
  CHECK(last.epoch == 200);
  CHECK(last.step == 200 * 100);   // 10,000 points in batches of 100
  // test_loss is the validation set's loss after the last epoch: the same set, the same weights
  CHECK(last["test_loss"] == last["val_loss"]);
  std::ostringstream words;
  find_lab("autoencoder").final_text(last, words);
  CHECK(words.str().rfind("Clean loss = 0.00", 0) == 0);
  CHECK(words.str().find(", Test loss = ") != std::string::npos);
  CHECK(words.str().find(" Noisy loss = ") != std::string::npos);
}

TEST_CASE("metrics are declared up front, per epoch and final", "[autoencoder]") {
  auto e = autoencoder({{"epochs", "1"}});
  std::vector<std::string> names;
  for (const auto& m : e->metrics()) names.push_back(m.name + ":" + metric_per_name(m.per));
  CHECK(names == std::vector<std::string>{"loss:epoch", "val_loss:epoch", "clean_loss:final", "test_loss:final",
                                          "noisy_loss:final", "wrong_loss:final", "batch_loss:step"});
  auto x = make_experiment(spec_from_preset("xor", {}));
  CHECK(x->metrics().size() == 2);
  CHECK(x->metrics()[0].name == "error");
  CHECK(x->metrics()[0].per == metric_per::step);
}

TEST_CASE("encoder and decoder are usable alone and compose to the whole model", "[autoencoder]") {
  auto e = autoencoder({{"epochs", "2"}});
  e->run(150, nullptr);
  REQUIRE(e->parts().size() == 2);
  CHECK(e->parts()[0].name == "encoder");
  CHECK(e->parts()[0].out_width == 16);
  CHECK(e->parts()[1].in_width == 16);
  CHECK(e->parts()[1].param_offset == e->parts()[0].param_count);
  CHECK(e->parts()[0].param_count + e->parts()[1].param_count == e->param_count());
  const std::vector<double> x = {0.25, -0.5, 0.9, 0.8, 0.1, -0.7};
  std::vector<double> code, back;
  e->predict_part("encoder", x.data(), 3, code);
  REQUIRE(code.size() == 3 * 16);
  e->predict_part("decoder", code.data(), 3, back);
  REQUIRE(back.size() == 6);
  std::size_t total = 0;
  for (int w : e->layer_widths()) total += 3 * static_cast<std::size_t>(w);
  std::vector<double> all(total);
  e->forward_all(x.data(), 3, all.data());
  for (std::size_t i = 0; i < 6; ++i) CHECK(back[i] == all[total - 6 + i]);   // the same float32 arithmetic
  for (std::size_t i = 0; i < 48; ++i) CHECK(code[i] == all[3 * 32 + i]);       // the code is layer 1's output
  CHECK_THROWS_WITH(e->predict_part("generator", x.data(), 1, code),
                    Catch::Contains("unknown part \"generator\"") && Catch::Contains("encoder, decoder"));
}

TEST_CASE("a frozen part keeps its weights while gradients reach the parts before it", "[autoencoder]") {
  auto e = autoencoder({{"epochs", "1"}});
  const std::size_t split = e->parts()[1].param_offset;
  e->set_frozen("decoder", true);
  const std::vector<double> before = params(*e);
  e->run(5, nullptr);
  const std::vector<double> frozen = params(*e);
  CHECK(std::equal(before.begin() + split, before.end(), frozen.begin() + split));   // decoder untouched
  CHECK_FALSE(std::equal(before.begin(), before.begin() + split, frozen.begin()));   // encoder learned through it
  e->set_frozen("decoder", false);
  e->run(1, nullptr);
  const std::vector<double> thawed = params(*e);
  CHECK_FALSE(std::equal(frozen.begin() + split, frozen.end(), thawed.begin() + split));
  // A frozen encoder, by contrast, stays put while the decoder moves.
  auto f = autoencoder({{"epochs", "1"}});
  f->set_frozen("encoder", true);
  const std::vector<double> b2 = params(*f);
  f->run(5, nullptr);
  const std::vector<double> a2 = params(*f);
  CHECK(std::equal(b2.begin(), b2.begin() + split, a2.begin()));
  CHECK_FALSE(std::equal(b2.begin() + split, b2.end(), a2.begin() + split));
  CHECK_THROWS_WITH(f->set_frozen("discriminator", true), Catch::Contains("unknown part"));
}

TEST_CASE("the autoencoder's views: reconstruction, errors, code", "[autoencoder]") {
  auto e = autoencoder({{"epochs", "3"}});
  e->run(1L << 30, nullptr);
  const view_data r = serve_view(*e, "reconstruction", {});
  CHECK(r.shape == std::vector<int>{4, 1000, 4});
  CHECK(r.data[0] == Approx(0.5759914575229014).epsilon(1e-7));   // the first training x (as float32)
  const view_data small = serve_view(*e, "reconstruction", {5});
  CHECK(small.shape == std::vector<int>{4, 5, 4});
  const view_data errs = serve_view(*e, "errors", {});
  REQUIRE(errs.meta.size() == 4);
  CHECK(errs.meta[0].first == "clean");
  CHECK(errs.meta[1] == std::make_pair(std::string("test"), 2000.0));
  CHECK(errs.shape == std::vector<int>{32000});   // 10,000 + 2,000 + 10,000 + 10,000
  // The errors' mean over a set is that set's loss (mse: the mean of per-point means).
  double sum = 0;
  for (int i = 10000; i < 12000; ++i) sum += errs.data[i];
  CHECK(sum / 2000 == Approx(e->reports().back()["test_loss"]).epsilon(1e-6));
  const view_data c = serve_view(*e, "code", {0.5, 0.0});
  CHECK(c.shape == std::vector<int>{1, 16});
  CHECK_THROWS_WITH(serve_view(*e, "code", {}), Catch::Contains("give 1 to 1000 points"));
  CHECK_THROWS_WITH(serve_view(*e, "confusion", {}),
                    Catch::Contains("unknown view \"confusion\"") && Catch::Contains("reconstruction, errors, code"));
}

TEST_CASE("bad autoencoder knobs are refused, naming the knob", "[autoencoder]") {
  CHECK(refusal({{"code", "0"}}) == "code: must be an integer in 1..4096, got \"0\"");
  CHECK(refusal({{"encoder_units", "0"}}).rfind("encoder_units: must be an integer", 0) == 0);
  CHECK(refusal({{"noise", "-0.1"}}) == "noise: must be a finite number in [0, 10], got \"-0.1\"");
  CHECK(refusal({{"noisy_noise", "nan"}}).rfind("noisy_noise: must be a finite number", 0) == 0);
  CHECK(refusal({{"batch_size", "20000"}}) == "batch_size: 20000 is larger than the training set (10000 examples)");
  CHECK(refusal({{"lr", "banana"}}).rfind("lr: must be a finite number", 0) == 0);
}
