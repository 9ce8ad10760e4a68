// optim/optimizers.cpp: rmsprop, adagrad, adadelta, adam; names, defaults, make_optimizer.
// Formulas (and where each epsilon goes) in optimizer.h; sgd is in sgd.cpp, the
// full-batch kinds in annealing.cpp and quasi_newton.cpp.
//
// Each step runs 4 floats (2 doubles) at a time through kernels/lanes.h: the
// per-parameter expression is written once and evaluated per lane with the
// same operations in the same order as the scalar formula (correctly rounded
// + - * / and sqrt), so the bits are the scalar loop's. Hyper-parameters are
// copied to locals first: stores through p could alias the members as far as
// the compiler knows, which would reload them every iteration. update<true>
// is step_and_clear: the same update, with the gradient zeroed once read.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "../kernels/lanes.h"
#include "optimizer.h"
#include "full_batch.h"
#include "sgd.h"

namespace synapse {
namespace {

// ms = (rho * ms) + ((1 - rho) * (g * g));  p = p - ((lr * g) / (sqrt(ms) + eps))
template <class T>
class rmsprop final : public optimizer<T> {
 public:
  rmsprop(const optimizer_spec& s, std::size_t n)
      : lr_(static_cast<T>(s.lr)), rho_(static_cast<T>(s.rho)),
        one_minus_rho_(static_cast<T>(1.0 - s.rho)), eps_(static_cast<T>(s.epsilon)),
        ms_(n, T(0)) {}
  void step(T* p, const T* g, std::size_t n) override { update<false>(p, g, n); }
  void step_and_clear(T* p, T* g, std::size_t n) override { update<true>(p, g, n); }
  void set_lr(double lr) override { lr_ = static_cast<T>(lr); }
  void reset() override { std::fill(ms_.begin(), ms_.end(), T(0)); }

 private:
  template <bool clear>
  void update(T* p, std::conditional_t<clear, T*, const T*> g, std::size_t n) {
    T* ms = ms_.data();
    const T lr = lr_, rho = rho_, one_minus_rho = one_minus_rho_, eps = eps_;
    lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
      using V = typename decltype(tag)::type;
      const V gi = lanes::take<clear, V>(g + i);
      const V msi = V(rho) * lanes::load<V>(ms + i) + V(one_minus_rho) * (gi * gi);
      lanes::store(ms + i, msi);
      lanes::store(p + i, lanes::load<V>(p + i) - (V(lr) * gi) / (lanes::root(msi) + V(eps)));
    });
  }

  T lr_, rho_, one_minus_rho_, eps_;
  std::vector<T> ms_;   // (n) moving mean of g^2

 public:
  std::vector<double> state() const override { return {ms_.begin(), ms_.end()}; }
  void set_state(const std::vector<double>& s) override { restore_into(ms_, s, 0, true); }
  void visit_state(state_io& io) override { this->visit_moments(io, {&ms_}); }
};

// acc = acc + (g * g);  p = p - ((lr * g) / (sqrt(acc) + eps)),  acc starting at acc0.
template <class T>
class adagrad final : public optimizer<T> {
 public:
  adagrad(const optimizer_spec& s, std::size_t n)
      : lr_(static_cast<T>(s.lr)), eps_(static_cast<T>(s.epsilon)),
        acc0_(static_cast<T>(s.initial_accumulator)), acc_(n, acc0_) {}
  void step(T* p, const T* g, std::size_t n) override { update<false>(p, g, n); }
  void step_and_clear(T* p, T* g, std::size_t n) override { update<true>(p, g, n); }
  void set_lr(double lr) override { lr_ = static_cast<T>(lr); }
  void reset() override { std::fill(acc_.begin(), acc_.end(), acc0_); }

