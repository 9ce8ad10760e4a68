#include "lstm.h"

#include <algorithm>
#include <cmath>

#include "../kernels/gemm.h"
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
  for (int t = 0; t < steps_; ++t) {
    const T* hp = t ? H_.data() + (t - 1) * U : h0_.data();
    gemm(false, false, B, G, U, hp, t ? ldh : U, R_, G, Z_.data() + t * G, ldz, true);   // + h_{t-1}·R
    for (int b = 0; b < B; ++b) {
      T* g = Z_.data() + static_cast<std::size_t>(b) * ldz + t * G;
      for (int j = 0; j < G; ++j) g[j] = g[j] + b_[j];
      activation_forward(gate_, T(0), g, 1, 2 * U);                  // g_in, g_f
      activation_forward(activation::tanh, T(0), g + 2 * U, 1, U);   // in
      activation_forward(gate_, T(0), g + 3 * U, 1, U);              // g_o
      const std::size_t at = static_cast<std::size_t>(b) * ldh + t * U;
      const T* sp = t ? S_.data() + at - U : s0_.data() + static_cast<std::size_t>(b) * U;
      T *s = S_.data() + at, *c = C_.data() + at, *h = H_.data() + at;
      for (int u = 0; u < U; ++u) c[u] = s[u] = g[U + u] * sp[u] + g[2 * U + u] * g[u];
      activation_forward(activation::tanh, T(0), c, 1, U);
      for (int u = 0; u < U; ++u) h[u] = c[u] * g[3 * U + u];
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
      const T* c = C_.data() + at;
      const T* sp = t ? S_.data() + at - U : s0_.data() + static_cast<std::size_t>(b) * U;
      const T* dyt = return_sequences_ ? dy.row(b) + t * U : t == steps_ - 1 ? dy.row(b) : nullptr;
      T* dh = dh_.data() + static_cast<std::size_t>(b) * U;   // in: from step t+1; out: dL/dh_t
      T* ds = ds_.data() + static_cast<std::size_t>(b) * U;
      if (dyt)
        for (int u = 0; u < U; ++u) dh[u] = dyt[u] + dh[u];
      squares += recurrent::squares(dh, U);
      for (int u = 0; u < U; ++u) {
        const T gi = g[u], gf = g[U + u], in = g[2 * U + u], go = g[3 * U + u], th = c[u];
        const T dst = dh[u] * go * (T(1) - th * th) + ds[u];
        d[u] = dst * in * recurrent::slope(gate_, gi);
        d[U + u] = dst * sp[u] * recurrent::slope(gate_, gf);
        d[2 * U + u] = dst * gi * (T(1) - in * in);
        d[3 * U + u] = dh[u] * th * recurrent::slope(gate_, go);
        ds[u] = dst * gf;
      }
    }
    norms_[static_cast<std::size_t>(t)] = std::sqrt(squares);
    const T* dz = dZ_.data() + t * G;
    const T* hp = t ? H_.data() + (t - 1) * U : h0_.data();
    if (!frozen) gemm(true, false, U, G, B, hp, t ? ldh : U, dz, ldz, dR_, G, true);   // dR += h_{t-1}ᵀ·dz_t
    if (t > 0) gemm(false, true, B, U, G, dz, ldz, R_, G, dh_.data(), U, false);      // dh_{t-1} = dz_t·Rᵀ
  }
  const int rows = B * steps_;   // dZ (B, T·4U) is (B·T, 4U)
  if (!frozen) {
    gemm(true, false, features_, G, rows, x.data, features_, dZ_.data(), G, dW_, G, true);
    if (rows > 0) {   // column sums in row order, then added (dense.cpp's order)
      T* s = colsum_.data();
      std::copy(dZ_.data(), dZ_.data() + G, s);
      for (int r = 1; r < rows; ++r) {
        const T* row = dZ_.data() + static_cast<std::size_t>(r) * G;
        for (int j = 0; j < G; ++j) s[j] = s[j] + row[j];
      }
      for (int j = 0; j < G; ++j) db_[j] = db_[j] + s[j];
    }
  }
  if (dx.data) gemm(false, true, rows, features_, G, dZ_.data(), G, W_, G, dx.data, features_, false);
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
