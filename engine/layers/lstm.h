// layers/lstm.h: a long short-term memory layer, (T, F) -> (units), the last
// h, or (T, units) with return_sequences. The cell as the lecture writes it,
// gates in Keras' order (i, f, c, o), rσ the recurrent activation (sigmoid,
// or Keras 2.2's hard_sigmoid):
//   z_t  = x_t·W + h_{t-1}·R + b                  W (F, 4U), R (U, 4U), b (4U)
//   g_in = rσ(z_i)   g_f = rσ(z_f)   in = tanh(z_c)   g_o = rσ(z_o)
//   s_t  = g_f ⊙ s_{t-1} + in ⊙ g_in
//   h_t  = tanh(s_t) ⊙ g_o
// Parameters W, R, b in the block in that order: 4U(F + U + 1) (Keras' count).
// Init (Keras' defaults): W by the model's scheme with fans (F, 4U) (Glorot
// uniform by default), R orthogonal (orthogonal.h), b zero but the forget
// gate's at 1 (unit_forget_bias).
//
// Backward is full backpropagation through time over the window:
//   dh_t = dy_t + dz_{t+1}·Rᵀ        (dy_t only at T-1 without return_sequences)
//   ds_t = dh_t ⊙ g_o ⊙ (1 - tanh² s_t) + ds_{t+1} ⊙ g_f(t+1)
//   dz_i = ds ⊙ in ⊙ rσ'   dz_f = ds ⊙ s_{t-1} ⊙ rσ'   dz_c = ds ⊙ g_in ⊙ (1 - in²)
//   dz_o = dh ⊙ tanh(s_t) ⊙ rσ'
//   dR += Σ_t h_{t-1}ᵀ·dz_t, dW += xᵀ·dz, db += Σ dz and dx = dz·Wᵀ over all
//   steps at once. Gradients accumulate (+=), as layer.h requires.
// Each row's step is matrix-vector work (kernels/lstm_cell.h: h·R, dz·Rᵀ,
// the gates fused into one pass; float gates use that file's sigmoid and tanh).
// Stateful: the batch starts from the previous batch's final h and s, row by
// row; they are constants of this batch's gradient (BPTT truncated at the
// batch boundary). Otherwise every forward starts from zeros.
#pragma once

#include "layer.h"

namespace synapse {

template <class T>
class lstm_layer final : public layer<T> {
 public:
  // T `steps` of `features` in, `units` out; gate is rσ.
  lstm_layer(std::string name, int steps, int features, int units, activation gate, bool return_sequences,
             bool stateful);
  const char* kind() const override { return "lstm"; }
  std::size_t param_count() const override;
  void bind(T* params, T* grads, std::size_t offset, int max_batch) override;
  void init(rng& g, init_scheme s) override;
  void forward(cmat<T> x, mat<T> y, bool training) override;
  void backward(cmat<T> x, cmat<T> y, mat<T> dy, mat<T> dx) override;
  std::vector<param_info> params() const override;
  void reset_state() override;
  std::size_t state_size() const override { return stateful_ ? carry_h_.size() + carry_s_.size() : 0; }
  void save_state(T* out) const override;   // h then s, (max_batch, units) each
  void load_state(const T* in) override;
  bool time_gradient_norms(std::vector<double>& out) const override;
  // The state the next forward starts from when stateful, (max_batch, units).
  const T* carried_h() const { return carry_h_.data(); }
  const T* carried_s() const { return carry_s_.data(); }

 private:
  std::string name_;
  int steps_, features_, units_;
  activation gate_;
  bool return_sequences_, stateful_;
  std::size_t offset_ = 0;
  T *W_ = nullptr, *R_ = nullptr, *b_ = nullptr, *dW_ = nullptr, *dR_ = nullptr, *db_ = nullptr;
  // Per example, step-major (recurrent.h): gates after their activations
  // (T·4U), s, tanh s and h (T·U each); dz (T·4U) for backward.
  std::vector<T> Z_, S_, C_, H_, dZ_;
  std::vector<T> h0_, s0_, carry_h_, carry_s_;   // (max_batch, U): this batch's start, the next one's
  std::vector<T> dh_, ds_;                       // (max_batch, U): dL/dh, dL/ds from the step after
  std::vector<T> colsum_;                        // (4U) the bias gradient's column sums
  std::vector<const T*> pair_h_, pair_dz_;       // (max_batch·T) dR's (h_{t-1}, dz_t) rows
  std::vector<double> norms_;                    // (T) time_gradient_norms
};

}  // namespace synapse
