// optim/sgd.cpp: sgd, plain and with (Nesterov) momentum. Formulas in optimizer.h.
// The loops run 4 floats (2 doubles) at a time with the scalar expressions
// unchanged, so the bits are those of the plain loops (kernels/lanes.h).
#include "sgd.h"

#include <algorithm>
#include <type_traits>
#include <vector>

#include "../kernels/lanes.h"

namespace synapse {
namespace {

// p = p - (lr * g): the XOR lab's golden numbers depend on exactly this order.
template <class T>
class sgd final : public optimizer<T> {
 public:
  explicit sgd(T lr) : lr_(lr) {}
  void step(T* p, const T* g, std::size_t n) override { update<false>(p, g, n); }
  void step_and_clear(T* p, T* g, std::size_t n) override { update<true>(p, g, n); }
  void set_lr(double lr) override { lr_ = static_cast<T>(lr); }
  void reset() override {}

 private:
  // update<true>: the gradient is zeroed once read (step_and_clear).
  template <bool clear>
  void update(T* p, std::conditional_t<clear, T*, const T*> g, std::size_t n) {
    // A local copy: stores through p could alias lr_ as far as the compiler
    // knows, which would reload and re-broadcast it every iteration.
    const T lr = lr_;
    lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
      using V = typename decltype(tag)::type;
      lanes::store(p + i, lanes::load<V>(p + i) - V(lr) * lanes::take<clear, V>(g + i));
    });
  }

  T lr_;

 public:
  std::vector<double> state() const override { return {}; }
};

// Keras' momentum form (a velocity holding -lr * g's):
//   v = (mu * v) - (lr * g);  p = p + v,  or with nesterov  p = (p + (mu * v)) - (lr * g).
template <class T>
class sgd_momentum final : public optimizer<T> {
 public:
  sgd_momentum(T lr, T mu, bool nesterov, std::size_t n)
      : lr_(lr), mu_(mu), nesterov_(nesterov), v_(n, T(0)) {}
  void step(T* p, const T* g, std::size_t n) override { update<false>(p, g, n); }
  void step_and_clear(T* p, T* g, std::size_t n) override { update<true>(p, g, n); }
  void set_lr(double lr) override { lr_ = static_cast<T>(lr); }
  void reset() override { std::fill(v_.begin(), v_.end(), T(0)); }

 private:
  template <bool clear>
  void update(T* p, std::conditional_t<clear, T*, const T*> g, std::size_t n) {
    T* v = v_.data();
    const T lr = lr_, mu = mu_;   // locals: see sgd::update
    if (nesterov_) {
      lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
        using V = typename decltype(tag)::type;
        const V lg = V(lr) * lanes::take<clear, V>(g + i);
        const V vi = V(mu) * lanes::load<V>(v + i) - lg;
        lanes::store(v + i, vi);
        lanes::store(p + i, (lanes::load<V>(p + i) + V(mu) * vi) - lg);
      });
    } else {
      lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
        using V = typename decltype(tag)::type;
        const V vi = V(mu) * lanes::load<V>(v + i) - V(lr) * lanes::take<clear, V>(g + i);
        lanes::store(v + i, vi);
        lanes::store(p + i, lanes::load<V>(p + i) + vi);
      });
    }
  }

  T lr_, mu_;
  bool nesterov_;
  std::vector<T> v_;   // (n) velocity

 public:
  std::vector<double> state() const override { return {v_.begin(), v_.end()}; }
  void set_state(const std::vector<double>& s) override { restore_into(v_, s, 0, true); }
  void visit_state(state_io& io) override { this->visit_moments(io, {&v_}); }
};

}  // namespace

template <class T>
std::unique_ptr<optimizer<T>> make_sgd(const optimizer_spec& spec, std::size_t n) {
  if (spec.momentum == 0) return std::make_unique<sgd<T>>(static_cast<T>(spec.lr));
  return std::make_unique<sgd_momentum<T>>(static_cast<T>(spec.lr), static_cast<T>(spec.momentum),
                                           spec.nesterov, n);
}

template std::unique_ptr<optimizer<float>> make_sgd<float>(const optimizer_spec&, std::size_t);
template std::unique_ptr<optimizer<double>> make_sgd<double>(const optimizer_spec&, std::size_t);

}  // namespace synapse
