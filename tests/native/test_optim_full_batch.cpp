// The full-batch optimizers (annealing, bfgs, lbfgs; engine/optim/optimizer.h):
// their first steps on a chained Rosenbrock function against numpy
// (tests/golden/optim_reference.json "full_batch", made by tests/golden/gen_optim.py),
// annealing reproducible from its seed, a step without a probe refused.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/optim/optimizer.h"
#include "golden.h"

using namespace synapse;
using json = nlohmann::json;

namespace {

const json& reference() { return golden_json("optim_reference.json"); }

// gen_optim.py's rosenbrock, in its order: loss, and the gradient into g if not null.
double rosenbrock(const double* x, std::size_t n, double* g) {
  double f = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    const double a = x[i + 1] - x[i] * x[i];
    const double b = 1.0 - x[i];
    f += 100.0 * (a * a) + b * b;
    if (g) {
      g[i] = (-400.0 * x[i]) * a - 2.0 * b;
      g[i + 1] = 200.0 * a;
    }
  }
  return f;
}

struct rosenbrock_probe final : loss_probe {
  const std::vector<double>* x = nullptr;
  double loss() override { return rosenbrock(x->data(), x->size(), nullptr); }
};

optimizer_spec spec_of(const json& c) {
  optimizer_kind k{};
  REQUIRE(parse_optimizer(c.at("type").get<std::string>(), k));
  optimizer_spec s = optimizer_defaults(k);
  s.lr = c.at("lr").get<double>();
  if (c.contains("temperature")) s.temperature = c["temperature"].get<double>();
  if (c.contains("cooling")) s.cooling = c["cooling"].get<double>();
  if (c.contains("memory")) s.memory = c["memory"].get<int>();
  if (c.contains("seed")) s.seed = c["seed"].get<unsigned>();
  return s;
}

// Runs `steps` steps as the trainer does: the loss and gradient at the current
// point, then step_full with a probe. Returns the points after each step.
std::vector<std::vector<double>> trace(optimizer<double>& opt, std::vector<double> x, int steps) {
  std::vector<double> g(x.size());
  rosenbrock_probe probe;
  probe.x = &x;
  std::vector<std::vector<double>> out;
  for (int k = 0; k < steps; ++k) {
    const double f = rosenbrock(x.data(), x.size(), g.data());
    opt.step_full(x.data(), g.data(), x.size(), f, probe);
    for (double v : g) CHECK(v == 0.0);   // cleared once read, as step_and_clear does
    out.push_back(x);
  }
  return out;
}

}  // namespace

TEST_CASE("full-batch optimizers: names, and which kinds need the whole training set", "[optim]") {
  for (const char* name : {"annealing", "bfgs", "lbfgs"}) {
    optimizer_kind k{};
    REQUIRE(parse_optimizer(name, k));
    CHECK(needs_full_batch(k));
    CHECK(std::string(optimizer_name(k)) == name);
  }
  for (optimizer_kind k : {optimizer_kind::sgd, optimizer_kind::momentum, optimizer_kind::nesterov,
                           optimizer_kind::adagrad, optimizer_kind::adadelta, optimizer_kind::rmsprop,
                           optimizer_kind::adam})
    CHECK_FALSE(needs_full_batch(k));
  CHECK(optimizer_defaults(optimizer_kind::momentum).momentum == 0.9);
  CHECK_FALSE(optimizer_defaults(optimizer_kind::momentum).nesterov);
  CHECK(optimizer_defaults(optimizer_kind::nesterov).nesterov);
  CHECK(optimizer_defaults(optimizer_kind::bfgs).lr == 1.0);
}

TEST_CASE("annealing, bfgs and lbfgs match numpy step by step on a Rosenbrock function", "[optim]") {
  const json& doc = reference();
  const std::vector<double> x0 = doc.at("x0").get<std::vector<double>>();
  REQUIRE(doc.at("full_batch").size() == 3);
  for (const json& c : doc.at("full_batch")) {
    INFO("case " << c.at("name").get<std::string>());
    auto opt = make_optimizer<double>(spec_of(c), x0.size());
    const json& want = c.at("f64");
    const auto got = trace(*opt, x0, static_cast<int>(want.size()));
    for (std::size_t k = 0; k < want.size(); ++k)
      for (std::size_t i = 0; i < x0.size(); ++i) {
        INFO("step " << k + 1 << ", parameter " << i);
        const double w = want[k][i].get<double>();
        CHECK(std::abs(got[k][i] - w) <= 1e-12 * std::max(1.0, std::abs(w)));
      }
    CHECK(opt->probes() == c.at("probes").get<long>());
    // Each moved the point and lowered the loss overall (annealing may climb on the way).
    CHECK(rosenbrock(got.back().data(), 4, nullptr) < rosenbrock(x0.data(), 4, nullptr));
  }
}

TEST_CASE("annealing is reproducible from its seed, and the seed matters", "[optim]") {
  optimizer_spec s = optimizer_defaults(optimizer_kind::annealing);
  s.lr = 0.1;
  s.temperature = 1;
  const std::vector<double> x0 = {-1.2, 1.0, 0.5, -0.3};
  s.seed = 7;
  auto a = make_optimizer<double>(s, 4);
  auto b = make_optimizer<double>(s, 4);
  s.seed = 8;
  auto c = make_optimizer<double>(s, 4);
  const auto ta = trace(*a, x0, 50), tb = trace(*b, x0, 50), tc = trace(*c, x0, 50);
  CHECK(std::memcmp(ta.back().data(), tb.back().data(), 4 * sizeof(double)) == 0);
  CHECK(ta.back() != tc.back());
  // reset: the temperature and the stream start again.
  a->reset();
  CHECK(trace(*a, x0, 50).back() == ta.back());
}

TEST_CASE("bfgs and lbfgs minimise a Rosenbrock function; a converged run stops probing", "[optim]") {
  for (optimizer_kind k : {optimizer_kind::bfgs, optimizer_kind::lbfgs}) {
    INFO(optimizer_name(k));
    auto opt = make_optimizer<double>(optimizer_defaults(k), 4);
    const auto t = trace(*opt, {-1.2, 1.0, 0.5, -0.3}, 200);
    for (double v : t.back()) CHECK(std::abs(v - 1.0) < 1e-6);
    const long probes = opt->probes();
    trace(*opt, t.back(), 20);   // at the minimum: no step lowers the loss, then no more probes
    CHECK(opt->probes() - probes <= 2 * 41);
  }
}

TEST_CASE("a full-batch optimizer refuses a step without a probe", "[optim]") {
  for (optimizer_kind k : {optimizer_kind::annealing, optimizer_kind::bfgs, optimizer_kind::lbfgs}) {
    auto opt = make_optimizer<double>(optimizer_defaults(k), 2);
    double p[2] = {1, 1}, g[2] = {1, 1};
    CHECK_THROWS_AS(opt->step(p, g, 2), std::logic_error);
    CHECK_THROWS_AS(opt->step_and_clear(p, g, 2), std::logic_error);
  }
  optimizer_spec bad = optimizer_defaults(optimizer_kind::lbfgs);
  bad.memory = 0;
  CHECK_THROWS_WITH(make_optimizer<double>(bad, 2), "optimizer: memory must be in 1..100");
  bad = optimizer_defaults(optimizer_kind::annealing);
  bad.cooling = 1.5;
  CHECK_THROWS_WITH(make_optimizer<double>(bad, 2), "optimizer: cooling must be in (0, 1]");
}
