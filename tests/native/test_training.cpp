// The training loop: no allocation per step, divergence stops the run,
// mini-batches, update-direction counts.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <nlohmann/json.hpp>

#include "engine/data/data_store.h"
#include "engine/model/model.h"
#include "engine/spec/knobs.h"
#include "engine/train/experiment.h"

// The counting operator new below takes memory from malloc, so free() is right.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<long> allocations{0};
std::atomic<long long> allocated_bytes{0};
}  // namespace

// Counts every global allocation of the test program. The nothrow and array
// forms are replaced too: the library's own would call the plain one, but a
// sanitizer's runtime (build/asan) replaces them with its allocator, and their
// memory would then reach the free() below (Catch allocates with nothrow new).
void* operator new(std::size_t n) {
  ++allocations;
  allocated_bytes += static_cast<long long>(n);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try { return operator new(n); } catch (const std::bad_alloc&) { return nullptr; }
}
void* operator new[](std::size_t n, const std::nothrow_t& tag) noexcept { return operator new(n, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

using namespace synapse;

TEST_CASE("a training step allocates nothing", "[training]") {
  for (const char* prec : {"f64", "f32"}) {
    auto exp = make_experiment(spec_from_preset("xor", {{"hidden", "32"}, {"precision", prec}}));
    std::vector<double> curve(20000);
    exp->run(10, curve.data());   // warm
    INFO("precision " << prec);   // (INFO allocates: before counting)
    const long before = allocations.load();
    exp->run(19990, curve.data());
    CHECK(allocations.load() == before);
  }
}

TEST_CASE("an MNIST step (bytes to floats, dropout, Adam, softmax cross-entropy) allocates nothing", "[training]") {
  set_data_dir(std::string(SYNAPSE_SOURCE_DIR) + "/build/data");
  auto exp = make_experiment(spec_from_preset(
      "mnist-mlp", {{"train_limit", "2560"}, {"dropout", "0.2"}, {"l2", "0.0001"}, {"epochs", "2"}}));
  exp->run(3, nullptr);
  const long before = allocations.load();
  exp->run(10, nullptr);   // within the first epoch: no epoch-end evaluation
  CHECK(allocations.load() == before);
}

TEST_CASE("autoencoder training across epoch ends (two parts, validation, reports) allocates nothing", "[training]") {
  auto exp = make_experiment(spec_from_preset("autoencoder", {{"epochs", "5"}}));
  exp->run(3, nullptr);
  const long before = allocations.load();
  exp->run(300, nullptr);   // through three epoch ends, each with its validation pass and report
  CHECK(allocations.load() == before);
  CHECK(exp->reports().size() == 3);
}

TEST_CASE("a GAN step (noise, generation, both updates, the frozen discriminator) allocates nothing", "[training]") {
  set_data_dir(std::string(SYNAPSE_SOURCE_DIR) + "/build/data");
  auto exp = make_experiment(spec_from_preset(
      "gan-mnist", {{"g_hidden", "16"}, {"d_hidden", "32,16,8"}, {"batch_size", "8"}, {"iterations", "300"}}));
  exp->run(3, nullptr);
  const long before = allocations.load();
  exp->run(130, nullptr);   // through a report at step 128
  CHECK(allocations.load() == before);
  CHECK(exp->reports().size() == 1);
}

TEST_CASE("conv and pool layers' forward and backward allocate nothing (im2col scratch from bind)", "[training][conv]") {
  auto spec = [](const char* type, int filters, int k, int s, bool same) {
    layer_spec l;
    l.type = type, l.name = type, l.filters = filters, l.window = {k, k}, l.strides = {s, s};
    l.pad = same ? padding::same : padding::valid;
    l.act = activation::relu;
    return l;
  };
  layer_spec flat, out;
  flat.type = flat.name = "flatten";
  out.units = 10, out.act = activation::softmax;
  // 20x20x1 -> (20, 20, 8) -> (10, 10, 8) -> (6, 6, 16) -> (3, 3, 16) -> (2, 2, 16) -> 64 -> 10;
  // im2col chunks: 1 example in the first conv; 8 + 1 or 4 in the second.
  model<float> m({20, 20, 1}, {spec("conv2d", 8, 5, 1, true), spec("max_pool", 0, 2, 2, false),
                               spec("conv2d", 16, 5, 1, false), spec("average_pool", 0, 2, 2, true),
                               spec("l2_pool", 0, 2, 1, false), flat, out},
                 9, true);
  rng g(3);
  m.init(g, init_scheme::glorot_uniform);
  std::vector<float> x(9 * 400), y(9 * 10, 0.1f), dx(x.size());
  for (auto& v : x) v = static_cast<float>(g.uniform());
  auto step = [&](int B) {
    const cmat<float> X(x.data(), B, 400);
    mat<float> dy = m.output_grad(B);
    loss_gradient(loss_kind::categorical_crossentropy, m.forward(X, true), cmat<float>(y.data(), B, 10), dy);
    m.backward(X, dy, mat<float>(dx.data(), B, 400));
  };
  step(9), step(4);   // the packed gemm's buffers grow to these sizes once
  const long before = allocations.load();
  for (int i = 0; i < 3; ++i) step(9), step(4);
  CHECK(allocations.load() == before);
}

TEST_CASE("LSTM airline epochs (batch 1; shuffled, or stateful and reset each epoch) allocate nothing", "[training]") {
  set_data_dir(std::string(SYNAPSE_SOURCE_DIR) + "/build/data");
  for (const char* preset : {"lstm-airline-steps", "lstm-airline-stateful"}) {
    auto exp = make_experiment(spec_from_preset(preset, {{"epochs", "3"}}));
    exp->run(3, nullptr);
    INFO(preset);
    const long before = allocations.load();
    exp->run(180, nullptr);   // 90 steps an epoch: through two epoch ends and their reports
    CHECK(allocations.load() == before);
    CHECK(exp->reports().size() == 2);
  }
}

TEST_CASE("mini-batch training allocates nothing and still learns", "[training]") {
  nlohmann::json doc = preset_document(find_preset("xor"));
  doc["schedule"]["batch_size"] = 2;
  doc["schedule"]["shuffle"] = true;
  doc["schedule"]["iterations"] = 40000;
  doc["report"]["every"] = 1000;
  auto exp = make_experiment(parse_spec(doc));
  exp->run(10, nullptr);
  const long before = allocations.load();
  exp->run(30000, nullptr);
  CHECK(allocations.load() == before);
  exp->run(100000, nullptr);
  REQUIRE(exp->done());
  CHECK(exp->reports().back().step == 40000);
  CHECK(exp->reports().back()["error"] < 0.05);
  // The same seed shuffles the same way.
  auto again = make_experiment(parse_spec(doc));
  again->run(100000, nullptr);
  CHECK(again->reports().back()["error"] == exp->reports().back()["error"]);
}

TEST_CASE("a diverging run stops and says at which step", "[training]") {
  // A linear unit under MSE with a huge step size explodes to inf, then NaN.
  nlohmann::json doc = preset_document(find_preset("xor"));
  doc["model"].erase("mlp");
  doc["model"]["layers"] = nlohmann::json::parse(R"([{"units": 1, "activation": "linear"}])");
  doc["loss"] = "mse";
  doc["optimizer"]["lr"] = 1000;
  auto exp = make_experiment(parse_spec(doc));
  const long ran = exp->run(60000, nullptr);
  CHECK(exp->diverged());
  CHECK(exp->done());
  CHECK(ran < 1000);
  CHECK(exp->step() == ran);
  CHECK_FALSE(std::isfinite(exp->reports().back()["loss"]));
  CHECK(exp->reports().back().step == ran);
}

TEST_CASE("run() can be sliced without changing the result", "[training]") {
  auto whole = make_experiment(spec_from_preset("xor", {{"alpha", "10"}}));
  auto sliced = make_experiment(spec_from_preset("xor", {{"alpha", "10"}}));
  whole->run(60000, nullptr);
  long total = 0;
  while (!sliced->done()) total += sliced->run(777, nullptr);
  CHECK(total == 60000);
  REQUIRE(whole->reports().size() == sliced->reports().size());
  for (std::size_t i = 0; i < whole->reports().size(); ++i)
    CHECK(whole->reports()[i]["error"] == sliced->reports()[i]["error"]);
}

TEST_CASE("update direction changes are counted per weight", "[training]") {
  // Large alphas oscillate: their updates flip sign far more often.
  auto calm = make_experiment(spec_from_preset("xor", {{"alpha", "0.01"}}));
  auto wild = make_experiment(spec_from_preset("xor", {{"alpha", "100"}}));
  calm->run(60000, nullptr);
  wild->run(60000, nullptr);
  REQUIRE(calm->update_flips().size() == 16);   // 3x4 + 4x1
  long calm_total = 0, wild_total = 0;
  for (int v : calm->update_flips()) calm_total += v;
  for (int v : wild->update_flips()) wild_total += v;
  CHECK(wild_total > 4 * calm_total);
}

TEST_CASE("too large a model is refused before allocating", "[training]") {
  nlohmann::json doc = preset_document(find_preset("xor"));
  doc["model"].erase("mlp");
  doc["model"]["layers"] = nlohmann::json::parse(
      R"([{"units": 65536}, {"units": 65536}, {"units": 1}])");
  const long long before = allocated_bytes.load();
  CHECK_THROWS_WITH(make_experiment(parse_spec(doc)), Catch::Matchers::Contains("training needs about"));
  CHECK(allocated_bytes.load() - before < 100000);   // a few strings, no parameter block
}

TEST_CASE("a run too large for the engine's memory is refused before allocating", "[training]") {
  set_data_dir(std::string(SYNAPSE_SOURCE_DIR) + "/build/data");
  // 60,000 examples x (784 inputs + 4096 + 4096 + ...) floats in one batch: about 2.4 GB.
  const auto spec = spec_from_preset("mnist-mlp", {{"batch_size", "60000"}, {"hidden", "4096,4096"}});
  make_experiment(spec_from_preset("mnist-mlp", {{"train_limit", "128"}}));   // data files parsed and kept
  const long long before = allocated_bytes.load();
  // each knob alone is too large: the refusal names both
  CHECK_THROWS_WITH(make_experiment(spec), Catch::Matchers::StartsWith("batch_size, hidden: training needs about") &&
                                               Catch::Matchers::Contains("use a smaller batch_size"));
  CHECK(allocated_bytes.load() - before < 1000000);
  CHECK_NOTHROW(make_experiment(spec_from_preset("mnist-mlp", {{"batch_size", "10000"}})));   // the notebook's exercise fits
}
