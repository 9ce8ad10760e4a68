// layers/dense.h: y = f(x·W + b), x (B,in), W (in,out), b (out), y (B,out).
// Backward: dz = dy * f'(y) (in place), dW += xᵀ·dz, db += sum_rows dz,
// dx = dz·Wᵀ. Without bias it is the numpy post's synapse: y = f(x·W).
#pragma once

#include "layer.h"

namespace synapse {

template <class T>
class dense_layer final : public layer<T> {
 public:
  // A layer named `name` from `in` features to `units`, y = f(x·W + b)
  // (no b without bias); slope is leaky relu's a.
  dense_layer(std::string name, int in, int units, activation f, double slope, bool bias);
  const char* kind() const override { return "dense"; }
  std::size_t param_count() const override;
  void bind(T* params, T* grads, std::size_t offset, int max_batch) override;
  void init(rng& g, init_scheme s) override;
  void forward(cmat<T> x, mat<T> y, bool training) override;
  void backward(cmat<T> x, cmat<T> y, mat<T> dy, mat<T> dx) override;
  std::vector<param_info> params() const override;
  // Fusions (layer.h): the loss's (logits copied in forward, dL/dz taken in
  // backward); its relu/leaky relu gate offered to the next layer; and, when
  // x is the output of a relu/leaky relu layer, dx stored already multiplied
  // by that layer's f'(x) (fused into the dx product's store).
  bool fuse_output(T* logits) override {
    logits_ = logits;
    this->output_fused_ = true;
    return true;
  }
  bool out_gate(activation& f, T& slope) const override {
    if (logits_ || (act_ != activation::relu && act_ != activation::leaky_relu)) return false;
    f = act_, slope = slope_;
    return true;
  }
  bool gate_input_gradient(activation f, T slope) override {
    input_act_ = f, input_slope_ = slope;
    return true;
  }
  void take_dz() override { dy_is_dz_ = true; }

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
