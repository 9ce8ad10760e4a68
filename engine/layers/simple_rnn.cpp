#include "simple_rnn.h"

#include <algorithm>
#include <cmath>

#include "../kernels/gemm.h"
#include "orthogonal.h"
#include "recurrent.h"

namespace synapse {

template <class T>
simple_rnn_layer<T>::simple_rnn_layer(std::string name, int steps, int features, int units, activation f,
                                      bool return_sequences, bool stateful)
    : layer<T>({steps, features}, return_sequences ? shape{steps, units} : shape{units}),
      name_(std::move(name)),
      steps_(steps),
      features_(features),
      units_(units),
      act_(f),
      return_sequences_(return_sequences),
      stateful_(stateful),
      colsum_(static_cast<std::size_t>(units)),
      norms_(static_cast<std::size_t>(steps), 0.0) {}

template <class T>
std::size_t simple_rnn_layer<T>::param_count() const {
  return static_cast<std::size_t>(units_) * (features_ + units_ + 1);
}

template <class T>
void simple_rnn_layer<T>::bind(T* params, T* grads, std::size_t offset, int max_batch) {
  offset_ = offset;
  const std::size_t U = static_cast<std::size_t>(units_), w = features_ * U, r = U * U;
  W_ = params, R_ = params + w, b_ = params + w + r;
  dW_ = grads, dR_ = grads + w, db_ = grads + w + r;
  const std::size_t B = static_cast<std::size_t>(max_batch);
  H_.assign(B * steps_ * U, T(0));
  dZ_.assign(B * steps_ * U, T(0));
  for (auto* v : {&h0_, &carry_h_, &dh_}) v->assign(B * U, T(0));
}

template <class T>
void simple_rnn_layer<T>::init(rng& g, init_scheme s) {
  recurrent::draw_kernel(g, s, W_, static_cast<std::size_t>(features_) * units_, features_, units_);
  const std::vector<double> q = orthogonal_matrix(g, units_, units_);
  for (std::size_t i = 0; i < q.size(); ++i) R_[i] = static_cast<T>(q[i]);
  std::fill(b_, b_ + units_, T(0));
}

template <class T>
void simple_rnn_layer<T>::reset_state() {
  std::fill(carry_h_.begin(), carry_h_.end(), T(0));
}

template <class T>
bool simple_rnn_layer<T>::time_gradient_norms(std::vector<double>& out) const {
  out.assign(norms_.begin(), norms_.end());
  return true;
}

template <class T>
void simple_rnn_layer<T>::forward(cmat<T> x, mat<T> y, bool) {
  const int B = x.rows, U = units_, ldh = steps_ * U;
  if (stateful_) std::copy(carry_h_.begin(), carry_h_.begin() + static_cast<std::size_t>(B) * U, h0_.begin());
  // Every step's x_t·W in one product: x (B, T·F) is (B·T, F), H (B·T, U).
  gemm(false, false, B * steps_, U, features_, x.data, features_, W_, U, H_.data(), U, false);
  for (int t = 0; t < steps_; ++t) {
    const T* hp = t ? H_.data() + (t - 1) * U : h0_.data();
    gemm(false, false, B, U, U, hp, t ? ldh : U, R_, U, H_.data() + t * U, ldh, true);   // + h_{t-1}·R
    for (int b = 0; b < B; ++b) {
      T* h = H_.data() + static_cast<std::size_t>(b) * ldh + t * U;
      for (int u = 0; u < U; ++u) h[u] = h[u] + b_[u];
      activation_forward(act_, T(0), h, 1, U);
    }
  }
  for (int b = 0; b < B; ++b) {
    const std::size_t last = static_cast<std::size_t>(b) * ldh + (steps_ - 1) * U;
    if (return_sequences_) std::copy(H_.data() + static_cast<std::size_t>(b) * ldh, H_.data() + last + U, y.row(b));
    else std::copy(H_.data() + last, H_.data() + last + U, y.row(b));
    if (stateful_) std::copy(H_.data() + last, H_.data() + last + U, carry_h_.data() + static_cast<std::size_t>(b) * U);
  }
}

template <class T>
void simple_rnn_layer<T>::backward(cmat<T> x, cmat<T>, mat<T> dy, mat<T> dx) {
  const int B = x.rows, U = units_, ldh = steps_ * U;
  std::fill(dh_.begin(), dh_.begin() + static_cast<std::size_t>(B) * U, T(0));
  const bool frozen = this->params_frozen_;
  for (int t = steps_ - 1; t >= 0; --t) {
    double squares = 0;
    for (int b = 0; b < B; ++b) {
      const std::size_t at = static_cast<std::size_t>(b) * ldh + t * U;
      const T* h = H_.data() + at;
      T* d = dZ_.data() + at;
      const T* dyt = return_sequences_ ? dy.row(b) + t * U : t == steps_ - 1 ? dy.row(b) : nullptr;
      T* dh = dh_.data() + static_cast<std::size_t>(b) * U;   // in: from step t+1; then dL/dh_t
      if (dyt)
        for (int u = 0; u < U; ++u) dh[u] = dyt[u] + dh[u];
      squares += recurrent::squares(dh, U);
      for (int u = 0; u < U; ++u) d[u] = dh[u] * recurrent::slope(act_, h[u]);
    }
    norms_[static_cast<std::size_t>(t)] = std::sqrt(squares);
    const T* dz = dZ_.data() + t * U;
    const T* hp = t ? H_.data() + (t - 1) * U : h0_.data();
    if (!frozen) gemm(true, false, U, U, B, hp, t ? ldh : U, dz, ldh, dR_, U, true);   // dR += h_{t-1}ᵀ·dz_t
    if (t > 0) gemm(false, true, B, U, U, dz, ldh, R_, U, dh_.data(), U, false);      // dh_{t-1} = dz_t·Rᵀ
  }
  const int rows = B * steps_;   // dZ (B, T·U) is (B·T, U)
  recurrent::input_side_backward(x.data, rows, features_, U, dZ_.data(), W_, dW_, db_, colsum_.data(), dx.data, frozen);
}

template <class T>
std::vector<param_info> simple_rnn_layer<T>::params() const {
  const std::size_t U = static_cast<std::size_t>(units_);
  return {{name_, {features_, units_}, offset_, true},
          {name_ + ".recurrent_kernel", {units_, units_}, offset_ + features_ * U, true},
          {name_ + ".bias", {units_}, offset_ + (features_ + units_) * U, false}};
}

template class simple_rnn_layer<float>;
template class simple_rnn_layer<double>;

}  // namespace synapse
