// optim/quasi_newton.cpp: BFGS (a dense inverse-Hessian estimate, Eigen) and
// L-BFGS (the last few (s, y) pairs), both with the backtracking Armijo line
// search of full_batch.h. Formulas in optimizer.h. Everything is in double;
// the parameters are written back rounded to T.
//
// Eigen builds this file as scalar code with fixed blocking (CMakeLists.txt,
// as for layers/orthogonal.cpp): its matrix-vector products then sum in the
// same order natively and in WASM. Dot products are plain index-order loops.
#include <Eigen/Dense>
#include <algorithm>
#include <vector>

#include "full_batch.h"

namespace synapse {
namespace {

double dot(const double* a, const double* b, std::size_t n) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}

// The line search's first t: the full step d, shortened to length max_step.
double first_trial(const double* d, std::size_t n, double max_step) {
  const double len = std::sqrt(dot(d, d, n));
  return len > max_step ? max_step / len : 1.0;
}

// What BFGS and L-BFGS share (optimizer.h): read the point, update the
// estimate from the last step, d = -H g (steepest descent if that does not
// descend), the line search, and what a failed search means. Kind supplies
// update() (from x_prev, g_prev to x, g), direction() (d = -H g), forget()
// (H = I) and fresh() (whether H is I now).
template <class T, class Vec, class Kind>
class quasi_newton : public full_batch_optimizer<T> {
 public:
  void step_full(T* p, T* grads, std::size_t n, double loss, loss_probe& probe) override {
    for (std::size_t i = 0; i < n; ++i) {
      x_[i] = p[i];
      g_[i] = grads[i];
      grads[i] = T(0);
    }
    if (converged_) return;
    Kind& k = static_cast<Kind&>(*this);
    k.update();
    k.direction();
    double gd = dot(g_.data(), d_.data(), n);
    if (!(gd < 0)) {   // not a descent direction (or NaN): start again from steepest descent
      k.forget();
      for (std::size_t i = 0; i < n; ++i) d_[i] = -g_[i];
      gd = -dot(g_.data(), g_.data(), n);
      if (!(gd < 0)) return;   // a zero gradient: nowhere to go
    }
    if (backtrack(*this, p, x_.data(), d_.data(), n, loss, gd, first_trial(d_.data(), n, t0_), probe) == 0) {
      if (k.fresh()) converged_ = true;   // not even steepest descent lowers the loss
      k.forget();
      have_prev_ = false;
      return;
    }
    x_prev_ = x_;
    g_prev_ = g_;
    have_prev_ = true;
  }
  void set_lr(double lr) override { t0_ = lr; }
  // The line search's longest step, the probes so far, the last accepted
  // point and its gradient, then the kind's estimate (visit_estimate). The
  // point, gradient and direction of a step are rebuilt by the next one.
  void visit_state(state_io& io) override {
    io.section(this->name());
    io.value(t0_);
    io.value(this->probes_);
    io.value(have_prev_);
    io.value(converged_);
    io.fixed(x_prev_.data(), n_);
    io.fixed(g_prev_.data(), n_);
    static_cast<Kind&>(*this).visit_estimate(io);
  }

 protected:
  quasi_newton(const char* name, const optimizer_spec& s, std::size_t n)
      : full_batch_optimizer<T>(name), t0_(s.lr), n_(n), x_(n), g_(n), x_prev_(n), g_prev_(n), d_(n) {}
  double t0_;
  std::size_t n_;
  Vec x_, g_, x_prev_, g_prev_, d_;   // the point, its gradient, the last step's, the direction
  bool have_prev_ = false, converged_ = false;
};

template <class T>
class bfgs final : public quasi_newton<T, Eigen::VectorXd, bfgs<T>> {
  using base = quasi_newton<T, Eigen::VectorXd, bfgs<T>>;
  friend base;
  using base::d_, base::g_, base::g_prev_, base::have_prev_, base::n_, base::x_, base::x_prev_;

