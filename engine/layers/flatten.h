// layers/flatten.h: Keras' Flatten, any shape -> (its size): an image (H, W,
// C) becomes H·W·C features in the same order (channels last), so a dense
// layer can follow. A copy layer: the model gives each layer its own output
// buffer (model.h), and the copy is the size of the map, small beside the
// products around it (the lecture's: 64 values per example).
#pragma once

#include <algorithm>

#include "layer.h"

namespace synapse {

template <class T>
class flatten_layer final : public layer<T> {
 public:
  explicit flatten_layer(const shape& in) : layer<T>(in, {static_cast<int>(shape_size(in))}) {}
  const char* kind() const override { return "flatten"; }
  std::size_t param_count() const override { return 0; }
  void bind(T*, T*, std::size_t, int) override {}
  void init(rng&, init_scheme) override {}
  void forward(cmat<T> x, mat<T> y, bool) override { std::copy(x.data, x.data + x.size(), y.data); }
  void backward(cmat<T>, cmat<T>, mat<T> dy, mat<T> dx) override {
    if (dx.data) std::copy(dy.data, dy.data + dy.size(), dx.data);
  }
  std::vector<param_info> params() const override { return {}; }
};

}  // namespace synapse
