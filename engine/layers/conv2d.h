// layers/conv2d.h: Keras' Conv2D, channels last: (H, W, C) -> (OH, OW, F),
//   y = f(conv(x, W) + b)     W (KH, KW, C, F), b (F)
// with kernels/conv2d.h's convolution ('valid' or 'same' padding, strides)
// and f any activation (linear is none; softmax runs over each pixel's F
// filters, as Keras' does over the last axis). Parameters W then b: KH·KW·C·F
// + F, Keras' count. Init: the model's scheme with the receptive field's
// fans, fan_in = KH·KW·C and fan_out = KH·KW·F (Keras' glorot_uniform by
// default), b zero.
//
// Forward and backward are im2col plus the packed gemm, a chunk of examples
// at a time (kernels/conv2d.h: conv_chunk, at least 256 output pixels), into
// one scratch matrix of chunk·OH·OW·KH·KW·C values allocated in bind().
// Per chunk rather than per batch: the scratch stays small whatever the
// batch (the lecture's second conv: 0.96 MB, against 41 MB for a batch of
// 128 in float32) and in cache between im2col and its product, which ran
// the products 1.1-1.5x faster; per chunk rather than per example: the
// filter gradient's product still sums over 256 rows or more a call (one
// example of the lecture's last conv has 4). Backward: dz = dy ⊙
// f'(y) in place, db += Σ dz (rows in order), dW += colᵀ·dz per chunk (im2col
// again: nothing is cached from forward), dx = col2im(dz·Wᵀ).
#pragma once

#include "../kernels/conv2d.h"
#include "layer.h"

namespace synapse {

template <class T>
class conv2d_layer final : public layer<T> {
 public:
  // The input and window of `g` (make_window), `filters` out, f with leaky
  // relu's slope, and a bias or not.
  conv2d_layer(std::string name, const window_geometry& g, int filters, activation f, double slope, bool bias);
  const char* kind() const override { return "conv2d"; }
  std::size_t param_count() const override;
  void bind(T* params, T* grads, std::size_t offset, int max_batch) override;
  void init(rng& g, init_scheme s) override;
  void forward(cmat<T> x, mat<T> y, bool training) override;
  void backward(cmat<T> x, cmat<T> y, mat<T> dy, mat<T> dx) override;
  std::vector<param_info> params() const override;
  const window_geometry& geometry() const { return g_; }
  int chunk() const { return chunk_; }   // examples per im2col chunk (after bind)

 private:
  std::string name_;
  window_geometry g_;
  int filters_;
  activation act_;
  T slope_;
  bool bias_;
  int chunk_ = 1;
  std::size_t offset_ = 0;
  T *W_ = nullptr, *b_ = nullptr, *dW_ = nullptr, *db_ = nullptr;
  std::vector<T> col_;      // (chunk·OH·OW, KH·KW·C) im2col scratch
  std::vector<T> colsum_;   // (F) the bias gradient's running column sums
};

}  // namespace synapse
