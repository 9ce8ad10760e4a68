// The optimizers (engine/optim): Keras' formulas against numpy
// (tests/golden/optim_reference.json, made by tests/golden/gen_optim.py), hand-computed
// first steps, a quadratic minimised, set_lr and reset, names and defaults.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
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

// A case of the reference file as a spec: every hyper-parameter its formula uses is given.
optimizer_spec spec_of(const json& c) {
  optimizer_kind k{};
  REQUIRE(parse_optimizer(c.at("type").get<std::string>(), k));
  optimizer_spec s = optimizer_defaults(k);
  s.lr = c.at("lr").get<double>();
  if (c.contains("momentum")) s.momentum = c["momentum"].get<double>();
  if (c.contains("nesterov")) s.nesterov = c["nesterov"].get<bool>();
  if (c.contains("rho")) s.rho = c["rho"].get<double>();
  if (c.contains("beta_1")) s.beta1 = c["beta_1"].get<double>();
  if (c.contains("beta_2")) s.beta2 = c["beta_2"].get<double>();
  if (c.contains("epsilon")) s.epsilon = c["epsilon"].get<double>();
  if (c.contains("initial_accumulator")) s.initial_accumulator = c["initial_accumulator"].get<double>();
  return s;
}

template <class T>
std::vector<T> as(const json& a) {
  std::vector<T> v;
  for (const auto& x : a) v.push_back(static_cast<T>(x.get<double>()));
  return v;
}

template <class T>
std::unique_ptr<optimizer<T>> make(optimizer_kind k, double lr, std::size_t n) {
  optimizer_spec s = optimizer_defaults(k);
  s.lr = lr;
  return make_optimizer<T>(s, n);
}

// Runs every reference case in T; returns the largest relative difference seen.
template <class T>
double check_reference(const char* key, double tol) {
  const json& doc = reference();
  const std::vector<T> p0 = as<T>(doc.at("p0"));
  double worst = 0;
  for (const json& c : doc.at("cases")) {
    INFO("case " << c.at("name").get<std::string>() << ", " << key);
    auto opt = make_optimizer<T>(spec_of(c), p0.size());
    std::vector<T> p = p0;
    const json& steps = c.at(key);
    REQUIRE(steps.size() == doc.at("grads").size());
    for (std::size_t k = 0; k < steps.size(); ++k) {
      const std::vector<T> g = as<T>(doc["grads"][k]);
      opt->step(p.data(), g.data(), p.size());
      for (std::size_t i = 0; i < p.size(); ++i) {
        const double want = steps[k][i].get<double>(), got = p[i];
        const double rel = std::abs(got - want) / std::max(std::abs(want), 1e-300);
        worst = std::max(worst, got == want ? 0.0 : rel);
        INFO("step " << k + 1 << ", parameter " << i << ": got " << got << ", numpy " << want);
        CHECK(std::abs(got - want) <= tol * std::abs(want));
      }
    }
  }
  return worst;
}

// f(p) = sum_i (p_i - c_i)^2 over 10 parameters from p = 0; returns max |p_i - c_i|.
template <class T>
double minimise(const optimizer_spec& s, int steps) {
  const std::size_t n = 10;
  std::vector<T> c(n), p(n, T(0)), g(n);
  for (std::size_t i = 0; i < n; ++i) c[i] = static_cast<T>(0.3 * static_cast<double>(i) - 1.45);
  auto opt = make_optimizer<T>(s, n);
  for (int k = 0; k < steps; ++k) {
    for (std::size_t i = 0; i < n; ++i) g[i] = T(2) * (p[i] - c[i]);
    opt->step(p.data(), g.data(), n);
  }
  double worst = 0;
  for (std::size_t i = 0; i < n; ++i) worst = std::max(worst, std::abs(double(p[i]) - double(c[i])));
  return worst;
}

