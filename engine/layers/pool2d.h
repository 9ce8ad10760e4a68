// layers/pool2d.h: max, average and L2 pooling, (H, W, C) -> (OH, OW, C),
// Keras' MaxPooling2D and AveragePooling2D (pool size, strides defaulting to
// the pool size, 'valid' or 'same') and the book's L2 pooling, the square
// root of the sum of squares in the window. The rules, ties and 'same'
// padding included, are kernels/pool.h's. No parameters; backward finds the
// max again from x and y, so nothing is kept per example but the output.
#pragma once

#include "../kernels/pool.h"
#include "layer.h"

namespace synapse {

template <class T>
class pool2d_layer final : public layer<T> {
 public:
  // Pools `g`'s input (make_window) with `k`.
  pool2d_layer(pool_kind k, const window_geometry& g)
      : layer<T>({g.H, g.W, g.C}, {g.OH, g.OW, g.C}), kind_(k), g_(g) {}
  const char* kind() const override {
    return kind_ == pool_kind::max ? "max_pool" : kind_ == pool_kind::average ? "average_pool" : "l2_pool";
  }
  std::size_t param_count() const override { return 0; }
  void bind(T*, T*, std::size_t, int) override {}
  void init(rng&, init_scheme) override {}
  void forward(cmat<T> x, mat<T> y, bool) override { pool_forward(kind_, g_, x.rows, x.data, y.data); }
  void backward(cmat<T> x, cmat<T> y, mat<T> dy, mat<T> dx) override {
    if (dx.data) pool_backward(kind_, g_, x.rows, x.data, y.data, dy.data, dx.data);
  }
  std::vector<param_info> params() const override { return {}; }
  const window_geometry& geometry() const { return g_; }

 private:
  pool_kind kind_;
  window_geometry g_;
};

}  // namespace synapse
