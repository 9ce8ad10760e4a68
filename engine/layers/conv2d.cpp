#include "conv2d.h"

#include <algorithm>
#include <cmath>

#include "init.h"

namespace synapse {

template <class T>
conv2d_layer<T>::conv2d_layer(std::string name, const window_geometry& g, int filters, activation f, double slope,
                              bool bias)
    : layer<T>({g.H, g.W, g.C}, {g.OH, g.OW, filters}),
      name_(std::move(name)),
      g_(g),
      filters_(filters),
      act_(f),
      slope_(static_cast<T>(slope)),
      bias_(bias),
      colsum_(bias ? filters : 0) {}

template <class T>
std::size_t conv2d_layer<T>::param_count() const {
  return static_cast<std::size_t>(g_.field()) * filters_ + (bias_ ? filters_ : 0);
}

template <class T>
void conv2d_layer<T>::bind(T* params, T* grads, std::size_t offset, int max_batch) {
  offset_ = offset;
  const std::size_t n = static_cast<std::size_t>(g_.field()) * filters_;
  W_ = params, dW_ = grads;
  if (bias_) b_ = params + n, db_ = grads + n;
  // A chunk never needs more examples than a batch has (the bits do not
  // depend on it: a batch of at most max_batch is one chunk either way).
  chunk_ = std::max(1, std::min(conv_chunk(g_), max_batch));
  col_.assign(static_cast<std::size_t>(chunk_) * g_.pixels() * g_.field(), T(0));
}

template <class T>
void conv2d_layer<T>::init(rng& g, init_scheme s) {
  const std::size_t n = static_cast<std::size_t>(g_.field()) * filters_;
  const double fan_in = g_.field(), fan_out = static_cast<double>(g_.KH) * g_.KW * filters_;
  draw_kernel(g, s, W_, n, fan_in, fan_out);   // the receptive field's fans
  if (bias_) std::fill(b_, b_ + filters_, T(0));
}

template <class T>
void conv2d_layer<T>::forward(cmat<T> x, mat<T> y, bool) {
  const int B = x.rows;
  // Bias and relu / leaky relu in the product's store (gemm.h), the others after.
  gemm_epilogue<T> ep;
  ep.bias = b_;
  ep.slope = slope_;
  const bool fused = act_ == activation::linear || act_ == activation::relu || act_ == activation::leaky_relu;
  if (act_ == activation::relu) ep.act = gemm_activation::relu;
  if (act_ == activation::leaky_relu) ep.act = gemm_activation::leaky_relu;
  conv2d_forward(g_, filters_, B, chunk_, x.data, W_, ep, y.data, col_.data());
  if (!fused) activation_forward(act_, slope_, y.data, B * g_.pixels(), filters_);
}

template <class T>
void conv2d_layer<T>::backward(cmat<T> x, cmat<T> y, mat<T> dy, mat<T> dx) {
  const int B = x.rows, rows = B * g_.pixels(), F = filters_;
  activation_backward(act_, slope_, y.data, dy.data, dy.data, rows, F);   // dy is now dz
  if (!this->params_frozen_) {
    if (bias_ && rows > 0) {   // column sums in row order, then added (dense.cpp's order)
      T* s = colsum_.data();
      std::copy(dy.data, dy.data + F, s);
      for (int r = 1; r < rows; ++r) {
        const T* row = dy.data + static_cast<std::size_t>(r) * F;
        for (int j = 0; j < F; ++j) s[j] = s[j] + row[j];
      }
      for (int j = 0; j < F; ++j) db_[j] = db_[j] + s[j];
    }
    conv2d_backward_filter(g_, F, B, chunk_, x.data, dy.data, dW_, col_.data());
  }
  if (dx.data) conv2d_backward_input(g_, F, B, chunk_, dy.data, W_, dx.data, col_.data());
}

template <class T>
std::vector<param_info> conv2d_layer<T>::params() const {
  std::vector<param_info> p{{name_, {g_.KH, g_.KW, g_.C, filters_}, offset_, true}};
  if (bias_)
    p.push_back({name_ + ".bias", {filters_}, offset_ + static_cast<std::size_t>(g_.field()) * filters_, false});
  return p;
}

template class conv2d_layer<float>;
template class conv2d_layer<double>;

}  // namespace synapse
