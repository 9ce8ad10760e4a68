// kernels/conv2d.h: 2-D convolution (Keras' Conv2D, channels last) and the
// window geometry it shares with the pools.
//
// One example x is (H, W, C) row-major; the filters W are (KH, KW, C, F),
// Keras' kernel layout, which read as a matrix is (KH·KW·C, F); the output y
// is (OH, OW, F). With x zero outside the image (the padding):
//   y(b, oy, ox, f) = Σ_{ky, kx, c} x(b, oy·SH + ky - top, ox·SW + kx - left, c) · W(ky, kx, c, f)
// the sum in (ky, kx, c) order, padded positions included as products with
// 0. Backward, with dz = dL/d(that sum):
//   dW(ky, kx, c, f) += Σ_{b, oy, ox} x(b, ...)·dz(b, oy, ox, f)
//   dx(b, iy, ix, c)  = Σ over the (oy, ox, ky, kx) that read it of Σ_f dz(b, oy, ox, f)·W(ky, kx, c, f)
//
// Fast kernels (conv2d_forward, ...): im2col, then the packed gemm. A chunk
// of examples at a time is unrolled into a scratch matrix (rows · K), one
// row per output pixel (b, oy, ox) holding its receptive field in (ky, kx, c)
// order, so the products are
//   y  = col · W                (rows, F)  = (rows, K)·(K, F)
//   dW += colᵀ · dz             (K, F)     per chunk
//   dcol = dz · Wᵀ              (rows, K),  then col2im adds it back into dx
// gemm sums each output in index order (gemm.h), so these are exactly the
// sums of the reference kernels (conv2d_*_ref, direct loops in the same
// order): the same bits, natively and in WASM. The filter gradient is added
// to dW once per chunk (dW + Σ_chunk), so both take the chunk size.
#pragma once

#include "gemm.h"

namespace synapse {

// A window (KH, KW) sliding with strides (SH, SW) over an (H, W, C) input,
// padded `top`/`left` (and as much as needed at the bottom/right) for
// 'same'. out_h or out_w is 0 when the window does not fit ('valid', a
// window larger than the input).
struct window_geometry {
  int H = 0, W = 0, C = 0;     // input
  int KH = 1, KW = 1, SH = 1, SW = 1;
  int top = 0, left = 0;       // padding before the first row / column
  int OH = 0, OW = 0;          // output rows and columns
  int pixels() const { return OH * OW; }       // P: output pixels of one example
  int field() const { return KH * KW * C; }    // K: values in one receptive field
  int in_size() const { return H * W * C; }
  // A 1x1 window with stride 1: im2col is the input itself.
  bool pointwise() const { return KH == 1 && KW == 1 && SH == 1 && SW == 1; }
};

// Keras' rules (spec.h, padding): 'valid' out = floor((n - k) / s) + 1 (0 if
// k > n); 'same' out = ceil(n / s), padding max((out - 1)·s + k - n, 0), its
// half rounded down before, the rest after.
window_geometry make_window(int H, int W, int C, int KH, int KW, int SH, int SW, bool same);

// Examples per im2col chunk: ceil(conv_chunk_rows / P), at least 256 rows.
// Measured on the lecture's four conv shapes at batch 128 (float32, native
// AVX2 and Node 20): chunks of 256-600 rows ran the products at 44-57 GFLOP/s
// natively (25-29 in WASM); one example per chunk fell to 15 on the 2x2
// output of the last conv (its filter gradient summing over 4 rows a call),
// the whole batch (13-41 MB of scratch, out of cache) to 33-36.
constexpr int conv_chunk_rows = 256;
inline int conv_chunk(const window_geometry& g) {
  const int P = g.pixels() > 0 ? g.pixels() : 1;
  return (conv_chunk_rows + P - 1) / P;
}

// n examples of x (n, H·W·C) into col (n·P, K); padded positions are 0.
template <class T>
void im2col(const window_geometry& g, int n, const T* x, T* col);
// The reverse, summed: dx (n, H·W·C) = 0, then each col value added to the
// input position it came from, row by row, in (ky, kx, c) order.
template <class T>
void col2im(const window_geometry& g, int n, const T* col, T* dx);

// ---- reference kernels: direct loops, the specification ----
// y (B, P·F) = conv(x, W) + bias (bias may be null); no activation.
template <class T>
void conv2d_forward_ref(const window_geometry& g, int F, int B, const T* x, const T* W, const T* bias, T* y);
// dW (K·F) += the filter gradient, one partial sum per chunk of examples.
template <class T>
void conv2d_backward_filter_ref(const window_geometry& g, int F, int B, int chunk, const T* x, const T* dz, T* dW);
// dx (B, H·W·C) = the input gradient.
template <class T>
void conv2d_backward_input_ref(const window_geometry& g, int F, int B, const T* dz, const T* W, T* dx);

// ---- fast kernels: im2col + gemm, chunk examples at a time ----
// col is scratch of chunk·P·K values (forward and the filter gradient read
// a pointwise window's input directly).
// forward: y = f(conv(x, W) + bias) with ep's bias and activation (gemm.h:
// linear, relu, leaky relu applied as the products are stored).
template <class T>
void conv2d_forward(const window_geometry& g, int F, int B, int chunk, const T* x, const T* W,
                    const gemm_epilogue<T>& ep, T* y, T* col);
template <class T>
void conv2d_backward_filter(const window_geometry& g, int F, int B, int chunk, const T* x, const T* dz, T* dW,
                            T* col);
template <class T>
void conv2d_backward_input(const window_geometry& g, int F, int B, int chunk, const T* dz, const T* W, T* dx,
                           T* col);

}  // namespace synapse
