#include "activations.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

#include <xsimd/xsimd.hpp>

#include "../math.h"
#include "../math_detail.h"
#include "lanes.h"

namespace synapse {
namespace {

struct activation_row {
  activation id;
  const char* name;
};
constexpr activation_row activation_table[] = {
    {activation::linear, "linear"},         {activation::sigmoid, "sigmoid"},
    {activation::tanh, "tanh"},             {activation::relu, "relu"},
    {activation::leaky_relu, "leaky_relu"}, {activation::softmax, "softmax"},
    {activation::hard_sigmoid, "hard_sigmoid"},
};

// Two doubles at a time, with exactly the operations of math::exp (so the
// same bits). The same 128-bit instructions natively (SSE4.1) and in WASM.
using vd = xsimd::batch<double, xsimd::sse4_1>;

double pow2(int k) {
  const std::uint64_t u = static_cast<std::uint64_t>(k + 1023) << 52;
  double d;
  std::memcpy(&d, &u, sizeof d);
  return d;
}

vd pair(double a, double b) {
  alignas(16) const double t[2] = {a, b};
  return vd::load_aligned(t);
}

vd exp_pair(double x0, double x1) {
  using namespace math::detail;
  // Inside (-707, 709) the result is a normal number: no special cases.
  if (!(x0 > -707.0 && x0 < 709.0 && x1 > -707.0 && x1 < 709.0))   // (NaN fails too)
    return pair(math::exp(x0), math::exp(x1));
  const vd x = pair(x0, x1);
  const vd md = x * vd(inv_ln2_64);
  alignas(16) double rounded[2];
  (md + xsimd::select(md < vd(0.0), vd(-0.5), vd(0.5))).store_aligned(rounded);
  const int m0 = static_cast<int>(rounded[0]), m1 = static_cast<int>(rounded[1]);
  const int j0 = m0 & 63, j1 = m1 & 63;
  const vd m = pair(static_cast<double>(m0), static_cast<double>(m1));
  const vd r = (x - m * vd(ln2_64_hi)) - m * vd(ln2_64_lo);
  const vd p = expm1_small(r);
  const vd hi = pair(exp_table[j0][0], exp_table[j1][0]);
  const vd lo = pair(exp_table[j0][1], exp_table[j1][1]);
  const vd e = hi + (lo + hi * p);
  return e * pair(pow2((m0 - j0) / 64), pow2((m1 - j1) / 64));
}

}  // namespace

void exp_in_place(double* x, std::size_t n) {
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) exp_pair(x[i], x[i + 1]).store_unaligned(x + i);
  for (; i < n; ++i) x[i] = math::exp(x[i]);
}

namespace {

void sigmoid_forward(double* z, std::size_t n) {
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    const vd e = exp_pair(-z[i], -z[i + 1]);
    (vd(1.0) / (vd(1.0) + e)).store_unaligned(z + i);
  }
  for (; i < n; ++i) z[i] = 1.0 / (1.0 + math::exp(-z[i]));
}

// math::exp(float x) is exp(double(x)) rounded to float; this is that, a
// block of doubles at a time through exp_in_place.
constexpr std::size_t block = 64;

void sigmoid_forward(float* z, std::size_t n) {
  double t[block];
  for (std::size_t i0 = 0; i0 < n; i0 += block) {
    const std::size_t k = n - i0 < block ? n - i0 : block;
    for (std::size_t j = 0; j < k; ++j) t[j] = static_cast<double>(-z[i0 + j]);
    exp_in_place(t, k);
    for (std::size_t j = 0; j < k; ++j) z[i0 + j] = 1.0f / (1.0f + static_cast<float>(t[j]));
  }
}

// r[i] = r[i] / s over a row, in lanes (one correctly rounded division each).
template <class T>
void divide_row(T* r, int N, T s) {
  lanes::for_each<T>(static_cast<std::size_t>(N), [=](std::size_t i, auto tag) {
    using V = typename decltype(tag)::type;
    lanes::store(r + i, lanes::load<V>(r + i) / V(s));
  });
}

// Per row: m = max, r[i] = exp(r[i] - m) summed in index order, then r[i] / s.
// The exponentials go through exp_in_place, the sum stays a scalar loop.
void softmax_rows(double* z, int B, int N) {
  for (int b = 0; b < B; ++b) {
    double* r = z + static_cast<std::size_t>(b) * N;
    double m = r[0];
    for (int i = 1; i < N; ++i) m = r[i] > m ? r[i] : m;
    for (int i = 0; i < N; ++i) r[i] = r[i] - m;
    exp_in_place(r, static_cast<std::size_t>(N));
    double s = 0;
    for (int i = 0; i < N; ++i) s += r[i];
    divide_row(r, N, s);
  }
}

void softmax_rows(float* z, int B, int N) {
  double t[block];
  for (int b = 0; b < B; ++b) {
    float* r = z + static_cast<std::size_t>(b) * N;
    float m = r[0];
    for (int i = 1; i < N; ++i) m = r[i] > m ? r[i] : m;
    float s = 0;
    for (int i0 = 0; i0 < N; i0 += static_cast<int>(block)) {
      const int k = N - i0 < static_cast<int>(block) ? N - i0 : static_cast<int>(block);
      for (int j = 0; j < k; ++j) t[j] = static_cast<double>(r[i0 + j] - m);   // float difference
      exp_in_place(t, static_cast<std::size_t>(k));
      for (int j = 0; j < k; ++j) {
        r[i0 + j] = static_cast<float>(t[j]);
        s += r[i0 + j];
      }
    }
    divide_row(r, N, s);
  }
}

}  // namespace

