// layers/init.h: a weight kernel's initial values, the same draws for every
// layer type (dense, conv2d, the recurrent layers' input kernels): n values
// from the generator in order, for the scheme, with the layer's fans (a
// dense layer's in and out; a conv's receptive field kh·kw·C and kh·kw·F).
#pragma once

#include <cmath>
#include <cstddef>

#include "../rng.h"
#include "../spec/spec.h"

namespace synapse {

template <class T>
void draw_kernel(rng& g, init_scheme s, T* W, std::size_t n, double fan_in, double fan_out) {
  for (std::size_t i = 0; i < n; ++i) {
    double w = 0;
    switch (s) {
      case init_scheme::numpy_uniform: w = 2.0 * g.uniform() - 1.0; break;   // the numpy post's 2*random()-1
      case init_scheme::normal: w = g.normal(); break;
      case init_scheme::normal_scaled: w = g.normal() / std::sqrt(fan_in); break;
      case init_scheme::glorot_uniform: {                                  // Keras' default
        const double l = std::sqrt(6.0 / (fan_in + fan_out));
        w = g.uniform(-l, l);
        break;
      }
      case init_scheme::he_normal: w = g.normal() * std::sqrt(2.0 / fan_in); break;
    }
    W[i] = static_cast<T>(w);
  }
}

}  // namespace synapse
