#include "pool.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace synapse {
namespace {

// The window of output (oy, ox), clipped to the image: rows [y0, y1), columns [x0, x1).
struct span {
  int y0, y1, x0, x1;
  int count() const { return (y1 - y0) * (x1 - x0); }
};
inline span window_at(const window_geometry& g, int oy, int ox) {
  const int y0 = oy * g.SH - g.top, x0 = ox * g.SW - g.left;
  return {std::max(y0, 0), std::min(y0 + g.KH, g.H), std::max(x0, 0), std::min(x0 + g.KW, g.W)};
}

// The max's rule: v replaces m if greater, or if v is NaN and m is not (so a
// NaN wins and the first of equal values stays).
template <class T>
inline bool beats(T v, T m) {
  return v > m || (v != v && m == m);
}

}  // namespace

template <class T>
void pool_forward(pool_kind k, const window_geometry& g, int B, const T* x, T* y) {
  const int C = g.C;
  for (int b = 0; b < B; ++b) {
    const T* xb = x + static_cast<std::size_t>(b) * g.in_size();
    for (int oy = 0; oy < g.OH; ++oy)
      for (int ox = 0; ox < g.OW; ++ox) {
        T* __restrict out = y + ((static_cast<std::size_t>(b) * g.OH + oy) * g.OW + ox) * C;
        const span w = window_at(g, oy, ox);
        bool first = true;
        for (int iy = w.y0; iy < w.y1; ++iy)
          for (int ix = w.x0; ix < w.x1; ++ix) {
            const T* __restrict v = xb + (static_cast<std::size_t>(iy) * g.W + ix) * C;
            if (k == pool_kind::max) {
              if (first) std::copy(v, v + C, out);
              else
                for (int c = 0; c < C; ++c) out[c] = beats(v[c], out[c]) ? v[c] : out[c];
            } else if (k == pool_kind::average) {
              if (first) std::copy(v, v + C, out);
              else
                for (int c = 0; c < C; ++c) out[c] = out[c] + v[c];
            } else {
              if (first)
                for (int c = 0; c < C; ++c) out[c] = v[c] * v[c];
              else
                for (int c = 0; c < C; ++c) out[c] = out[c] + v[c] * v[c];
            }
            first = false;
          }
        if (k == pool_kind::average) {
          const T n = static_cast<T>(w.count());
          for (int c = 0; c < C; ++c) out[c] = out[c] / n;
        } else if (k == pool_kind::l2) {
          for (int c = 0; c < C; ++c) out[c] = std::sqrt(out[c]);
        }
      }
  }
}

template <class T>
void pool_backward(pool_kind k, const window_geometry& g, int B, const T* x, const T* y, const T* dy, T* dx) {
  const int C = g.C;
  std::fill(dx, dx + static_cast<std::size_t>(B) * g.in_size(), T(0));
  for (int b = 0; b < B; ++b) {
    const T* xb = x + static_cast<std::size_t>(b) * g.in_size();
    T* dxb = dx + static_cast<std::size_t>(b) * g.in_size();
    for (int oy = 0; oy < g.OH; ++oy)
      for (int ox = 0; ox < g.OW; ++ox) {
        const std::size_t o = ((static_cast<std::size_t>(b) * g.OH + oy) * g.OW + ox) * C;
        const T *yo = y + o, *d = dy + o;
        const span w = window_at(g, oy, ox);
        if (k == pool_kind::max) {   // the first pixel holding the max (the forward's choice)
          for (int c = 0; c < C; ++c) {
            const bool nan = yo[c] != yo[c];
            bool found = false;
            for (int iy = w.y0; iy < w.y1 && !found; ++iy)
              for (int ix = w.x0; ix < w.x1 && !found; ++ix) {
                const std::size_t at = (static_cast<std::size_t>(iy) * g.W + ix) * C + c;
                const T v = xb[at];
                if (v == yo[c] || (nan && v != v)) {
                  dxb[at] = dxb[at] + d[c];
                  found = true;
                }
              }
          }
          continue;
        }
        const T n = static_cast<T>(w.count());
        for (int iy = w.y0; iy < w.y1; ++iy)
          for (int ix = w.x0; ix < w.x1; ++ix) {
            const std::size_t at = (static_cast<std::size_t>(iy) * g.W + ix) * C;
            T* __restrict to = dxb + at;
            const T* __restrict v = xb + at;
            if (k == pool_kind::average)
              for (int c = 0; c < C; ++c) to[c] = to[c] + d[c] / n;
            else
              for (int c = 0; c < C; ++c) to[c] = to[c] + (yo[c] > T(0) ? v[c] * (d[c] / yo[c]) : T(0));
          }
      }
  }
}

template void pool_forward<float>(pool_kind, const window_geometry&, int, const float*, float*);
template void pool_forward<double>(pool_kind, const window_geometry&, int, const double*, double*);
template void pool_backward<float>(pool_kind, const window_geometry&, int, const float*, const float*, const float*,
                                   float*);
template void pool_backward<double>(pool_kind, const window_geometry&, int, const double*, const double*,
                                    const double*, double*);

}  // namespace synapse