// The kinds that step from a gradient alone (the full-batch ones: test_optim_full_batch.cpp).
constexpr optimizer_kind all_kinds[] = {optimizer_kind::sgd,      optimizer_kind::momentum, optimizer_kind::nesterov,
                                        optimizer_kind::rmsprop,  optimizer_kind::adagrad,  optimizer_kind::adadelta,
                                        optimizer_kind::adam};

}  // namespace

TEST_CASE("optimizers: names, choices and Keras defaults", "[optim]") {
  for (optimizer_kind k : all_kinds) {
    optimizer_kind back{};
    REQUIRE(parse_optimizer(optimizer_name(k), back));
    CHECK(back == k);
    CHECK(std::string(optimizer_choices()).find(optimizer_name(k)) != std::string::npos);
    CHECK(optimizer_defaults(k).kind == k);
  }
  CHECK(std::string(optimizer_choices()) ==
        "sgd|momentum|nesterov|adagrad|adadelta|rmsprop|adam|annealing|bfgs|lbfgs");
  optimizer_kind k{};
  CHECK_FALSE(parse_optimizer("Adam", k));
  CHECK_FALSE(parse_optimizer("", k));

  const optimizer_spec sgd = optimizer_defaults(optimizer_kind::sgd);
  CHECK(sgd.lr == 0.01);
  CHECK(sgd.momentum == 0);
  CHECK_FALSE(sgd.nesterov);
  const optimizer_spec rms = optimizer_defaults(optimizer_kind::rmsprop);
  CHECK(rms.lr == 0.001);
  CHECK(rms.rho == 0.9);
  CHECK(rms.epsilon == 1e-7);
  const optimizer_spec ada = optimizer_defaults(optimizer_kind::adagrad);
  CHECK(ada.lr == 0.001);
  CHECK(ada.initial_accumulator == 0.1);
  CHECK(ada.epsilon == 1e-7);
  const optimizer_spec delta = optimizer_defaults(optimizer_kind::adadelta);
  CHECK(delta.lr == 0.001);
  CHECK(delta.rho == 0.95);
  CHECK(delta.epsilon == 1e-7);
  const optimizer_spec adam = optimizer_defaults(optimizer_kind::adam);
  CHECK(adam.lr == 0.001);
  CHECK(adam.beta1 == 0.9);
  CHECK(adam.beta2 == 0.999);
  CHECK(adam.epsilon == 1e-7);
}

TEST_CASE("optimizers refuse hyper-parameters outside their range", "[optim]") {
  auto bad = [](void (*edit)(optimizer_spec&), optimizer_kind k) {
    optimizer_spec s = optimizer_defaults(k);
    edit(s);
    CHECK_THROWS_AS(make_optimizer<double>(s, 3), std::invalid_argument);
  };
  bad([](optimizer_spec& s) { s.lr = -1; }, optimizer_kind::sgd);
  bad([](optimizer_spec& s) { s.lr = NAN; }, optimizer_kind::adam);
  bad([](optimizer_spec& s) { s.momentum = 1.5; }, optimizer_kind::sgd);
  bad([](optimizer_spec& s) { s.rho = -0.1; }, optimizer_kind::rmsprop);
  bad([](optimizer_spec& s) { s.beta1 = 1; }, optimizer_kind::adam);
  bad([](optimizer_spec& s) { s.beta2 = 1; }, optimizer_kind::adam);
  bad([](optimizer_spec& s) { s.epsilon = -1e-7; }, optimizer_kind::adagrad);
  bad([](optimizer_spec& s) { s.initial_accumulator = -0.1; }, optimizer_kind::adagrad);
}

TEST_CASE("optimizers match numpy's Keras formulas step by step", "[optim]") {
  // Same formulas in the same order: the bits agree (largest difference measured: 0 in
  // both precisions, native and WASM); the tolerances leave room for another numpy.
  CHECK(check_reference<double>("f64", 1e-15) <= 1e-15);
  CHECK(check_reference<float>("f32", 1e-6) <= 1e-6);
}

