#include "lstm_cell.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "lanes.h"

namespace synapse {
namespace {

using lanes::vec;
template <class T>
using vbool = xsimd::batch_bool<T, xsimd::sse4_1>;

template <class T>
inline vec<T> load(const T* p) {
  return vec<T>::load_unaligned(p);
}

// ---- float exp, sigmoid and tanh, one body for float and vec<float> ----
//
// exp x = 2^k e^r, k = round(x / ln2), r = x - k ln2 with ln2 in two parts
// (k·C1 is exact: C1 has 9 significant bits), e^r = 1 + r + r²·P(r) with
// the classic single-precision minimax P of degree 5 (|r| <= ln2/2). x is
// clamped to [-87, 88] first, so 2^k is a normal number built from its bits.
// Rounding x/ln2 to k: adding 1.5·2^23 leaves k in the low bits of the sum
// (and subtracting it again gives k as a float), no float-to-int conversion
// (which Emscripten's SSE emulation does one lane at a time).
constexpr float round_magic = 12582912.0f;   // 1.5 * 2^23
constexpr float log2e = 1.44269504088896341f;
constexpr float ln2_c1 = 0.693359375f, ln2_c2 = -2.12194440e-4f;

// 2^k from t = k + round_magic (-126 <= k <= 127): the bits (k + 127) << 23,
// as (bits(t) + 127) << 23 modulo 2^32 (bits(t) = 0x4B400000 + k, whose high
// part the shift drops).
inline float pow2_from(float t) {
  std::uint32_t u;
  std::memcpy(&u, &t, sizeof u);
  u = (u + 127u) << 23;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
inline vec<float> pow2_from(vec<float> t) {
  using vi = xsimd::batch<std::int32_t, xsimd::sse4_1>;
  return xsimd::bitwise_cast<vec<float>>((xsimd::bitwise_cast<vi>(t) + vi(127)) << 23);
}

template <class V>
inline V exp_f(V x) {
  x = lanes::pick(x > V(88.0f), V(88.0f), x);   // NaN stays NaN (and gives NaN)
  x = lanes::pick(x < V(-87.0f), V(-87.0f), x);
  const V t = x * V(log2e) + V(round_magic);
  const V k = t - V(round_magic);
  const V r = (x - k * V(ln2_c1)) - k * V(ln2_c2);
  const V p = (((((V(1.9875691500e-4f) * r + V(1.3981999507e-3f)) * r + V(8.3334519073e-3f)) * r +
                 V(4.1665795894e-2f)) * r + V(1.6666665459e-1f)) * r + V(5.0000001201e-1f)) * (r * r) + r + V(1.0f);
  return p * pow2_from(t);
}

// tanh x: below |x| = 0.625 x + x³·Q(x²) (minimax, degree 4 in x²), above
// 1 - 2/(e^2|x| + 1) with x's sign; both are computed, one is picked.
template <class V>
inline V tanh_f(V x) {
  const V a = lanes::pick(x < V(0.0f), -x, x);
  const V z = x * x;
  const V small = ((((V(-5.70498872745e-3f) * z + V(2.06390887954e-2f)) * z + V(-5.37397155531e-2f)) * z +
                    V(1.33314422036e-1f)) * z + V(-3.33332819422e-1f)) * z * x + x;
  const V big = V(1.0f) - V(2.0f) / (exp_f(a + a) + V(1.0f));
  return lanes::pick(a < V(0.625f), small, lanes::pick(x < V(0.0f), -big, big));
}

// The gates: the activation (float forward only) and its slope from the
// output y, as activations.h and recurrent.h write them.
struct sigmoid_gate {
  template <class V>
  static V f(V z) {
    return V(1.0f) / (V(1.0f) + exp_f(-z));
  }
  template <class V, class T>
  static V slope(V y) {
    return y * (V(T(1)) - y);
  }
};
struct hard_sigmoid_gate {   // clip(0.2 z + 0.5, 0, 1), NaN kept; slope 0.2 inside (0, 1)
  template <class V>
  static V f(V z) {
    const V t = V(0.2f) * z + V(0.5f);
    const V lo = lanes::pick(t < V(0.0f), V(0.0f), t);
    return lanes::pick(lo > V(1.0f), V(1.0f), lo);
  }
  template <class V, class T>
  static V slope(V y) {
    return lanes::pick(y > V(T(0)), lanes::pick(y < V(T(1)), V(T(0.2)), V(T(0))), V(T(0)));
  }
};
struct tanh_gate {
  template <class V, class T>
  static V slope(V y) {
    return V(T(1)) - y * y;
  }
};

template <class Gate>
void gates_forward_f32(int U, float* g, const float* bias, const float* sp, float* s, float* c, float* h) {
  float *gi_ = g, *gf_ = g + U, *in_ = g + 2 * U, *go_ = g + 3 * U;
  const float *bi = bias, *bf = bias + U, *bc = bias + 2 * U, *bo = bias + 3 * U;
  lanes::for_each<float>(static_cast<std::size_t>(U), [=](std::size_t u, auto tag) {
    using V = typename decltype(tag)::type;
    const V gi = Gate::f(lanes::load<V>(gi_ + u) + lanes::load<V>(bi + u));
    const V gf = Gate::f(lanes::load<V>(gf_ + u) + lanes::load<V>(bf + u));
    const V in = tanh_f(lanes::load<V>(in_ + u) + lanes::load<V>(bc + u));
    const V go = Gate::f(lanes::load<V>(go_ + u) + lanes::load<V>(bo + u));
    lanes::store(gi_ + u, gi);
    lanes::store(gf_ + u, gf);
    lanes::store(in_ + u, in);
    lanes::store(go_ + u, go);
    const V st = gf * lanes::load<V>(sp + u) + in * gi;
    const V ct = tanh_f(st);
    lanes::store(s + u, st);
    lanes::store(c + u, ct);
    lanes::store(h + u, ct * go);
  });
}

// The pass-by-pass step with activation_forward (double, other gates).
template <class T>
void gates_forward_passes(activation gate, int U, T* g, const T* bias, const T* sp, T* s, T* c, T* h) {
  for (int j = 0; j < 4 * U; ++j) g[j] = g[j] + bias[j];
  activation_forward(gate, T(0), g, 1, 2 * U);                  // g_in, g_f
  activation_forward(activation::tanh, T(0), g + 2 * U, 1, U);   // in
  activation_forward(gate, T(0), g + 3 * U, 1, U);              // g_o
  for (int u = 0; u < U; ++u) c[u] = s[u] = g[U + u] * sp[u] + g[2 * U + u] * g[u];
  activation_forward(activation::tanh, T(0), c, 1, U);
  for (int u = 0; u < U; ++u) h[u] = c[u] * g[3 * U + u];
}

template <class T, class Gate>
void gates_backward(int U, const T* g, const T* c, const T* sp, const T* dh, T* ds, T* dz) {
  const T *gi_ = g, *gf_ = g + U, *in_ = g + 2 * U, *go_ = g + 3 * U;
  lanes::for_each<T>(static_cast<std::size_t>(U), [=](std::size_t u, auto tag) {
    using V = typename decltype(tag)::type;
    const V gi = lanes::load<V>(gi_ + u), gf = lanes::load<V>(gf_ + u), in = lanes::load<V>(in_ + u),
            go = lanes::load<V>(go_ + u), th = lanes::load<V>(c + u), dhu = lanes::load<V>(dh + u);
    const V one(T(1));
    const V dst = dhu * go * (one - th * th) + lanes::load<V>(ds + u);
    lanes::store(dz + u, dst * in * Gate::template slope<V, T>(gi));
    lanes::store(dz + U + u, dst * lanes::load<V>(sp + u) * Gate::template slope<V, T>(gf));
    lanes::store(dz + 2 * U + u, dst * gi * (one - in * in));
    lanes::store(dz + 3 * U + u, dhu * th * Gate::template slope<V, T>(go));
    lanes::store(ds + u, dst * gf);
  });
}

// ---- products ----

// NV vectors of columns of z += h·R.
template <class T, int NV>
inline void gemv_acc_block(int K, const T* h, const T* R, int ldr, T* z) {
  using V = vec<T>;
  constexpr int L = static_cast<int>(V::size);
  V acc[NV];
  const V h0(h[0]);
  for (int v = 0; v < NV; ++v) acc[v] = h0 * load(R + v * L);
  for (int k = 1; k < K; ++k) {
    const V hk(h[k]);
    const T* r = R + static_cast<std::ptrdiff_t>(k) * ldr;
    for (int v = 0; v < NV; ++v) acc[v] = acc[v] + hk * load(r + v * L);
  }
  for (int v = 0; v < NV; ++v) (load(z + v * L) + acc[v]).store_unaligned(z + v * L);
}

inline float lane_sum(vec<float> v) {
  alignas(16) float t[4];
  v.store_aligned(t);
  return (t[0] + t[1]) + (t[2] + t[3]);
}
inline double lane_sum(vec<double> v) {
  alignas(16) double t[2];
  v.store_aligned(t);
  return t[0] + t[1];
}

// NR rows of y = R·d, gemv_rows' order.
template <class T, int NR>
inline void gemv_rows_block(int N, const T* R, int ldr, const T* d, T* y) {
  using V = vec<T>;
  constexpr int L = static_cast<int>(V::size);
  V a0[NR], a1[NR];
  for (int r = 0; r < NR; ++r) a0[r] = a1[r] = V(T(0));
  int j = 0;
  for (; j + 2 * L <= N; j += 2 * L) {
    const V d0 = load(d + j), d1 = load(d + j + L);
    for (int r = 0; r < NR; ++r) {
      const T* row = R + static_cast<std::ptrdiff_t>(r) * ldr + j;
      a0[r] = a0[r] + load(row) * d0;
      a1[r] = a1[r] + load(row + L) * d1;
    }
  }
  if (j + L <= N) {
    const V d0 = load(d + j);
    for (int r = 0; r < NR; ++r) a0[r] = a0[r] + load(R + static_cast<std::ptrdiff_t>(r) * ldr + j) * d0;
    j += L;
  }
  for (int r = 0; r < NR; ++r) {
    const T* row = R + static_cast<std::ptrdiff_t>(r) * ldr;
    T sum = lane_sum(a0[r] + a1[r]);
    for (int jj = j; jj < N; ++jj) sum = sum + row[jj] * d[jj];
    y[r] = sum;
  }
}

// One group of KK pairs of rank_update.
template <class T, int KK>
void rank_group(int M, int N, const T* const* a, const T* const* b, T* C, int ldc) {
  using V = vec<T>;
  constexpr int L = static_cast<int>(V::size);
  for (int i = 0; i < M; ++i) {
    T* c = C + static_cast<std::ptrdiff_t>(i) * ldc;
    T ak[KK];
    V av[KK];
    for (int k = 0; k < KK; ++k) av[k] = V(ak[k] = a[k][i]);
    int j = 0;
    for (; j + 2 * L <= N; j += 2 * L) {
      V s0 = av[0] * load(b[0] + j), s1 = av[0] * load(b[0] + j + L);
      for (int k = 1; k < KK; ++k) {
        s0 = s0 + av[k] * load(b[k] + j);
        s1 = s1 + av[k] * load(b[k] + j + L);
      }
      (load(c + j) + s0).store_unaligned(c + j);
      (load(c + j + L) + s1).store_unaligned(c + j + L);
    }
    for (; j + L <= N; j += L) {
      V s0 = av[0] * load(b[0] + j);
      for (int k = 1; k < KK; ++k) s0 = s0 + av[k] * load(b[k] + j);
      (load(c + j) + s0).store_unaligned(c + j);
    }
    for (; j < N; ++j) {
      T s = ak[0] * b[0][j];
      for (int k = 1; k < KK; ++k) s = s + ak[k] * b[k][j];
      c[j] = c[j] + s;
    }
  }
}

}  // namespace

template <class T>
void gemv_acc(int K, int N, const T* h, const T* R, int ldr, T* z) {
  constexpr int L = static_cast<int>(vec<T>::size);
  int j = 0;
  for (; j + 8 * L <= N; j += 8 * L) gemv_acc_block<T, 8>(K, h, R + j, ldr, z + j);
  for (; j + L <= N; j += L) gemv_acc_block<T, 1>(K, h, R + j, ldr, z + j);
  for (; j < N; ++j) {
    T s = h[0] * R[j];
    for (int k = 1; k < K; ++k) s = s + h[k] * R[static_cast<std::ptrdiff_t>(k) * ldr + j];
    z[j] = z[j] + s;
  }
}

template <class T>
void gemv_rows(int M, int N, const T* R, int ldr, const T* d, T* y) {
  int i = 0;
  for (; i + 4 <= M; i += 4) gemv_rows_block<T, 4>(N, R + static_cast<std::ptrdiff_t>(i) * ldr, ldr, d, y + i);
  for (; i < M; ++i) gemv_rows_block<T, 1>(N, R + static_cast<std::ptrdiff_t>(i) * ldr, ldr, d, y + i);
}

template <class T>
void rank_update(int M, int N, int K, const T* const* a, const T* const* b, T* C, int ldc) {
  for (int k = 0; k < K; k += 4) {
    switch (K - k < 4 ? K - k : 4) {
      case 1: rank_group<T, 1>(M, N, a + k, b + k, C, ldc); break;
      case 2: rank_group<T, 2>(M, N, a + k, b + k, C, ldc); break;
      case 3: rank_group<T, 3>(M, N, a + k, b + k, C, ldc); break;
      default: rank_group<T, 4>(M, N, a + k, b + k, C, ldc); break;
    }
  }
}

template <>
void lstm_gates_forward<float>(activation gate, int U, float* g, const float* bias, const float* s_prev, float* s,
                               float* c, float* h) {
  switch (gate) {
    case activation::sigmoid: return gates_forward_f32<sigmoid_gate>(U, g, bias, s_prev, s, c, h);
    case activation::hard_sigmoid: return gates_forward_f32<hard_sigmoid_gate>(U, g, bias, s_prev, s, c, h);
    default: return gates_forward_passes(gate, U, g, bias, s_prev, s, c, h);
  }
}

template <>
void lstm_gates_forward<double>(activation gate, int U, double* g, const double* bias, const double* s_prev,
                                double* s, double* c, double* h) {
  gates_forward_passes(gate, U, g, bias, s_prev, s, c, h);
}

template <class T>
void lstm_gates_backward(activation gate, int U, const T* g, const T* c, const T* s_prev, const T* dh, T* ds, T* dz) {
  switch (gate) {
    case activation::hard_sigmoid: return gates_backward<T, hard_sigmoid_gate>(U, g, c, s_prev, dh, ds, dz);
    case activation::tanh: return gates_backward<T, tanh_gate>(U, g, c, s_prev, dh, ds, dz);
    default: return gates_backward<T, sigmoid_gate>(U, g, c, s_prev, dh, ds, dz);
  }
}

#define SYNAPSE_LSTM_CELL(T)                                                                              \
  template void gemv_acc<T>(int, int, const T*, const T*, int, T*);                                      \
  template void gemv_rows<T>(int, int, const T*, int, const T*, T*);                                     \
  template void rank_update<T>(int, int, int, const T* const*, const T* const*, T*, int);                \
  template void lstm_gates_backward<T>(activation, int, const T*, const T*, const T*, const T*, T*, T*);
SYNAPSE_LSTM_CELL(float)
SYNAPSE_LSTM_CELL(double)
#undef SYNAPSE_LSTM_CELL

}  // namespace synapse