 private:
  template <bool clear>
  void update(T* p, std::conditional_t<clear, T*, const T*> g, std::size_t n) {
    T* acc = acc_.data();
    const T lr = lr_, eps = eps_;
    lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
      using V = typename decltype(tag)::type;
      const V gi = lanes::take<clear, V>(g + i);
      const V ai = lanes::load<V>(acc + i) + gi * gi;
      lanes::store(acc + i, ai);
      lanes::store(p + i, lanes::load<V>(p + i) - (V(lr) * gi) / (lanes::root(ai) + V(eps)));
    });
  }

  T lr_, eps_, acc0_;
  std::vector<T> acc_;   // (n) sum of g^2, plus acc0

 public:
  std::vector<double> state() const override { return {acc_.begin(), acc_.end()}; }
  void set_state(const std::vector<double>& s) override { restore_into(acc_, s, 0, true); }
  void visit_state(state_io& io) override { this->visit_moments(io, {&acc_}); }
};

// ag = (rho * ag) + ((1 - rho) * (g * g))
// u  = (g * sqrt(ad + eps)) / sqrt(ag + eps)     (the new ag, the old ad)
// p  = p - (lr * u)
// ad = (rho * ad) + ((1 - rho) * (u * u))
template <class T>
class adadelta final : public optimizer<T> {
 public:
  adadelta(const optimizer_spec& s, std::size_t n)
      : lr_(static_cast<T>(s.lr)), rho_(static_cast<T>(s.rho)),
        one_minus_rho_(static_cast<T>(1.0 - s.rho)), eps_(static_cast<T>(s.epsilon)),
        ag_(n, T(0)), ad_(n, T(0)) {}
  void step(T* p, const T* g, std::size_t n) override { update<false>(p, g, n); }
  void step_and_clear(T* p, T* g, std::size_t n) override { update<true>(p, g, n); }
  void set_lr(double lr) override { lr_ = static_cast<T>(lr); }
  void reset() override {
    std::fill(ag_.begin(), ag_.end(), T(0));
    std::fill(ad_.begin(), ad_.end(), T(0));
  }

 private:
  template <bool clear>
  void update(T* p, std::conditional_t<clear, T*, const T*> g, std::size_t n) {
    T* ag = ag_.data();
    T* ad = ad_.data();
    const T lr = lr_, rho = rho_, one_minus_rho = one_minus_rho_, eps = eps_;
    lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
      using V = typename decltype(tag)::type;
      const V gi = lanes::take<clear, V>(g + i);
      const V agi = V(rho) * lanes::load<V>(ag + i) + V(one_minus_rho) * (gi * gi);
      const V adi = lanes::load<V>(ad + i);   // the old ad
      const V u = (gi * lanes::root(adi + V(eps))) / lanes::root(agi + V(eps));
      lanes::store(ag + i, agi);
      lanes::store(p + i, lanes::load<V>(p + i) - V(lr) * u);
      lanes::store(ad + i, V(rho) * adi + V(one_minus_rho) * (u * u));
    });
  }

  T lr_, rho_, one_minus_rho_, eps_;
  std::vector<T> ag_;   // (n) moving mean of g^2   (Keras' accumulators)
  std::vector<T> ad_;   // (n) moving mean of u^2   (Keras' delta_accumulators)

 public:
  std::vector<double> state() const override {
    std::vector<double> s(ag_.begin(), ag_.end());
    s.insert(s.end(), ad_.begin(), ad_.end());
    return s;
  }
  void set_state(const std::vector<double>& s) override { restore_into(ad_, s, restore_into(ag_, s, 0, false), true); }
  void visit_state(state_io& io) override { this->visit_moments(io, {&ag_, &ad_}); }
};

