// layers/dropout.h: inverted dropout. While training, each unit is kept with
// probability 1 - rate and scaled by 1 / (1 - rate), so inference is the
// identity (Keras' Dropout). The mask comes from the layer's own generator,
// seeded from the model's at init: the same seed drops the same units.
#pragma once

#include "layer.h"

namespace synapse {

template <class T>
class dropout_layer final : public layer<T> {
 public:
  // Any input shape (it is elementwise); gives the same shape.
  dropout_layer(double rate, const shape& in) : layer<T>(in, in), rate_(rate), width_(static_cast<int>(shape_size(in))) {}
  const char* kind() const override { return "dropout"; }
  std::size_t param_count() const override { return 0; }
  void bind(T*, T*, std::size_t, int max_batch) override {
    mask_.assign(static_cast<std::size_t>(max_batch) * width_, T(1));
  }
  void init(rng& g, init_scheme) override { gen_.seed(g.next_u32()); }
  void forward(cmat<T> x, mat<T> y, bool training) override {
    const std::size_t n = x.size();
    last_training_ = training;
    if (!training) {
      for (std::size_t i = 0; i < n; ++i) y.data[i] = x.data[i];
      return;
    }
    const T keep = static_cast<T>(1.0 / (1.0 - rate_));
    for (std::size_t i = 0; i < n; ++i) {
      mask_[i] = gen_.uniform() >= rate_ ? keep : T(0);
      y.data[i] = x.data[i] * mask_[i];
    }
  }
  void backward(cmat<T> x, cmat<T>, mat<T> dy, mat<T> dx) override {
    if (!dx.data) return;
    const std::size_t n = x.size();
    if (!last_training_) {
      for (std::size_t i = 0; i < n; ++i) dx.data[i] = dy.data[i];
      return;
    }
    for (std::size_t i = 0; i < n; ++i) dx.data[i] = dy.data[i] * mask_[i];
  }
  std::vector<param_info> params() const override { return {}; }
  rng* generator() override { return &gen_; }

 private:
  double rate_;
  int width_;
  rng gen_;
  std::vector<T> mask_;
  bool last_training_ = true;
};

}  // namespace synapse
