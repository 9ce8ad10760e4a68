// kernels/pool.h: 2-D pooling over (H, W, C) examples, channels last:
// (B, H·W·C) -> (B, OH·OW·C), each channel pooled on its own over a window
// (window_geometry, kernels/conv2d.h: pool size, strides, 'valid' or 'same').
// With 'same' the padded positions are not part of the window (TensorFlow's
// rule): the max is over the pixels inside, the average divides by their
// count, the L2 norm sums their squares.
//   max      y = max x                 dx = dy at the first maximum (window
//                                       order: rows, then columns), 0 elsewhere;
//                                       a NaN in the window is the maximum
//   average  y = Σ x / n                dx = dy / n at each of the n pixels
//   l2       y = sqrt(Σ x²)             dx = dy·x / y (0 where y = 0)
// Overlapping windows (stride < pool size) add their gradients. The sums run
// in window order; sqrt and division are correctly rounded, so the bits are
// the same natively and in WASM.
#pragma once

#include "conv2d.h"

namespace synapse {

enum class pool_kind { max, average, l2 };

template <class T>
void pool_forward(pool_kind k, const window_geometry& g, int B, const T* x, T* y);
// dx assigned; y is pool_forward's output for x.
template <class T>
void pool_backward(pool_kind k, const window_geometry& g, int B, const T* x, const T* y, const T* dy, T* dx);

}  // namespace synapse