// Per step, in double: b1t = b1t * beta1, b2t = b2t * beta2 (repeated products from 1,
// not pow), lr_t = lr * (sqrt(1 - b2t) / (1 - b1t)), rounded once to T. Then in T:
// m = (beta1 * m) + ((1 - beta1) * g);  v = (beta2 * v) + ((1 - beta2) * (g * g));
// p = p - ((lr_t * m) / (sqrt(v) + eps)).
template <class T>
class adam final : public optimizer<T> {
 public:
  adam(const optimizer_spec& s, std::size_t n)
      : lr_(s.lr), beta1_(s.beta1), beta2_(s.beta2), b1_(static_cast<T>(s.beta1)),
        b2_(static_cast<T>(s.beta2)), one_minus_b1_(static_cast<T>(1.0 - s.beta1)),
        one_minus_b2_(static_cast<T>(1.0 - s.beta2)), eps_(static_cast<T>(s.epsilon)),
        m_(n, T(0)), v_(n, T(0)) {}
  void step(T* p, const T* g, std::size_t n) override { update<false>(p, g, n); }
  void step_and_clear(T* p, T* g, std::size_t n) override { update<true>(p, g, n); }
  void set_lr(double lr) override { lr_ = lr; }
  void reset() override {
    b1t_ = 1;
    b2t_ = 1;
    std::fill(m_.begin(), m_.end(), T(0));
    std::fill(v_.begin(), v_.end(), T(0));
  }

 private:
  template <bool clear>
  void update(T* p, std::conditional_t<clear, T*, const T*> g, std::size_t n) {
    b1t_ = b1t_ * beta1_;
    b2t_ = b2t_ * beta2_;
    const T lr_t = static_cast<T>(lr_ * (std::sqrt(1.0 - b2t_) / (1.0 - b1t_)));
    T* m = m_.data();
    T* v = v_.data();
    const T b1 = b1_, b2 = b2_, one_minus_b1 = one_minus_b1_, one_minus_b2 = one_minus_b2_,
            eps = eps_;
    lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
      using V = typename decltype(tag)::type;
      const V gi = lanes::take<clear, V>(g + i);
      const V mi = V(b1) * lanes::load<V>(m + i) + V(one_minus_b1) * gi;
      const V vi = V(b2) * lanes::load<V>(v + i) + V(one_minus_b2) * (gi * gi);
      lanes::store(m + i, mi);
      lanes::store(v + i, vi);
      lanes::store(p + i, lanes::load<V>(p + i) - (V(lr_t) * mi) / (lanes::root(vi) + V(eps)));
    });
  }

  double lr_, beta1_, beta2_;
  double b1t_ = 1, b2t_ = 1;   // beta1^t, beta2^t after t steps
  T b1_, b2_, one_minus_b1_, one_minus_b2_, eps_;
  std::vector<T> m_;   // (n) first moment
  std::vector<T> v_;   // (n) second moment

 public:
  std::vector<double> state() const override {
    std::vector<double> s(m_.begin(), m_.end());
    s.insert(s.end(), v_.begin(), v_.end());
    s.push_back(b1t_);
    s.push_back(b2t_);
    return s;
  }
  void set_state(const std::vector<double>& s) override {
    const std::size_t at = restore_into(v_, s, restore_into(m_, s, 0, false), false);
    if (s.size() != at + 2) throw std::invalid_argument("optimizer state: adam keeps m, v, beta1^t and beta2^t");
    b1t_ = s[at];
    b2t_ = s[at + 1];
  }
  void visit_state(state_io& io) override { this->visit_moments(io, {&m_, &v_}, {&b1t_, &b2t_}); }
};

constexpr const char* names[optimizer_kinds] = {"sgd",     "momentum", "nesterov",  "adagrad", "adadelta",
                                                "rmsprop", "adam",     "annealing", "bfgs",    "lbfgs"};

void check(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("optimizer: ") + what);
}

