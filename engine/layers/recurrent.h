// layers/recurrent.h: what the recurrent layers (lstm.h, simple_rnn.h) share.
//
// Geometry: one example is a row of T·F values, step-major (x(b, t·F + f)),
// so the batch (B, T·F) is also the matrix (B·T, F) and every step's input
// product is one gemm. The layers keep their per-step values the same way,
// (B, T·N) = (B·T, N): step t of row b at b·T·N + t·N.
#pragma once

#include <cmath>
#include <cstddef>

#include "../kernels/activations.h"
#include "../rng.h"
#include "../spec/spec.h"

namespace synapse::recurrent {

// An input kernel (fan_in, fan_out) = (F, k·units) drawn as dense.cpp draws
// its weights for the same scheme (glorot_uniform is Keras' default).
template <class T>
void draw_kernel(rng& g, init_scheme s, T* W, std::size_t n, double fan_in, double fan_out) {
  for (std::size_t i = 0; i < n; ++i) {
    double w = 0;
    switch (s) {
      case init_scheme::numpy_uniform: w = 2.0 * g.uniform() - 1.0; break;
      case init_scheme::normal: w = g.normal(); break;
      case init_scheme::normal_scaled: w = g.normal() / std::sqrt(fan_in); break;
      case init_scheme::glorot_uniform: {
        const double l = std::sqrt(6.0 / (fan_in + fan_out));
        w = g.uniform(-l, l);
        break;
      }
      case init_scheme::he_normal: w = g.normal() * std::sqrt(2.0 / fan_in); break;
    }
    W[i] = static_cast<T>(w);
  }
}

// f'(z) from y = f(z), as activation_backward takes it, for the activations
// a recurrent layer allows (sigmoid, hard_sigmoid, tanh).
template <class T>
inline T slope(activation a, T y) {
  switch (a) {
    case activation::hard_sigmoid: return y > T(0) && y < T(1) ? T(0.2) : T(0);
    case activation::tanh: return T(1) - y * y;
    default: return y * (T(1) - y);   // sigmoid
  }
}

// Sum of squares of n values in index order, in double (the time-gradient norms).
template <class T>
inline double squares(const T* v, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += static_cast<double>(v[i]) * static_cast<double>(v[i]);
  return s;
}

}  // namespace synapse::recurrent
