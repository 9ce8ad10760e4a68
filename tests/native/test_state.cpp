// A saved run (train/state.h): N steps, save, load into a fresh experiment,
// M more steps give the bits of N + M steps never stopped (parameters, the
// per-step curve, every report); files from other experiments, truncated or
// altered ones are refused naming what does not match, the run untouched.
// Covered: every preset (small knobs), and what presets leave off by default:
// learning-rate schedules, early stopping (its best weights), the full-batch
// optimizers (annealing's random stream, BFGS' H, L-BFGS' pairs), a GAN step
// saved between its phases.
#include <catch2/catch.hpp>

#include "build_data.h"

#include <cstring>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "engine/data/data_store.h"
#include "engine/rng.h"
#include "engine/spec/knobs.h"
#include "engine/train/state.h"

using namespace synapse;

namespace {

struct built {
  std::unique_ptr<experiment> run;
  std::string document;
};

built build(const std::string& preset, const knob_values& v) {
  nlohmann::json doc;
  const experiment_spec spec = spec_from_preset(preset, v, &doc);
  return {make_experiment(spec), doc.dump()};
}

std::vector<double> params_of(const experiment& e) {
  std::vector<double> p(e.param_count());
  e.copy_params(p.data());
  return p;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

std::vector<double> report_values(const experiment& e) {
  std::vector<double> out;
  for (const report& r : e.reports()) {
    out.push_back(static_cast<double>(r.step));
    out.push_back(r.epoch);
    out.insert(out.end(), r.values.begin(), r.values.begin() + static_cast<std::ptrdiff_t>(e.metrics().size()));
  }
  return out;
}

// n steps, saved, loaded into a fresh run, m more == n + m uninterrupted.
void check_resumes(const std::string& preset, const knob_values& v, long n, long m) {
  built first = build(preset, v);
  std::vector<double> curve(static_cast<std::size_t>(n + m));
  REQUIRE(first.run->run(n, curve.data()) == n);
  const std::string bytes = save_run(*first.run, first.document);
  built resumed = build(preset, v);
  load_run(*resumed.run, resumed.document, bytes);
  CHECK(resumed.run->step() == n);
  REQUIRE(resumed.run->run(m, curve.data() + n) == m);

  built whole = build(preset, v);
  std::vector<double> whole_curve(static_cast<std::size_t>(n + m));
  REQUIRE(whole.run->run(n + m, whole_curve.data()) == n + m);
  CHECK(same_bits(params_of(*resumed.run), params_of(*whole.run)));
  CHECK(same_bits(curve, whole_curve));
  CHECK(same_bits(report_values(*resumed.run), report_values(*whole.run)));
  CHECK(resumed.run->done() == whole.run->done());
  CHECK(resumed.run->explosion().first_loss == whole.run->explosion().first_loss);
  CHECK(report_values(*resumed.run).size() > 0);
}

std::string refusal(experiment& run, const std::string& document, const std::string& bytes) {
  const std::vector<double> before = params_of(run);
  const long step = run.step();
  try {
    load_run(run, document, bytes);
  } catch (const spec_error& e) {
    CHECK(same_bits(params_of(run), before));   // untouched
    CHECK(run.step() == step);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the engine's MT19937 gives std::mt19937's stream", "[state]") {
  mt19937 ours(1);
  std::mt19937 standard(1);
  for (int i = 0; i < 5000; ++i) REQUIRE(ours() == standard());
}

TEST_CASE("XOR (f64, full batch) resumes bit-identically from a saved state", "[state]") {
  check_resumes("xor", {{"iterations", "3000"}}, 1234, 1766);   // to the end: the final report too
  check_resumes("xor", {{"iterations", "3000"}, {"optimizer", "adam"}, {"lr", "0.05"}}, 700, 600);
}

TEST_CASE("the MNIST MLP (f32, shuffled mini-batches, dropout) resumes bit-identically", "[state]") {
  use_build_data();
  // 600 digits in batches of 128: 5 steps an epoch; stop mid-epoch 2, finish epoch 3
  check_resumes("mnist-mlp", {{"train_limit", "600"}, {"epochs", "3"}, {"dropout", "0.2"}}, 7, 8);
}

TEST_CASE("the stateful LSTM resumes bit-identically, its carried state included", "[state]") {
  use_build_data();
  built probe = build("lstm-airline-stateful", {{"epochs", "3"}});
  const long per_epoch = probe.run->steps_per_epoch();
  check_resumes("lstm-airline-stateful", {{"epochs", "3"}}, per_epoch + per_epoch / 2, per_epoch);
}

TEST_CASE("a saved state from another experiment, truncated or altered, is refused", "[state]") {
  use_build_data();
  built xor_run = build("xor", {{"hidden", "4"}});
  xor_run.run->run(10, nullptr);
  const std::string bytes = save_run(*xor_run.run, xor_run.document);

  built mnist = build("mnist-mlp", {{"train_limit", "600"}});
  CHECK(refusal(*mnist.run, mnist.document, bytes) ==
        "saved state: this file was saved from the xor lab; the current experiment is the mnist lab");
  built wider = build("xor", {{"hidden", "8"}});
  CHECK(refusal(*wider.run, wider.document, bytes) == "saved state: shape of synapse_0: file (3, 4), model (3, 8)");
  built faster = build("xor", {{"hidden", "4"}, {"lr", "2"}});
  CHECK(refusal(*faster.run, faster.document, bytes) ==
        "saved state: this file was saved from another xor experiment: optimizer.lr is 1 in the file, 2.0 here");
  built single = build("xor", {{"hidden", "4"}, {"precision", "f32"}});
  CHECK(refusal(*single.run, single.document, bytes) == "saved state: precision: the file holds f64 values, this experiment f32");

  built same = build("xor", {{"hidden", "4"}});
  same.run->run(3, nullptr);
  CHECK(refusal(*same.run, same.document, bytes.substr(0, bytes.size() - 100)).find("(truncated)") != std::string::npos);
  std::string altered = bytes;
  altered[altered.size() / 2] ^= 1;
  CHECK(refusal(*same.run, same.document, altered) ==
        "saved state: the file's hash does not match its contents (altered or damaged)");
  CHECK(refusal(*same.run, same.document, "PK\x03\x04 not a state file") ==
        "saved state: not a Synapse model file (it does not start with SYNSTATE)");
  CHECK(refusal(*same.run, same.document, bytes) == "");   // the same experiment loads
  CHECK(same.run->step() == 10);
}

namespace {

// Knobs that keep each lab's run small: a few steps, a few hundred examples.
knob_values small_knobs(const preset& p) {
  const std::string lab = p.lab;
  if (lab == "xor" || lab == "universality") return {{"iterations", "40"}};
  if (lab == "gan") return {{"iterations", "6"}, {"batch_size", "16"}};
  if (lab == "mnist") return {{"train_limit", "200"}, {"epochs", "2"}, {"batch_size", "50"}};
  if (lab == "cnn") return {{"train_limit", "100"}, {"epochs", "2"}, {"batch_size", "25"}};
  return {{"epochs", "2"}};   // the autoencoder, the LSTMs
}

// Stops a little past the middle (mid-epoch where there are epochs) of the
// steps the run makes (early stopping may end it before total_steps), then
// runs to its end: its final report too. The CNN lab's end measures the
// 10,000 test images, seconds with its convolutions: those stop one step short.
void check_resumes_to_end(const std::string& preset, const knob_values& v) {
  built probe = build(preset, v);
  const bool short_of_end = probe.run->spec().lab == "cnn";
  const long total = probe.run->total_steps() - (short_of_end ? 1 : 0);
  long steps = total;
  if (!short_of_end) steps = probe.run->run(total, nullptr);
  REQUIRE(steps >= 2);
  const long n = steps * 3 / 5 + (steps > 5 ? 1 : 0);
  check_resumes(preset, v, n, steps - n);
}

}  // namespace

TEST_CASE("every preset resumes bit-identically from a saved state", "[state]") {
  use_build_data();
  for (const preset& p : presets()) {
    INFO("preset " << p.name);
    check_resumes_to_end(p.name, small_knobs(p));
  }
}

TEST_CASE("learning-rate schedules and early stopping resume bit-identically", "[state]") {
  use_build_data();
  const knob_values small = {{"train_limit", "300"}, {"batch_size", "50"}, {"epochs", "5"}};
  for (const char* schedule : {"step", "exponential", "plateau"}) {
    knob_values v = small;
    v.push_back({"lr_schedule", schedule});
    v.push_back({"lr_every", "1"});
    INFO("lr_schedule " << schedule);
    check_resumes_to_end("mnist-nielsen-ch3", v);
  }
  knob_values stopping = small;
  stopping.push_back({"patience", "1"});   // the best epoch's weights are kept and restored at the end
  stopping.push_back({"lr", "8"});         // jumpy: the validation accuracy falls now and then
  check_resumes_to_end("mnist-nielsen-ch3", stopping);
}

TEST_CASE("the full-batch optimizers resume bit-identically", "[state]") {
  for (const char* opt : {"annealing", "bfgs", "lbfgs"}) {
    INFO("optimizer " << opt);
    check_resumes("xor", {{"iterations", "60"}, {"optimizer", opt}, {"lr", "0.5"}}, 23, 37);
    check_resumes("xor", {{"iterations", "60"}, {"optimizer", opt}, {"precision", "f32"}}, 31, 29);
  }
}

TEST_CASE("a GAN saved between its discriminator and generator phases resumes bit-identically", "[state]") {
  use_build_data();
  const knob_values v = {{"iterations", "5"}, {"batch_size", "16"}, {"d_steps", "2"}};
  built first = build("gan-mnist", v);
  first.run->run(2, nullptr);
  first.run->run_phase("discriminator", nullptr);
  const std::string bytes = save_run(*first.run, first.document);
  built resumed = build("gan-mnist", v);
  load_run(*resumed.run, resumed.document, bytes);
  CHECK(resumed.run->next_phase() == "discriminator");
  CHECK(resumed.run->last_phase().verdicts == first.run->last_phase().verdicts);
  resumed.run->run(3, nullptr);
  built whole = build("gan-mnist", v);
  whole.run->run(5, nullptr);
  CHECK(same_bits(params_of(*resumed.run), params_of(*whole.run)));
  CHECK(same_bits(report_values(*resumed.run), report_values(*whole.run)));
  CHECK(same_bits(resumed.run->optimizer_state("generator"), whole.run->optimizer_state("generator")));
  CHECK(same_bits(resumed.run->optimizer_state("discriminator"), whole.run->optimizer_state("discriminator")));
}

TEST_CASE("a saved state with another optimizer or from another lab is refused, naming it", "[state]") {
  use_build_data();
  built adam = build("xor", {{"optimizer", "adam"}});
  adam.run->run(5, nullptr);
  const std::string bytes = save_run(*adam.run, adam.document);
  built plain = build("xor", {});
  CHECK(refusal(*plain.run, plain.document, bytes).find("optimizer.type is \"adam\" in the file, \"sgd\" here") !=
        std::string::npos);
  built gan = build("gan-mnist", {{"batch_size", "16"}});
  CHECK(refusal(*gan.run, gan.document, bytes) ==
        "saved state: this file was saved from the xor lab; the current experiment is the gan lab");
}
