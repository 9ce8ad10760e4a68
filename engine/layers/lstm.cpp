#include "lstm.h"

#include <algorithm>
#include <cmath>

#include "../kernels/gemm.h"
#include "../kernels/lstm_cell.h"
#include "orthogonal.h"
#include "recurrent.h"

namespace synapse {

template <class T>
lstm_layer<T>::lstm_layer(std::string name, int steps, int features, int units, activation gate,
                          bool return_sequences, bool stateful)
    : layer<T>({steps, features}, return_sequences ? shape{steps, units} : shape{units}),
      name_(std::move(name)),
      steps_(steps),
      features_(features),
      units_(units),
      gate_(gate),
      return_sequences_(return_sequences),
      stateful_(stateful),
      colsum_(static_cast<std::size_t>(4) * units),
      norms_(static_cast<std::size_t>(steps), 0.0) {}

template <class T>
std::size_t lstm_layer<T>::param_count() const {
  return static_cast<std::size_t>(4) * units_ * (features_ + units_ + 1);
}

template <class T>
void lstm_layer<T>::bind(T* params, T* grads, std::size_t offset, int max_batch) {
  offset_ = offset;
  const std::size_t G = static_cast<std::size_t>(4) * units_, w = features_ * G, r = units_ * G;
  W_ = params, R_ = params + w, b_ = params + w + r;
  dW_ = grads, dR_ = grads + w, db_ = grads + w + r;
  const std::size_t B = static_cast<std::size_t>(max_batch), steps = static_cast<std::size_t>(steps_);
  Z_.assign(B * steps * G, T(0));
  dZ_.assign(B * steps * G, T(0));
  for (auto* v : {&S_, &C_, &H_}) v->assign(B * steps * units_, T(0));
  for (auto* v : {&h0_, &s0_, &carry_h_, &carry_s_, &dh_, &ds_}) v->assign(B * units_, T(0));
  pair_h_.assign(B * steps, nullptr);
  pair_dz_.assign(B * steps, nullptr);
}

template <class T>
void lstm_layer<T>::init(rng& g, init_scheme s) {
  const int G = 4 * units_;
  recurrent::draw_kernel(g, s, W_, static_cast<std::size_t>(features_) * G, features_, G);
  const std::vector<double> q = orthogonal_matrix(g, units_, G);
  for (std::size_t i = 0; i < q.size(); ++i) R_[i] = static_cast<T>(q[i]);
  for (int j = 0; j < G; ++j) b_[j] = j >= units_ && j < 2 * units_ ? T(1) : T(0);   // unit_forget_bias
}

template <class T>
void lstm_layer<T>::reset_state() {
  std::fill(carry_h_.begin(), carry_h_.end(), T(0));
  std::fill(carry_s_.begin(), carry_s_.end(), T(0));
}

template <class T>
void lstm_layer<T>::save_state(T* out) const {
  if (!stateful_) return;
  std::copy(carry_h_.begin(), carry_h_.end(), out);
  std::copy(carry_s_.begin(), carry_s_.end(), out + carry_h_.size());
}

template <class T>
void lstm_layer<T>::load_state(const T* in) {
  if (!stateful_) return;
  std::copy(in, in + carry_h_.size(), carry_h_.begin());
  std::copy(in + carry_h_.size(), in + carry_h_.size() + carry_s_.size(), carry_s_.begin());
}

template <class T>
bool lstm_layer<T>::time_gradient_norms(std::vector<double>& out) const {
  out.assign(norms_.begin(), norms_.end());
  return true;
}

// Batch rows are independent, so each row's step is its own matrix-vector
// product (kernels/lstm_cell.h): at the lab's batch 1 that is all there is,
// and R (U, 4U) stays in cache from step to step. Without a carried state
// h_0 and s_0 are zeros: the first step has no h_{-1}·R, and dR gets nothing
// from it.
template <class T>
void lstm_layer<T>::forward(cmat<T> x, mat<T> y, bool) {
  const int B = x.rows, U = units_, G = 4 * U, ldz = steps_ * G, ldh = steps_ * U;
  const std::size_t n = static_cast<std::size_t>(B) * U;
  if (stateful_) {   // h0_ and s0_ stay zeros otherwise
    std::copy(carry_h_.begin(), carry_h_.begin() + n, h0_.begin());
    std::copy(carry_s_.begin(), carry_s_.begin() + n, s0_.begin());
  }
  // Every step's x_t·W in one product: x (B, T·F) is (B·T, F), Z (B·T, 4U).
  gemm(false, false, B * steps_, G, features_, x.data, features_, W_, G, Z_.data(), G, false);
  for (int b = 0; b < B; ++b) {
    const std::size_t zb = static_cast<std::size_t>(b) * ldz, hb = static_cast<std::size_t>(b) * ldh;
    for (int t = 0; t < steps_; ++t) {
      T* g = Z_.data() + zb + t * G;
      const std::size_t at = hb + t * U;
      if (t > 0) gemv_acc(U, G, H_.data() + at - U, R_, G, g);                          // + h_{t-1}·R
      else if (stateful_) gemv_acc(U, G, h0_.data() + static_cast<std::size_t>(b) * U, R_, G, g);
      const T* sp = t ? S_.data() + at - U : s0_.data() + static_cast<std::size_t>(b) * U;
      lstm_gates_forward(gate_, U, g, b_, sp, S_.data() + at, C_.data() + at, H_.data() + at);
    }
  }
  for (int b = 0; b < B; ++b) {
    const std::size_t last = static_cast<std::size_t>(b) * ldh + (steps_ - 1) * U;
    if (return_sequences_) std::copy(H_.data() + static_cast<std::size_t>(b) * ldh, H_.data() + last + U, y.row(b));
    else std::copy(H_.data() + last, H_.data() + last + U, y.row(b));
    if (stateful_) {
      std::copy(H_.data() + last, H_.data() + last + U, carry_h_.data() + static_cast<std::size_t>(b) * U);
      std::copy(S_.data() + last, S_.data() + last + U, carry_s_.data() + static_cast<std::size_t>(b) * U);
    }
  }
}

template <class T>
void lstm_layer<T>::backward(cmat<T> x, cmat<T>, mat<T> dy, mat<T> dx) {
  const int B = x.rows, U = units_, G = 4 * U, ldz = steps_ * G, ldh = steps_ * U;
  const std::size_t n = static_cast<std::size_t>(B) * U;
  std::fill(dh_.begin(), dh_.begin() + n, T(0));
  std::fill(ds_.begin(), ds_.begin() + n, T(0));
  const bool frozen = this->params_frozen_;
  for (int t = steps_ - 1; t >= 0; --t) {
    double squares = 0;
    for (int b = 0; b < B; ++b) {
      const std::size_t at = static_cast<std::size_t>(b) * ldh + t * U;
      const T* g = Z_.data() + static_cast<std::size_t>(b) * ldz + t * G;
      T* d = dZ_.data() + static_cast<std::size_t>(b) * ldz + t * G;
      const T* sp = t ? S_.data() + at - U : s0_.data() + static_cast<std::size_t>(b) * U;
      const T* dyt = return_sequences_ ? dy.row(b) + t * U : t == steps_ - 1 ? dy.row(b) : nullptr;
      T* dh = dh_.data() + static_cast<std::size_t>(b) * U;   // in: from step t+1; out: dL/dh_t
      T* ds = ds_.data() + static_cast<std::size_t>(b) * U;
      if (dyt)
        for (int u = 0; u < U; ++u) dh[u] = dyt[u] + dh[u];
      squares += recurrent::squares(dh, U);
      lstm_gates_backward(gate_, U, g, C_.data() + at, sp, dh, ds, d);
      if (t > 0) gemv_rows(U, G, R_, G, d, dh);   // dh_{t-1} = dz_t·Rᵀ
    }
    norms_[static_cast<std::size_t>(t)] = std::sqrt(squares);
  }
  if (!frozen) {
    // dR += sum over rows and steps of h_{t-1}ᵀ·dz_t, in one pass over dR
    // (pairs row by row, steps in order; h_{-1} only when carried).
    int K = 0;
    for (int b = 0; b < B; ++b)
      for (int t = stateful_ ? 0 : 1; t < steps_; ++t, ++K) {
        const std::size_t at = static_cast<std::size_t>(b) * ldh + t * U;
        pair_h_[K] = t ? H_.data() + at - U : h0_.data() + static_cast<std::size_t>(b) * U;
        pair_dz_[K] = dZ_.data() + static_cast<std::size_t>(b) * ldz + t * G;
      }
    if (K > 0) rank_update(U, G, K, pair_h_.data(), pair_dz_.data(), dR_, G);
  }
  const int rows = B * steps_;   // dZ (B, T·4U) is (B·T, 4U)
  recurrent::input_side_backward(x.data, rows, features_, G, dZ_.data(), W_, dW_, db_, colsum_.data(), dx.data, frozen);
}

template <class T>
std::vector<param_info> lstm_layer<T>::params() const {
  const std::size_t G = static_cast<std::size_t>(4) * units_;
  return {{name_, {features_, 4 * units_}, offset_, true},
          {name_ + ".recurrent_kernel", {units_, 4 * units_}, offset_ + features_ * G, true},
          {name_ + ".bias", {4 * units_}, offset_ + (features_ + units_) * G, false}};
}

template class lstm_layer<float>;
template class lstm_layer<double>;

}  // namespace synapse
