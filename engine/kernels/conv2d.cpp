#include "conv2d.h"

#include <algorithm>
#include <cstddef>

namespace synapse {

window_geometry make_window(int H, int W, int C, int KH, int KW, int SH, int SW, bool same) {
  window_geometry g;
  g.H = H, g.W = W, g.C = C, g.KH = KH, g.KW = KW, g.SH = SH, g.SW = SW;
  if (H < 1 || W < 1 || C < 1 || KH < 1 || KW < 1 || SH < 1 || SW < 1) return g;
  if (same) {
    g.OH = (H + SH - 1) / SH;
    g.OW = (W + SW - 1) / SW;
    g.top = std::max((g.OH - 1) * SH + KH - H, 0) / 2;
    g.left = std::max((g.OW - 1) * SW + KW - W, 0) / 2;
  } else if (KH <= H && KW <= W) {
    g.OH = (H - KH) / SH + 1;
    g.OW = (W - KW) / SW + 1;
  }
  return g;
}

namespace {

// The kx range [lo, hi) of a window row starting at input column ix0 that
// lies inside the image.
inline void inside(int ix0, int KW, int W, int& lo, int& hi) {
  lo = std::max(0, -ix0);
  hi = std::min(KW, W - ix0);
  if (hi < lo) hi = lo;
}

}  // namespace

template <class T>
void im2col(const window_geometry& g, int n, const T* x, T* col) {
  const int C = g.C, K = g.field();
  for (int b = 0; b < n; ++b) {
    const T* xb = x + static_cast<std::size_t>(b) * g.in_size();
    for (int oy = 0; oy < g.OH; ++oy)
      for (int ox = 0; ox < g.OW; ++ox) {
        T* row = col + (static_cast<std::size_t>(b) * g.pixels() + oy * g.OW + ox) * K;
        const int ix0 = ox * g.SW - g.left;
        int lo, hi;
        inside(ix0, g.KW, g.W, lo, hi);
        for (int ky = 0; ky < g.KH; ++ky) {
          T* dst = row + ky * g.KW * C;
          const int iy = oy * g.SH + ky - g.top;
          if (iy < 0 || iy >= g.H) {
            std::fill(dst, dst + g.KW * C, T(0));
            continue;
          }
          std::fill(dst, dst + lo * C, T(0));
          const T* src = xb + (static_cast<std::size_t>(iy) * g.W + ix0 + lo) * C;
          std::copy(src, src + (hi - lo) * C, dst + lo * C);
          std::fill(dst + hi * C, dst + g.KW * C, T(0));
        }
      }
  }
}

template <class T>
void col2im(const window_geometry& g, int n, const T* col, T* dx) {
  const int C = g.C, K = g.field();
  std::fill(dx, dx + static_cast<std::size_t>(n) * g.in_size(), T(0));
  for (int b = 0; b < n; ++b) {
    T* xb = dx + static_cast<std::size_t>(b) * g.in_size();
    for (int oy = 0; oy < g.OH; ++oy)
      for (int ox = 0; ox < g.OW; ++ox) {
        const T* row = col + (static_cast<std::size_t>(b) * g.pixels() + oy * g.OW + ox) * K;
        const int ix0 = ox * g.SW - g.left;
        int lo, hi;
        inside(ix0, g.KW, g.W, lo, hi);
        for (int ky = 0; ky < g.KH; ++ky) {
          const int iy = oy * g.SH + ky - g.top;
          if (iy < 0 || iy >= g.H) continue;
          const T* __restrict src = row + (ky * g.KW + lo) * C;
          T* __restrict dst = xb + (static_cast<std::size_t>(iy) * g.W + ix0 + lo) * C;
          const int m = (hi - lo) * C;
          for (int i = 0; i < m; ++i) dst[i] = dst[i] + src[i];
        }
      }
  }
}

// ---- reference kernels ----

namespace {

// x(b, iy, ix, c) of the zero-padded image.
template <class T>
inline T padded(const window_geometry& g, const T* xb, int iy, int ix, int c) {
  return iy < 0 || iy >= g.H || ix < 0 || ix >= g.W ? T(0) : xb[(static_cast<std::size_t>(iy) * g.W + ix) * g.C + c];
}

}  // namespace

template <class T>
void conv2d_forward_ref(const window_geometry& g, int F, int B, const T* x, const T* W, const T* bias, T* y) {
  for (int b = 0; b < B; ++b) {
    const T* xb = x + static_cast<std::size_t>(b) * g.in_size();
    for (int oy = 0; oy < g.OH; ++oy)
      for (int ox = 0; ox < g.OW; ++ox)
        for (int f = 0; f < F; ++f) {
          T s = T(0);
          bool first = true;
          for (int ky = 0; ky < g.KH; ++ky)
            for (int kx = 0; kx < g.KW; ++kx)
              for (int c = 0; c < g.C; ++c) {
                const T p = padded(g, xb, oy * g.SH + ky - g.top, ox * g.SW + kx - g.left, c) *
                            W[(static_cast<std::size_t>(ky * g.KW + kx) * g.C + c) * F + f];
                s = first ? p : s + p;
                first = false;
              }
          y[((static_cast<std::size_t>(b) * g.OH + oy) * g.OW + ox) * F + f] = bias ? s + bias[f] : s;
        }
  }
}

template <class T>
void conv2d_backward_filter_ref(const window_geometry& g, int F, int B, int chunk, const T* x, const T* dz, T* dW) {
  for (int b0 = 0; b0 < B; b0 += chunk) {
    const int b1 = std::min(B, b0 + chunk);
    for (int ky = 0; ky < g.KH; ++ky)
      for (int kx = 0; kx < g.KW; ++kx)
        for (int c = 0; c < g.C; ++c)
          for (int f = 0; f < F; ++f) {
            T s = T(0);
            bool first = true;
            for (int b = b0; b < b1; ++b) {
              const T* xb = x + static_cast<std::size_t>(b) * g.in_size();
              for (int oy = 0; oy < g.OH; ++oy)
                for (int ox = 0; ox < g.OW; ++ox) {
                  const T p = padded(g, xb, oy * g.SH + ky - g.top, ox * g.SW + kx - g.left, c) *
                              dz[((static_cast<std::size_t>(b) * g.OH + oy) * g.OW + ox) * F + f];
                  s = first ? p : s + p;
                  first = false;
                }
            }
            T& w = dW[(static_cast<std::size_t>(ky * g.KW + kx) * g.C + c) * F + f];
            w = w + s;
          }
  }
}

template <class T>
void conv2d_backward_input_ref(const window_geometry& g, int F, int B, const T* dz, const T* W, T* dx) {
  std::fill(dx, dx + static_cast<std::size_t>(B) * g.in_size(), T(0));
  for (int b = 0; b < B; ++b)
    for (int oy = 0; oy < g.OH; ++oy)
      for (int ox = 0; ox < g.OW; ++ox) {
        const T* d = dz + ((static_cast<std::size_t>(b) * g.OH + oy) * g.OW + ox) * F;
        for (int ky = 0; ky < g.KH; ++ky)
          for (int kx = 0; kx < g.KW; ++kx) {
            const int iy = oy * g.SH + ky - g.top, ix = ox * g.SW + kx - g.left;
            if (iy < 0 || iy >= g.H || ix < 0 || ix >= g.W) continue;   // a padded position: no input
            for (int c = 0; c < g.C; ++c) {
              const T* w = W + (static_cast<std::size_t>(ky * g.KW + kx) * g.C + c) * F;
              T s = d[0] * w[0];
              for (int f = 1; f < F; ++f) s = s + d[f] * w[f];
              T& v = dx[((static_cast<std::size_t>(b) * g.H + iy) * g.W + ix) * g.C + c];
              v = v + s;
            }
          }
      }
}

// ---- fast kernels ----

template <class T>
void conv2d_forward(const window_geometry& g, int F, int B, int chunk, const T* x, const T* W,
                    const gemm_epilogue<T>& ep, T* y, T* col) {
  const int P = g.pixels(), K = g.field();
  for (int b0 = 0; b0 < B; b0 += chunk) {
    const int n = std::min(chunk, B - b0);
    const T* xb = x + static_cast<std::size_t>(b0) * g.in_size();
    if (!g.pointwise()) im2col(g, n, xb, col);
    gemm_bias_act(false, false, n * P, F, K, g.pointwise() ? xb : col, K, W, F,
                  y + static_cast<std::size_t>(b0) * P * F, F, ep);
  }
}

template <class T>
void conv2d_backward_filter(const window_geometry& g, int F, int B, int chunk, const T* x, const T* dz, T* dW,
                            T* col) {
  const int P = g.pixels(), K = g.field();
  for (int b0 = 0; b0 < B; b0 += chunk) {
    const int n = std::min(chunk, B - b0);
    const T* xb = x + static_cast<std::size_t>(b0) * g.in_size();
    if (!g.pointwise()) im2col(g, n, xb, col);
    gemm(true, false, K, F, n * P, g.pointwise() ? xb : col, K, dz + static_cast<std::size_t>(b0) * P * F, F, dW,
         F, true);
  }
}

template <class T>
void conv2d_backward_input(const window_geometry& g, int F, int B, int chunk, const T* dz, const T* W, T* dx,
                           T* col) {
  const int P = g.pixels(), K = g.field();
  for (int b0 = 0; b0 < B; b0 += chunk) {
    const int n = std::min(chunk, B - b0);
    T* dxb = dx + static_cast<std::size_t>(b0) * g.in_size();
    // (Pointwise too: col2im's 0 + s turns a -0 sum into the reference's +0.)
    gemm(false, true, n * P, K, F, dz + static_cast<std::size_t>(b0) * P * F, F, W, F, col, K, false);
    col2im(g, n, col, dxb);
  }
}

#define SYNAPSE_CONV2D(T)                                                                                         \
  template void im2col<T>(const window_geometry&, int, const T*, T*);                                            \
  template void col2im<T>(const window_geometry&, int, const T*, T*);                                            \
  template void conv2d_forward_ref<T>(const window_geometry&, int, int, const T*, const T*, const T*, T*);       \
  template void conv2d_backward_filter_ref<T>(const window_geometry&, int, int, int, const T*, const T*, T*);    \
  template void conv2d_backward_input_ref<T>(const window_geometry&, int, int, const T*, const T*, T*);          \
  template void conv2d_forward<T>(const window_geometry&, int, int, int, const T*, const T*,                     \
                                  const gemm_epilogue<T>&, T*, T*);                                               \
  template void conv2d_backward_filter<T>(const window_geometry&, int, int, int, const T*, const T*, T*, T*);    \
  template void conv2d_backward_input<T>(const window_geometry&, int, int, int, const T*, const T*, T*, T*);
SYNAPSE_CONV2D(float)
SYNAPSE_CONV2D(double)
#undef SYNAPSE_CONV2D

}  // namespace synapse
