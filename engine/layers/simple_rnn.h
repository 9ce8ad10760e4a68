// layers/simple_rnn.h: the plain recurrent layer, (T, F) -> (units), the last
// h, or (T, units) with return_sequences:
//   h_t = f(x_t·W + h_{t-1}·R + b)      W (F, U), R (U, U), b (U)
// f is tanh (Keras' SimpleRNN default) or sigmoid (the lecture's argument:
// f' <= 1/4, so the gradient shrinks at every step back). Parameters W, R, b
// in that order, U(F + U + 1); init as Keras: W by the model's scheme with
// fans (F, U), R orthogonal (orthogonal.h), b zero.
//
// Backward, full backpropagation through time over the window:
//   dh_t = dy_t + dz_{t+1}·Rᵀ,  dz_t = dh_t ⊙ f'(h_t)
//   dR += h_{t-1}ᵀ·dz_t per step; dW += xᵀ·dz, db += Σ dz, dx = dz·Wᵀ.
// Stateful as lstm.h: row i starts from the previous batch's final h of row i,
// a constant of this batch's gradient.
#pragma once

#include <algorithm>

#include "layer.h"

namespace synapse {

template <class T>
class simple_rnn_layer final : public layer<T> {
 public:
  simple_rnn_layer(std::string name, int steps, int features, int units, activation f, bool return_sequences,
                   bool stateful);
  const char* kind() const override { return "simple_rnn"; }
  std::size_t param_count() const override;
  void bind(T* params, T* grads, std::size_t offset, int max_batch) override;
  void init(rng& g, init_scheme s) override;
  void forward(cmat<T> x, mat<T> y, bool training) override;
  void backward(cmat<T> x, cmat<T> y, mat<T> dy, mat<T> dx) override;
  std::vector<param_info> params() const override;
  void reset_state() override;
  std::size_t state_size() const override { return stateful_ ? carry_h_.size() : 0; }
  void save_state(T* out) const override {   // h, (max_batch, units)
    if (stateful_) std::copy(carry_h_.begin(), carry_h_.end(), out);
  }
  void load_state(const T* in) override {
    if (stateful_) std::copy(in, in + carry_h_.size(), carry_h_.begin());
  }
  bool time_gradient_norms(std::vector<double>& out) const override;
  // The h the next forward starts from when stateful, (max_batch, units).
  const T* carried_h() const { return carry_h_.data(); }

 private:
  std::string name_;
  int steps_, features_, units_;
  activation act_;
  bool return_sequences_, stateful_;
  std::size_t offset_ = 0;
  T *W_ = nullptr, *R_ = nullptr, *b_ = nullptr, *dW_ = nullptr, *dR_ = nullptr, *db_ = nullptr;
  std::vector<T> H_, dZ_;               // (max_batch, T·U) step-major: every h_t; dz for backward
  std::vector<T> h0_, carry_h_, dh_;    // (max_batch, U): this batch's start, the next one's; dL/dh
  std::vector<T> colsum_;               // (U)
  std::vector<double> norms_;           // (T) time_gradient_norms
};

}  // namespace synapse