const char* activation_name(activation a) {
  for (const auto& row : activation_table)
    if (row.id == a) return row.name;
  return "?";
}

bool parse_activation(const std::string& name, activation& out) {
  for (const auto& row : activation_table)
    if (name == row.name) {
      out = row.id;
      return true;
    }
  return false;
}

const char* activation_choices() { return "linear|sigmoid|tanh|relu|leaky_relu|softmax|hard_sigmoid"; }

template <class T>
void activation_forward(activation a, T slope, T* z, int B, int N) {
  const std::size_t n = static_cast<std::size_t>(B) * N;
  switch (a) {
    case activation::linear:
      return;
    case activation::sigmoid:
      sigmoid_forward(z, n);
      return;
    case activation::tanh:
      for (std::size_t i = 0; i < n; ++i) z[i] = math::tanh(z[i]);
      return;
    case activation::relu:
      lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
        using V = typename decltype(tag)::type;
        const V zi = lanes::load<V>(z + i);
        lanes::store(z + i, lanes::pick(zi > V(0), zi, V(0)));
      });
      return;
    case activation::leaky_relu:
      lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
        using V = typename decltype(tag)::type;
        const V zi = lanes::load<V>(z + i);
        lanes::store(z + i, lanes::pick(zi > V(0), zi, V(slope) * zi));
      });
      return;
    case activation::softmax:
      softmax_rows(z, B, N);
      return;
    case activation::hard_sigmoid:   // clip(0.2 z + 0.5, 0, 1), NaN kept (picks, not max/min)
      lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
        using V = typename decltype(tag)::type;
        const V t = V(T(0.2)) * lanes::load<V>(z + i) + V(T(0.5));
        const V lo = lanes::pick(t < V(0), V(0), t);
        lanes::store(z + i, lanes::pick(lo > V(1), V(1), lo));
      });
      return;
  }
}

template <class T>
void activation_backward(activation a, T slope, const T* y, const T* dy, T* dz, int B, int N) {
  const std::size_t n = static_cast<std::size_t>(B) * N;
  switch (a) {
    case activation::linear:
      if (dz != dy) std::memmove(dz, dy, n * sizeof(T));
      return;
    // Each lane block loads y and dy before storing dz, so dz may alias dy.
    case activation::sigmoid:
      lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
        using V = typename decltype(tag)::type;
        const V yi = lanes::load<V>(y + i);
        lanes::store(dz + i, lanes::load<V>(dy + i) * (yi * (V(1) - yi)));
      });
      return;
    case activation::tanh:
      lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
        using V = typename decltype(tag)::type;
        const V yi = lanes::load<V>(y + i);
        lanes::store(dz + i, lanes::load<V>(dy + i) * (V(1) - yi * yi));
      });
      return;
    case activation::relu:
      lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
        using V = typename decltype(tag)::type;
        lanes::store(dz + i, lanes::pick(lanes::load<V>(y + i) > V(0), lanes::load<V>(dy + i), V(0)));
      });
      return;
    case activation::leaky_relu:
      lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
        using V = typename decltype(tag)::type;
        const V dyi = lanes::load<V>(dy + i);
        lanes::store(dz + i, lanes::pick(lanes::load<V>(y + i) > V(0), dyi, V(slope) * dyi));
      });
      return;
    case activation::softmax:
      // The dot product stays a scalar sum in index order; the rest in lanes.
      for (int b = 0; b < B; ++b) {
        const std::size_t o = static_cast<std::size_t>(b) * N;
        T dot = 0;
        for (int i = 0; i < N; ++i) dot += dy[o + i] * y[o + i];
        const T* yr = y + o;
        const T* dyr = dy + o;
        T* dzr = dz + o;
        lanes::for_each<T>(static_cast<std::size_t>(N), [=](std::size_t i, auto tag) {
          using V = typename decltype(tag)::type;
          lanes::store(dzr + i, lanes::load<V>(yr + i) * (lanes::load<V>(dyr + i) - V(dot)));
        });
      }
      return;
    case activation::hard_sigmoid:   // 0.2 inside (0, 1), 0 where clipped
      lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
        using V = typename decltype(tag)::type;
        const V yi = lanes::load<V>(y + i);
        const V slope = lanes::pick(yi > V(0), lanes::pick(yi < V(1), V(T(0.2)), V(0)), V(0));
        lanes::store(dz + i, lanes::load<V>(dy + i) * slope);
      });
      return;
  }
}

template void activation_forward<float>(activation, float, float*, int, int);
template void activation_forward<double>(activation, double, double*, int, int);
template void activation_backward<float>(activation, float, const float*, const float*, float*,
                                         int, int);
template void activation_backward<double>(activation, double, const double*, const double*,
                                          double*, int, int);

}  // namespace synapse