TEST_CASE("optimizers: hand-computed first steps", "[optim]") {
  // One parameter p = 1, one step with gradient g, Keras' defaults.
  auto first = [](optimizer_kind k, double g) {
    auto opt = make<double>(k, optimizer_defaults(k).lr, 1);
    double p = 1;
    opt->step(&p, &g, 1);
    return p;
  };
  // sgd: 1 - 0.01 * 0.5 = 0.995
  CHECK(first(optimizer_kind::sgd, 0.5) == 1 - 0.01 * 0.5);
  // rmsprop: ms = 0.1 g^2, step = lr g / (sqrt(0.1)|g| + eps) ~ 0.001 / 0.316228 = 0.00316228
  CHECK(first(optimizer_kind::rmsprop, 0.5) == Approx(1 - 0.00316228).epsilon(1e-6));
  CHECK(first(optimizer_kind::rmsprop, -2.0) == Approx(1 + 0.00316228).epsilon(1e-6));
  // adagrad: acc = 0.1 + 0.09 = 0.19, step = 0.001 * 0.3 / sqrt(0.19) = 0.000688247
  CHECK(first(optimizer_kind::adagrad, 0.3) == Approx(1 - 0.000688247).epsilon(1e-9));
  // Keras 3 would put eps inside the root; here it is outside: with acc0 = 0 and eps = 1e-3,
  // g = 0.3 moves by 0.001 * 0.3 / (0.3 + 1e-3) = 0.00099668, not 0.3 / sqrt(0.09 + 1e-3).
  {
    optimizer_spec s = optimizer_defaults(optimizer_kind::adagrad);
    s.initial_accumulator = 0;
    s.epsilon = 1e-3;
    auto opt = make_optimizer<double>(s, 1);
    double p = 1;
    const double g = 0.3;
    opt->step(&p, &g, 1);
    CHECK(p == Approx(1 - 0.001 * 0.3 / 0.301).epsilon(1e-14));
  }
  // adadelta: ag = 0.05 g^2, u = g sqrt(1e-7) / sqrt(0.05 g^2 + 1e-7) ~ sqrt(2e-6) = 0.00141421
  // (g = 0.3: 9.48683e-5 / 0.0670828 = 0.00141420), so p moves by lr * u ~ 1.414e-6: why
  // Keras' lr = 0.001 makes adadelta slow
  CHECK(first(optimizer_kind::adadelta, 0.3) == Approx(1 - 1.4141979e-6).epsilon(1e-12));
  // adam: m = 0.1 g, v = 0.001 g^2, lr_t = lr sqrt(0.001) / 0.1, so
  // step = lr g / (|g| + eps / sqrt(0.001)) ~ lr sign(g) = 0.001, whatever |g| (unless |g| is
  // near eps / sqrt(0.001) = 3.162e-6: g = 1e-3 gives 0.001 / (1 + 3.162e-3) = 0.00099685)
  CHECK(first(optimizer_kind::adam, 0.3) == Approx(1 - 0.001).epsilon(1e-7));
  CHECK(first(optimizer_kind::adam, -40.0) == Approx(1 + 0.001).epsilon(1e-7));
  CHECK(first(optimizer_kind::adam, 1e-3) == Approx(1 - 0.00099684769).epsilon(1e-11));

  // sgd with momentum 0.9, lr 0.1, gradients 1 then 1:
  // v1 = -0.1, p1 = 0.9;  v2 = 0.9 * -0.1 - 0.1 = -0.19, p2 = 0.71
  // nesterov: p1 = 1 + 0.9 * -0.1 - 0.1 = 0.81;  p2 = 0.81 + 0.9 * -0.19 - 0.1 = 0.539
  for (bool nesterov : {false, true}) {
    optimizer_spec s = optimizer_defaults(optimizer_kind::sgd);
    s.lr = 0.1;
    s.momentum = 0.9;
    s.nesterov = nesterov;
    auto opt = make_optimizer<double>(s, 1);
    double p = 1;
    const double g = 1;
    opt->step(&p, &g, 1);
    CHECK(p == Approx(nesterov ? 0.81 : 0.9).epsilon(1e-14));
    opt->step(&p, &g, 1);
    CHECK(p == Approx(nesterov ? 0.539 : 0.71).epsilon(1e-14));
  }
}