 public:
  bfgs(const optimizer_spec& s, std::size_t n)
      : base("bfgs", s, n), h_(Eigen::MatrixXd::Identity(n, n)), s_(n), y_(n), hy_(n) {}
  void reset() override {
    forget();
    have_prev_ = this->converged_ = false;
    steps_ = 0;
  }
  void visit_estimate(state_io& io) {
    io.fixed(h_.data(), static_cast<std::size_t>(h_.size()));
    io.value(identity_);
    io.value(steps_);
  }
  // H row after row, then the previous point and gradient.
  std::vector<double> state() const override {
    std::vector<double> out;
    for (std::size_t i = 0; i < n_; ++i)
      for (std::size_t j = 0; j < n_; ++j) out.push_back(h_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)));
    out.insert(out.end(), x_prev_.data(), x_prev_.data() + n_);
    out.insert(out.end(), g_prev_.data(), g_prev_.data() + n_);
    return out;
  }

 private:
  void forget() {
    h_.setIdentity();
    identity_ = true;
  }
  bool fresh() const { return identity_; }
  void direction() { d_.noalias() = -(h_ * g_); }
  void update() {
    if (++steps_ % n_ == 0) forget();   // the periodic restart
    if (!have_prev_) return;
    s_ = x_ - x_prev_;
    y_ = g_ - g_prev_;
    const double sy = dot(s_.data(), y_.data(), n_);
    if (!(sy > 0)) return;   // the curvature condition fails: keep H
    if (identity_) {
      h_.setIdentity();
      h_ *= sy / dot(y_.data(), y_.data(), n_);
      identity_ = false;
    }
    const double r = 1 / sy;
    hy_.noalias() = h_ * y_;
    const double c = r * r * dot(y_.data(), hy_.data(), n_) + r;
    for (std::size_t j = 0; j < n_; ++j)
      for (std::size_t i = 0; i < n_; ++i) {
        const Eigen::Index ii = static_cast<Eigen::Index>(i), jj = static_cast<Eigen::Index>(j);
        h_(ii, jj) = (h_(ii, jj) - r * (hy_[ii] * s_[jj] + s_[ii] * hy_[jj])) + c * (s_[ii] * s_[jj]);
      }
  }

  Eigen::MatrixXd h_;   // (n, n) the inverse-Hessian estimate
  Eigen::VectorXd s_, y_, hy_;
  bool identity_ = true;
  std::size_t steps_ = 0;   // steps taken (restart every n)
};

template <class T>
class lbfgs final : public quasi_newton<T, std::vector<double>, lbfgs<T>> {
  using base = quasi_newton<T, std::vector<double>, lbfgs<T>>;
  friend base;
  using base::d_, base::g_, base::g_prev_, base::have_prev_, base::n_, base::x_, base::x_prev_;

 public:
  lbfgs(const optimizer_spec& s, std::size_t n)
      : base("lbfgs", s, n), m_(static_cast<std::size_t>(s.memory)), s_(m_ * n), y_(m_ * n), rho_(m_), alpha_(m_) {}
  void reset() override {
    forget();
    have_prev_ = this->converged_ = false;
  }
  void visit_estimate(state_io& io) {
    io.fixed(s_);
    io.fixed(y_);
    io.fixed(rho_);
    io.value(count_);
    io.value(newest_);
    if (io.loading() && (count_ > m_ || newest_ >= m_)) refuse_state("saved state: lbfgs: pairs out of range");
  }
  // The kept pairs, oldest first: s then y of each.
  std::vector<double> state() const override {
    std::vector<double> out;
    for (std::size_t k = 0; k < count_; ++k) {
      const std::size_t slot = (newest_ + m_ - (count_ - 1 - k)) % m_;
      out.insert(out.end(), s_.begin() + static_cast<std::ptrdiff_t>(slot * n_),
                 s_.begin() + static_cast<std::ptrdiff_t>((slot + 1) * n_));
      out.insert(out.end(), y_.begin() + static_cast<std::ptrdiff_t>(slot * n_),
                 y_.begin() + static_cast<std::ptrdiff_t>((slot + 1) * n_));
    }
    return out;
  }

