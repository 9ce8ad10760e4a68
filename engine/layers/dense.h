// layers/dense.h: y = f(x·W + b), x (B,in), W (in,out), b (out), y (B,out).
// Backward: dz = dy * f'(y) (in place), dW += xᵀ·dz, db += sum_rows dz,
// dx = dz·Wᵀ. Without bias it is the numpy post's synapse: y = f(x·W).
#pragma once

#include "layer.h"

namespace synapse {

template <class T>
class dense_layer final : public layer<T> {
 public:
  dense_layer(const layer_spec& spec, int in);
  const char* kind() const override { return "dense"; }
  int in_width() const override { return in_; }
  int out_width() const override { return out_; }
  std::size_t param_count() const override;
  void bind(T* params, T* grads, std::size_t offset, int max_batch) override;
  void init(rng& g, init_scheme s) override;
  void forward(cmat<T> x, mat<T> y, bool training) override;
  void backward(cmat<T> x, cmat<T> y, mat<T> dy, mat<T> dx) override;
  std::vector<param_info> params() const override;
  // For losses fused with the output activation: forward also copies the
  // pre-activations z to `logits`, and backward takes dL/dz in place of dL/dy.
  void fuse_output(T* logits) { logits_ = logits; }
  // When x is the output of a dense layer with relu or leaky relu (slope):
  // backward stores dx already multiplied by that layer's f'(x) (fused into
  // the product's store), and that layer, told by take_dz(), skips its own
  // activation_backward.
  void gate_input_gradient(activation f, T slope) { input_act_ = f, input_slope_ = slope; }
  void take_dz() { dy_is_dz_ = true; }
  activation act() const { return act_; }
  T slope() const { return slope_; }
  bool fused_output() const { return logits_ != nullptr; }

 private:
  std::string name_;
  int in_, out_;
  bool bias_;
  activation act_;
  T slope_;
  std::size_t offset_ = 0;
  T *W_ = nullptr, *b_ = nullptr, *dW_ = nullptr, *db_ = nullptr;
  T* logits_ = nullptr;
  activation input_act_ = activation::linear;   // gate_input_gradient
  T input_slope_ = T(0);
  bool dy_is_dz_ = false;                       // take_dz
  std::vector<T> colsum_;   // (out) the bias gradient's running column sums
};

}  // namespace synapse