TEST_CASE("sgd with momentum 0 is exactly p - lr * g", "[optim]") {
  // The XOR lab's goldens depend on this order (no velocity, no p + (-lr * g)).
  for (bool nesterov : {false, true}) {
    optimizer_spec s = optimizer_defaults(optimizer_kind::sgd);
    s.lr = 0.7;
    s.nesterov = nesterov;   // ignored without momentum, as in Keras
    auto opt = make_optimizer<double>(s, 3);
    double p[3] = {0.1, -0.3, 1e-17};
    const double g[3] = {0.3, 1.0 / 3, -0.7};
    double want[3];
    for (int i = 0; i < 3; ++i) want[i] = p[i] - 0.7 * g[i];
    opt->step(p, g, 3);
    for (int i = 0; i < 3; ++i) CHECK(p[i] == want[i]);
  }
}

TEST_CASE("optimizers minimise a quadratic", "[optim]") {
  struct run {
    optimizer_kind kind;
    double lr;
    double momentum;
    bool nesterov;
    int steps;
    double tol;
  };
  // Tolerances hold in float and double (the loop stops at float's resolution).
  const run runs[] = {
      {optimizer_kind::sgd, 0.1, 0, false, 100, 1e-5},
      {optimizer_kind::sgd, 0.02, 0.9, false, 300, 1e-4},
      {optimizer_kind::sgd, 0.02, 0.9, true, 300, 1e-4},
      {optimizer_kind::rmsprop, 0.01, 0, false, 1000, 0.02},   // ends oscillating at ~lr
      {optimizer_kind::adagrad, 0.5, 0, false, 500, 1e-4},
      {optimizer_kind::adadelta, 1.0, 0, false, 1500, 1e-3},
      {optimizer_kind::adam, 0.05, 0, false, 1000, 1e-3},
  };
  for (const run& r : runs) {
    optimizer_spec s = optimizer_defaults(r.kind);
    s.lr = r.lr;
    s.momentum = r.momentum;
    s.nesterov = r.nesterov;
    if (r.kind == optimizer_kind::adadelta) s.epsilon = 1e-6;   // Zeiler's; 1e-7 starts slower
    INFO(optimizer_name(r.kind) << " lr " << r.lr << " momentum " << r.momentum << " nesterov "
                                << r.nesterov);
    const double start = minimise<double>(s, 0);
    CHECK(start > 1);
    CHECK(minimise<double>(s, r.steps) < r.tol);
    CHECK(minimise<float>(s, r.steps) < r.tol);
  }
}

