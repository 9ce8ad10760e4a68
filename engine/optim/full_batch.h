// optim/full_batch.h (internal to engine/optim): the full-batch kinds'
// constructors (annealing.cpp, quasi_newton.cpp) and what they share: the
// base that refuses a step without a probe, and the backtracking line search.
// Formulas in optimizer.h.
#pragma once

#include <cmath>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include "optimizer.h"

namespace synapse {

template <class T>
std::unique_ptr<optimizer<T>> make_annealing(const optimizer_spec& spec, std::size_t n);
template <class T>
std::unique_ptr<optimizer<T>> make_bfgs(const optimizer_spec& spec, std::size_t n);
template <class T>
std::unique_ptr<optimizer<T>> make_lbfgs(const optimizer_spec& spec, std::size_t n);

template <class T>
class full_batch_optimizer : public optimizer<T> {
 public:
  void step(T*, const T*, std::size_t) override { refuse(); }
  void step_and_clear(T*, T*, std::size_t) override { refuse(); }
  long probes() const override { return probes_; }
  const char* name() const { return name_; }
  double probe_loss(loss_probe& p) {
    ++probes_;
    return p.loss();
  }

 protected:
  explicit full_batch_optimizer(const char* name) : name_(name) {}
  long probes_ = 0;

 private:
  [[noreturn]] void refuse() const {
    throw std::logic_error(std::string(name_) + ": a step needs the loss at trial points (step_full with a probe)");
  }
  const char* name_;
};

constexpr double armijo_c1 = 1e-4;
constexpr int max_halvings = 40;

// Backtracking Armijo from x (n doubles) along d, whose slope is gd = g.d < 0:
// params = T(x + t d) for t = t0, t0/2, ... until the probed loss is finite and
// <= f + c1 t gd. Returns the accepted t, or 0 with params put back to x.
template <class T, class Opt>
double backtrack(Opt& opt, T* params, const double* x, const double* d, std::size_t n, double f, double gd,
                 double t0, loss_probe& probe) {
  double t = t0;
  for (int k = 0; k <= max_halvings; ++k, t = t * 0.5) {
    for (std::size_t i = 0; i < n; ++i) params[i] = static_cast<T>(x[i] + t * d[i]);
    const double ft = opt.probe_loss(probe);
    if (std::isfinite(ft) && ft <= f + armijo_c1 * t * gd) return t;
  }
  for (std::size_t i = 0; i < n; ++i) params[i] = static_cast<T>(x[i]);
  return 0;
}

}  // namespace synapse