 private:
  void forget() { count_ = 0; }
  bool fresh() const { return count_ == 0; }
  // The pair from the last step into the ring, if s.y > 0.
  void update() {
    if (!have_prev_) return;
    double sy = 0;
    for (std::size_t i = 0; i < n_; ++i) sy += (x_[i] - x_prev_[i]) * (g_[i] - g_prev_[i]);
    if (!(sy > 0)) return;   // the oldest pair stays
    const std::size_t slot = count_ == 0 ? 0 : (newest_ + 1) % m_;
    double* s = s_.data() + slot * n_;
    double* y = y_.data() + slot * n_;
    for (std::size_t i = 0; i < n_; ++i) {
      s[i] = x_[i] - x_prev_[i];
      y[i] = g_[i] - g_prev_[i];
    }
    rho_[slot] = 1 / sy;
    newest_ = slot;
    count_ = std::min(count_ + 1, m_);
  }

  // d = -(H g) by the two-loop recursion over the kept pairs.
  void direction() {
    std::vector<double>& q = d_;
    for (std::size_t i = 0; i < n_; ++i) q[i] = g_[i];
    for (std::size_t k = 0; k < count_; ++k) {   // newest to oldest
      const std::size_t slot = (newest_ + m_ - k) % m_;
      const double* s = s_.data() + slot * n_;
      const double* y = y_.data() + slot * n_;
      alpha_[slot] = rho_[slot] * dot(s, q.data(), n_);
      for (std::size_t i = 0; i < n_; ++i) q[i] = q[i] - alpha_[slot] * y[i];
    }
    if (count_ > 0) {
      const double* s = s_.data() + newest_ * n_;
      const double* y = y_.data() + newest_ * n_;
      const double gamma = dot(s, y, n_) / dot(y, y, n_);
      for (std::size_t i = 0; i < n_; ++i) q[i] = gamma * q[i];
    }
    for (std::size_t k = count_; k-- > 0;) {   // oldest to newest
      const std::size_t slot = (newest_ + m_ - k) % m_;
      const double* s = s_.data() + slot * n_;
      const double* y = y_.data() + slot * n_;
      const double beta = rho_[slot] * dot(y, q.data(), n_);
      for (std::size_t i = 0; i < n_; ++i) q[i] = q[i] + s[i] * (alpha_[slot] - beta);
    }
    for (std::size_t i = 0; i < n_; ++i) q[i] = -q[i];
  }

  std::size_t m_;
  std::vector<double> s_, y_;        // (m, n) rings of the kept pairs
  std::vector<double> rho_, alpha_;  // (m) 1 / s.y, and the first loop's coefficients
  std::size_t count_ = 0, newest_ = 0;
};

}  // namespace

template <class T>
std::unique_ptr<optimizer<T>> make_bfgs(const optimizer_spec& spec, std::size_t n) {
  return std::make_unique<bfgs<T>>(spec, n);
}
template <class T>
std::unique_ptr<optimizer<T>> make_lbfgs(const optimizer_spec& spec, std::size_t n) {
  return std::make_unique<lbfgs<T>>(spec, n);
}

template std::unique_ptr<optimizer<float>> make_bfgs<float>(const optimizer_spec&, std::size_t);
template std::unique_ptr<optimizer<double>> make_bfgs<double>(const optimizer_spec&, std::size_t);
template std::unique_ptr<optimizer<float>> make_lbfgs<float>(const optimizer_spec&, std::size_t);
template std::unique_ptr<optimizer<double>> make_lbfgs<double>(const optimizer_spec&, std::size_t);

}  // namespace synapse