TEMPLATE_TEST_CASE("set_lr scales the next step; reset gives a fresh first step", "[optim]",
                   float, double) {
  using T = TestType;
  const std::size_t n = 4;
  const std::vector<T> p0 = {T(0.5), T(-1.0), T(2.0), T(0.25)};
  const std::vector<T> g1 = {T(0.3), T(-0.8), T(1.5), T(0.01)};
  const std::vector<T> g2 = {T(-0.2), T(0.4), T(1.0), T(-0.05)};
  for (optimizer_kind k : all_kinds) {
    for (double momentum : {0.0, 0.9}) {
      if (momentum != 0 && k != optimizer_kind::sgd) continue;
      INFO(optimizer_name(k) << " momentum " << momentum);
      optimizer_spec s = optimizer_defaults(k);
      s.lr = 0.01;
      s.momentum = momentum;

      // set_lr: one step at lr and one at 4 lr, from p = 0 (so p is minus the step, exactly).
      // The first step is linear in lr, and scaling by 4 commutes with rounding, so the
      // second moves exactly 4 times as far.
      auto a = make_optimizer<T>(s, n);
      auto b = make_optimizer<T>(s, n);
      std::vector<T> pa(n, T(0)), pb(n, T(0));
      b->set_lr(4 * s.lr);
      a->step(pa.data(), g1.data(), n);
      b->step(pb.data(), g1.data(), n);
      for (std::size_t i = 0; i < n; ++i) {
        CHECK(pa[i] != 0);
        CHECK(pb[i] == 4 * pa[i]);
      }
      // ... and set back, both take the same next step from their (lr-free) state: all but
      // sgd's velocity, which holds lr * g.
      b->set_lr(s.lr);
      std::vector<T> qa = pa, qb = pb;
      a->step(qa.data(), g2.data(), n);
      b->step(qb.data(), g2.data(), n);
      if (k != optimizer_kind::sgd || momentum == 0)
        for (std::size_t i = 0; i < n; ++i)
          CHECK(double(qb[i]) - double(pb[i]) ==
                Approx(double(qa[i]) - double(pa[i])).epsilon(sizeof(T) == 4 ? 1e-4 : 1e-12));

      // reset: after a few steps, the next step equals a fresh optimizer's first, bit for bit.
      auto used = make_optimizer<T>(s, n);
      std::vector<T> scratch = p0;
      for (int j = 0; j < 3; ++j) used->step(scratch.data(), (j % 2 ? g2 : g1).data(), n);
      used->reset();
      auto fresh = make_optimizer<T>(s, n);
      std::vector<T> pu = p0, pf = p0;
      for (int j = 0; j < 2; ++j) {
        used->step(pu.data(), (j ? g1 : g2).data(), n);
        fresh->step(pf.data(), (j ? g1 : g2).data(), n);
        for (std::size_t i = 0; i < n; ++i) CHECK(pu[i] == pf[i]);
      }
    }
  }
}

TEST_CASE("optimizers update only the first n parameters of their state", "[optim]") {
  // Two ranges of one model (a GAN's G and D) each get an optimizer; a step over a
  // shorter range leaves the rest untouched.
  for (optimizer_kind k : all_kinds) {
    INFO(optimizer_name(k));
    auto opt = make<double>(k, 0.1, 4);
    double p[4] = {1, 1, 1, 1};
    const double g[4] = {1, 1, 1, 1};
    opt->step(p, g, 2);
    CHECK(p[0] < 1);
    CHECK(p[1] < 1);
    CHECK(p[2] == 1);
    CHECK(p[3] == 1);
  }
}

