// The divergence guard's second half (train/divergence.h): a finite loss
// that explodes far above its start marks the run diverging; a healthy run,
// or one whose loss merely wobbles, is not.
#include <catch2/catch.hpp>

#include <fstream>
#include <limits>
#include <vector>

#include "engine/data/data_store.h"
#include "engine/spec/knobs.h"
#include "engine/train/divergence.h"
#include "engine/train/experiment.h"

using namespace synapse;

TEST_CASE("the watch: over 10,000 times the first step's loss, once", "[divergence]") {
  explosion_watch w;
  w.see(0, 2.0);
  w.see(1, 19999.0);   // 9,999.5 times: not yet
  CHECK_FALSE(w.diverging());
  w.see(2, 20001.0);
  REQUIRE(w.diverging());
  CHECK(w.step == 2);
  CHECK(w.loss == 20001.0);
  w.see(3, 1e30);   // the first explosion is the one reported
  CHECK(w.step == 2);
  // a run that starts (nearly) perfect is measured from the floor, 0.01: the
  // universality construction starts at an MSE of 3e-7 and may end at 1e-3
  explosion_watch perfect;
  perfect.see(0, 2.9e-7);
  perfect.see(1, 1e-3);
  perfect.see(2, 99.0);
  CHECK_FALSE(perfect.diverging());
  perfect.see(3, 101.0);
  CHECK(perfect.step == 3);
  explosion_watch zero;
  zero.see(0, 0.0);
  zero.see(1, 1e9);
  CHECK(zero.diverging());
}

TEST_CASE("MNIST with Adam at lr = 100 is diverging, at lr = 0.001 not", "[divergence][mnist]") {
  const std::string dir = std::string(SYNAPSE_SOURCE_DIR) + "/build/data";
  REQUIRE(std::ifstream(dir + "/mnist-train.bin").good());   // npm run build prepares it
  set_data_dir(dir);
  auto run = [](const char* lr) {
    auto exp = make_experiment(spec_from_preset(
        "mnist-mlp", {{"optimizer", "adam"}, {"lr", lr}, {"train_limit", "1000"}, {"epochs", "1"}}));
    while (!exp->done()) exp->run(1000, nullptr);
    return exp;
  };
  const auto bad = run("100");
  CHECK_FALSE(bad->diverged());   // every number finite: the NaN guard alone let it end "done"
  REQUIRE(bad->diverging());
  CHECK(bad->explosion().loss > explosion_watch::explode_ratio * bad->explosion().first_loss);
  CHECK(bad->explosion().first_loss == Approx(2.3).margin(0.3));   // about ln 10 with the initial weights
  const auto good = run("0.001");
  CHECK_FALSE(good->diverging());
}

TEST_CASE("the GAN trainer: NaN losses stop it as diverged, exploding ones mark it diverging", "[divergence][gan]") {
  const std::string dir = std::string(SYNAPSE_SOURCE_DIR) + "/build/data";
  REQUIRE(std::ifstream(dir + "/mnist-train.bin").good());
  set_data_dir(dir);
  auto gan = [](knob_values v) {
    v.push_back({"batch_size", "16"});
    return make_experiment(spec_from_preset("gan-mnist", v));
  };
  auto broken = gan({{"iterations", "5"}});
  const std::vector<double> nans(broken->param_count(), std::numeric_limits<double>::quiet_NaN());
  broken->set_params(nans.data());
  CHECK(broken->run(5, nullptr) == 0);
  CHECK(broken->diverged());
  CHECK(broken->done());
  CHECK(broken->reports().size() == 1);

  auto exploding = gan({{"iterations", "40"}, {"g_lr", "100"}, {"d_lr", "100"}});
  while (!exploding->done()) exploding->run(100, nullptr);
  CHECK_FALSE(exploding->diverged());   // its losses stay numbers
  REQUIRE(exploding->diverging());
  CHECK(exploding->explosion().loss > explosion_watch::explode_ratio * exploding->explosion().first_loss);
  auto healthy = gan({{"iterations", "40"}});
  while (!healthy->done()) healthy->run(100, nullptr);
  CHECK_FALSE(healthy->diverging());
}