void validate(const optimizer_spec& s) {
  check(std::isfinite(s.lr) && s.lr >= 0, "lr must be finite and >= 0");
  check(std::isfinite(s.momentum) && s.momentum >= 0 && s.momentum <= 1,
        "momentum must be in [0, 1]");
  check(std::isfinite(s.rho) && s.rho >= 0 && s.rho <= 1, "rho must be in [0, 1]");
  check(std::isfinite(s.beta1) && s.beta1 >= 0 && s.beta1 < 1, "beta_1 must be in [0, 1)");
  check(std::isfinite(s.beta2) && s.beta2 >= 0 && s.beta2 < 1, "beta_2 must be in [0, 1)");
  check(std::isfinite(s.epsilon) && s.epsilon >= 0, "epsilon must be finite and >= 0");
  check(std::isfinite(s.initial_accumulator) && s.initial_accumulator >= 0,
        "initial_accumulator must be finite and >= 0");
  check(std::isfinite(s.temperature) && s.temperature > 0, "temperature must be finite and > 0");
  check(std::isfinite(s.cooling) && s.cooling > 0 && s.cooling <= 1, "cooling must be in (0, 1]");
  check(s.memory >= 1 && s.memory <= 100, "memory must be in 1..100");
}

}  // namespace

const char* optimizer_name(optimizer_kind k) {
  const int i = static_cast<int>(k);
  return i >= 0 && i < optimizer_kinds ? names[i] : "?";
}

bool parse_optimizer(const std::string& name, optimizer_kind& out) {
  for (int i = 0; i < optimizer_kinds; ++i)
    if (name == names[i]) {
      out = static_cast<optimizer_kind>(i);
      return true;
    }
  return false;
}

const char* optimizer_choices() {
  static const std::string joined = [] {
    std::string c;
    for (const char* n : names) c += (c.empty() ? "" : "|") + std::string(n);
    return c;
  }();
  return joined.c_str();
}

bool needs_full_batch(optimizer_kind k) {
  return k == optimizer_kind::annealing || k == optimizer_kind::bfgs || k == optimizer_kind::lbfgs;
}

optimizer_spec optimizer_defaults(optimizer_kind kind) {
  optimizer_spec s;
  s.kind = kind;
  switch (kind) {
    case optimizer_kind::sgd: s.lr = 0.01; break;
    case optimizer_kind::rmsprop: s.lr = 0.001; s.rho = 0.9; break;
    case optimizer_kind::adagrad: s.lr = 0.001; s.initial_accumulator = 0.1; break;
    case optimizer_kind::adadelta: s.lr = 0.001; s.rho = 0.95; break;
    case optimizer_kind::adam: s.lr = 0.001; s.beta1 = 0.9; s.beta2 = 0.999; break;
    case optimizer_kind::momentum: s.lr = 0.01; s.momentum = 0.9; break;
    case optimizer_kind::nesterov: s.lr = 0.01; s.momentum = 0.9; s.nesterov = true; break;
    case optimizer_kind::annealing: s.lr = 0.05; break;
    case optimizer_kind::bfgs:
    case optimizer_kind::lbfgs: s.lr = 1; break;
  }
  return s;
}

template <class T>
std::unique_ptr<optimizer<T>> make_optimizer(const optimizer_spec& spec, std::size_t n) {
  validate(spec);
  switch (spec.kind) {
    case optimizer_kind::sgd:
    case optimizer_kind::momentum:
    case optimizer_kind::nesterov: return make_sgd<T>(spec, n);
    case optimizer_kind::annealing: return make_annealing<T>(spec, n);
    case optimizer_kind::bfgs: return make_bfgs<T>(spec, n);
    case optimizer_kind::lbfgs: return make_lbfgs<T>(spec, n);
    case optimizer_kind::rmsprop: return std::make_unique<rmsprop<T>>(spec, n);
    case optimizer_kind::adagrad: return std::make_unique<adagrad<T>>(spec, n);
    case optimizer_kind::adadelta: return std::make_unique<adadelta<T>>(spec, n);
    case optimizer_kind::adam: return std::make_unique<adam<T>>(spec, n);
  }
  throw std::invalid_argument("optimizer: unknown kind");
}

template std::unique_ptr<optimizer<float>> make_optimizer<float>(const optimizer_spec&, std::size_t);
template std::unique_ptr<optimizer<double>> make_optimizer<double>(const optimizer_spec&,
                                                                   std::size_t);

}  // namespace synapse