// The optimizers run 4 floats (2 doubles) per step of their loop and finish with a scalar
// tail (engine/kernels/lanes.h). Here every kind is checked against the formulas of
// optimizer.h written as plain scalar loops, bit for bit, for parameter counts around the
// lane count (all tails, and counts below one batch), from an unaligned start, with
// gradients that hit the edges (zeros of both signs, subnormals, huge values, inf).
namespace {

// One optimizer as the plain loop over optimizer.h's formulas, in T.
template <class T>
struct scalar_reference {
  optimizer_spec s;
  std::vector<T> a, b;   // the state: velocity / ms / acc / ag and ad / m and v
  double b1t = 1, b2t = 1;
  scalar_reference(const optimizer_spec& spec, std::size_t n)
      : s(spec),
        a(n, spec.kind == optimizer_kind::adagrad ? static_cast<T>(spec.initial_accumulator) : T(0)),
        b(n, T(0)) {}
  void step(T* p, const T* g, std::size_t n) {
    const T lr = static_cast<T>(s.lr), eps = static_cast<T>(s.epsilon);
    const T rho = static_cast<T>(s.rho), omr = static_cast<T>(1.0 - s.rho);
    switch (s.kind) {
      case optimizer_kind::momentum:
      case optimizer_kind::nesterov:
      case optimizer_kind::sgd: {
        const T mu = static_cast<T>(s.momentum);
        for (std::size_t i = 0; i < n; ++i) {
          if (s.momentum == 0) {
            p[i] = p[i] - lr * g[i];
          } else if (s.nesterov) {
            a[i] = mu * a[i] - lr * g[i];
            p[i] = (p[i] + mu * a[i]) - lr * g[i];
          } else {
            a[i] = mu * a[i] - lr * g[i];
            p[i] = p[i] + a[i];
          }
        }
        break;
      }
      case optimizer_kind::rmsprop:
        for (std::size_t i = 0; i < n; ++i) {
          a[i] = rho * a[i] + omr * (g[i] * g[i]);
          p[i] = p[i] - (lr * g[i]) / (std::sqrt(a[i]) + eps);
        }
        break;
      case optimizer_kind::adagrad:
        for (std::size_t i = 0; i < n; ++i) {
          a[i] = a[i] + g[i] * g[i];
          p[i] = p[i] - (lr * g[i]) / (std::sqrt(a[i]) + eps);
        }
        break;
      case optimizer_kind::adadelta:
        for (std::size_t i = 0; i < n; ++i) {
          a[i] = rho * a[i] + omr * (g[i] * g[i]);
          const T u = (g[i] * std::sqrt(b[i] + eps)) / std::sqrt(a[i] + eps);
          p[i] = p[i] - lr * u;
          b[i] = rho * b[i] + omr * (u * u);
        }
        break;
      case optimizer_kind::adam: {
        b1t = b1t * s.beta1;
        b2t = b2t * s.beta2;
        const T lr_t = static_cast<T>(s.lr * (std::sqrt(1.0 - b2t) / (1.0 - b1t)));
        const T b1 = static_cast<T>(s.beta1), b2 = static_cast<T>(s.beta2);
        const T omb1 = static_cast<T>(1.0 - s.beta1), omb2 = static_cast<T>(1.0 - s.beta2);
        for (std::size_t i = 0; i < n; ++i) {
          a[i] = b1 * a[i] + omb1 * g[i];
          b[i] = b2 * b[i] + omb2 * (g[i] * g[i]);
          p[i] = p[i] - (lr_t * a[i]) / (std::sqrt(b[i]) + eps);
        }
        break;
      }
      case optimizer_kind::annealing:
      case optimizer_kind::bfgs:
      case optimizer_kind::lbfgs: FAIL("full-batch kinds: test_optim_full_batch.cpp"); break;
    }
  }
};

// Equal bits, or both NaN (NaN payloads are not compared: TOOLCHAIN.md §5).
template <class T>
bool same_bits(T x, T y) {
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
  return std::memcmp(&x, &y, sizeof(T)) == 0;
}

template <class T>
std::vector<optimizer_spec> every_optimizer() {
  std::vector<optimizer_spec> all;
  for (optimizer_kind k : all_kinds) {
    optimizer_spec s = optimizer_defaults(k);
    s.lr = k == optimizer_kind::sgd ? 0.05 : 0.01;
    all.push_back(s);
    if (k == optimizer_kind::sgd) {
      s.momentum = 0.9;
      all.push_back(s);
      s.nesterov = true;
      all.push_back(s);
    }
  }
  optimizer_spec a = optimizer_defaults(optimizer_kind::adam);
  a.beta1 = 0.5, a.beta2 = 0.75, a.epsilon = 1e-3;
  all.push_back(a);
  optimizer_spec r = optimizer_defaults(optimizer_kind::rmsprop);
  r.epsilon = 0;   // sqrt(0) + 0: a zero gradient divides 0 by 0
  all.push_back(r);
  return all;
}

// Gradient j of step k: mostly ordinary values, with edge values sprinkled in.
template <class T>
T gradient(std::size_t j, int k) {
  const T h = std::numeric_limits<T>::max() / T(4);
  switch ((j * 7 + static_cast<std::size_t>(k) * 3) % 23) {
    case 0: return T(0);
    case 1: return -T(0);
    case 2: return std::numeric_limits<T>::denorm_min();
    case 3: return -std::numeric_limits<T>::min();
    case 4: return h;
    case 5: return T(1e-30);
    default: break;
  }
  const double x = std::sin(0.37 * static_cast<double>(j) + 1.3 * k) * (1 + static_cast<double>(j % 5));
  return static_cast<T>(x);
}

const char* describe(const optimizer_spec& s) {
  if (s.kind == optimizer_kind::sgd && s.momentum != 0) return s.nesterov ? "sgd nesterov" : "sgd momentum";
  return optimizer_name(s.kind);
}

}  // namespace

