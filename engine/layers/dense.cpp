#include "dense.h"

#include <algorithm>
#include <cmath>

#include "../kernels/gemm.h"
#include "init.h"

namespace synapse {

template <class T>
dense_layer<T>::dense_layer(std::string name, int in, int units, activation f, double slope, bool bias)
    : layer<T>({in}, {units}),
      name_(std::move(name)),
      in_(in),
      out_(units),
      bias_(bias),
      act_(f),
      slope_(static_cast<T>(slope)),
      colsum_(bias ? units : 0) {}

template <class T>
std::size_t dense_layer<T>::param_count() const {
  return static_cast<std::size_t>(in_) * out_ + (bias_ ? out_ : 0);
}

template <class T>
void dense_layer<T>::bind(T* params, T* grads, std::size_t offset, int) {
  offset_ = offset;
  W_ = params;
  dW_ = grads;
  if (bias_) {
    b_ = params + static_cast<std::size_t>(in_) * out_;
    db_ = grads + static_cast<std::size_t>(in_) * out_;
  }
}

template <class T>
void dense_layer<T>::init(rng& g, init_scheme s) {
  const std::size_t n = static_cast<std::size_t>(in_) * out_;
  const double fan_in = in_, fan_out = out_;
  draw_kernel(g, s, W_, n, fan_in, fan_out);
  if (bias_)
    for (int j = 0; j < out_; ++j) b_[j] = T(0);
}

template <class T>
void dense_layer<T>::forward(cmat<T> x, mat<T> y, bool) {
  const int B = x.rows;
  // y = f(x·W + b) in one pass where f is elementwise and cheap (the packed
  // gemm applies bias and f to the sums still in registers); the same bits as
  // gemm, bias pass, activation pass.
  gemm_epilogue<T> ep;
  ep.bias = bias_ ? b_ : nullptr;
  ep.slope = slope_;
  const bool fused = !logits_ && (act_ == activation::linear || act_ == activation::relu ||
                                  act_ == activation::leaky_relu);
  if (fused)
    ep.act = act_ == activation::relu         ? gemm_activation::relu
             : act_ == activation::leaky_relu ? gemm_activation::leaky_relu
                                              : gemm_activation::linear;
  gemm_bias_act(false, false, B, out_, in_, x.data, in_, W_, out_, y.data, out_, ep);
  if (fused) return;
  if (logits_) std::copy(y.data, y.data + y.size(), logits_);
  activation_forward(act_, slope_, y.data, B, out_);
}

template <class T>
void dense_layer<T>::backward(cmat<T> x, cmat<T> y, mat<T> dy, mat<T> dx) {
  const int B = x.rows;
  if (!logits_ && !dy_is_dz_)
    activation_backward(act_, slope_, y.data, dy.data, dy.data, B, out_);   // dy is now dz
  if (!this->params_frozen_) gemm(true, false, in_, out_, B, x.data, in_, dy.data, out_, dW_, out_, true);
  if (bias_ && B > 0 && !this->params_frozen_) {
    // Column sums dz(0,j) + dz(1,j) + ... in row order, added to db last;
    // walked row by row (contiguous, vectorisable) with the running sums in
    // colsum_, which keeps each column's order.
    T* s = colsum_.data();
    const T* row = dy.row(0);
    for (int j = 0; j < out_; ++j) s[j] = row[j];
    for (int r = 1; r < B; ++r) {
      row = dy.row(r);
      for (int j = 0; j < out_; ++j) s[j] = s[j] + row[j];
    }
    for (int j = 0; j < out_; ++j) db_[j] = db_[j] + s[j];
  }
  if (!dx.data) return;
  if (input_act_ == activation::linear)
    return gemm(false, true, B, in_, out_, dy.data, out_, W_, out_, dx.data, in_, false);
  gemm_epilogue<T> ep;
  ep.act = input_act_ == activation::relu ? gemm_activation::relu : gemm_activation::leaky_relu;
  ep.slope = input_slope_;
  ep.gate = x.data;
  ep.ldgate = in_;
  gemm_bias_act(false, true, B, in_, out_, dy.data, out_, W_, out_, dx.data, in_, ep);
}

template <class T>
std::vector<param_info> dense_layer<T>::params() const {
  std::vector<param_info> p{{name_, {in_, out_}, offset_, true}};
  if (bias_) p.push_back({name_ + ".bias", {out_}, offset_ + static_cast<std::size_t>(in_) * out_, false});
  return p;
}

template class dense_layer<float>;
template class dense_layer<double>;

}  // namespace synapse
