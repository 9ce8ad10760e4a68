// layers/recurrent.h: what the recurrent layers (lstm.h, simple_rnn.h) share.
//
// Geometry: one example is a row of T·F values, step-major (x(b, t·F + f)),
// so the batch (B, T·F) is also the matrix (B·T, F) and every step's input
// product is one gemm. The layers keep their per-step values the same way,
// (B, T·N) = (B·T, N): step t of row b at b·T·N + t·N.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "../kernels/activations.h"
#include "../kernels/gemm.h"
#include "../rng.h"
#include "../spec/spec.h"
#include "init.h"

namespace synapse::recurrent {

// An input kernel (fan_in, fan_out) = (F, k·units) is drawn as every layer
// draws its kernel (init.h).
using synapse::draw_kernel;

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

// The input side of backward, once every step's dz is known: dZ (rows = B·T,
// width) holds them all, so dW += xᵀ·dZ, db += dZ's column sums (in row order,
// then added: dense.cpp's order) and dx = dZ·Wᵀ (if dx) are one product each.
// colsum: width values of scratch. Nothing is added to dW, db when frozen.
template <class T>
void input_side_backward(const T* x, int rows, int features, int width, const T* dZ, const T* W, T* dW, T* db,
                         T* colsum, T* dx, bool frozen) {
  if (!frozen) {
    gemm(true, false, features, width, rows, x, features, dZ, width, dW, width, true);
    if (rows > 0) {
      std::copy(dZ, dZ + width, colsum);
      for (int r = 1; r < rows; ++r) {
        const T* row = dZ + static_cast<std::size_t>(r) * width;
        for (int j = 0; j < width; ++j) colsum[j] = colsum[j] + row[j];
      }
      for (int j = 0; j < width; ++j) db[j] = db[j] + colsum[j];
    }
  }
  if (dx) gemm(false, true, rows, features, width, dZ, width, W, width, dx, features, false);
}

}  // namespace synapse::recurrent