TEMPLATE_TEST_CASE("vector optimizer steps equal the plain scalar loops bit for bit", "[optim]", float,
                   double) {
  using T = TestType;
  const std::size_t counts[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 16, 17, 31, 64, 67, 1001};
  for (const optimizer_spec& s : every_optimizer<T>()) {
    for (std::size_t n : counts) {
      for (std::size_t offset : {std::size_t(0), std::size_t(1)}) {   // 1: not 16-byte aligned
        INFO(describe(s) << " (eps " << s.epsilon << "), n " << n << ", offset " << offset);
        auto opt = make_optimizer<T>(s, n);
        scalar_reference<T> ref(s, n);
        std::vector<T> pv(n + offset + 1), pr(n), g(n + offset + 1);
        for (std::size_t j = 0; j < n; ++j) pv[offset + j] = pr[j] = static_cast<T>(0.5 - 0.01 * j);
        pv[offset + n] = T(42);   // past the end: never written
        bool all_same = true;
        for (int k = 0; k < 6; ++k) {
          for (std::size_t j = 0; j < n; ++j) g[offset + j] = gradient<T>(j, k);
          opt->step(pv.data() + offset, g.data() + offset, n);
          ref.step(pr.data(), g.data() + offset, n);
          for (std::size_t j = 0; j < n; ++j)
            if (!same_bits(pv[offset + j], pr[j])) {
              all_same = false;
              FAIL_CHECK("step " << k + 1 << ", parameter " << j << ": vector " << pv[offset + j]
                                  << ", scalar " << pr[j]);
            }
        }
        CHECK(all_same);
        CHECK(pv[offset + n] == T(42));
      }
    }
  }
}

TEMPLATE_TEST_CASE("step_and_clear is step, then the gradient zeroed, and nothing past n", "[optim]",
                   float, double) {
  using T = TestType;
  for (const optimizer_spec& s : every_optimizer<T>()) {
    for (std::size_t n : {std::size_t(1), std::size_t(5), std::size_t(8), std::size_t(67)}) {
      INFO(describe(s) << ", n " << n);
      auto plain = make_optimizer<T>(s, n + 2);
      auto clearing = make_optimizer<T>(s, n + 2);
      std::vector<T> pa(n + 2, T(0.25)), pb(n + 2, T(0.25)), g(n + 2);
      for (int k = 0; k < 4; ++k) {
        for (std::size_t j = 0; j < n + 2; ++j) g[j] = gradient<T>(j, k);
        const std::vector<T> g0 = g;
        plain->step(pa.data(), g0.data(), n);
        clearing->step_and_clear(pb.data(), g.data(), n);
        for (std::size_t j = 0; j < n + 2; ++j) {
          CHECK(same_bits(pa[j], pb[j]));
          if (j < n) CHECK(same_bits(g[j], T(0)));   // +0, not -0
          else CHECK(same_bits(g[j], g0[j]));
        }
      }
    }
  }
}
