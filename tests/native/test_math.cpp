// The engine's own exp/log/tanh: within an ulp or two of the C library's
// (which is close to correctly rounded), and exact where the answer is.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "engine/math.h"
#include "engine/rng.h"

namespace m = synapse::math;

namespace {
// Distance in units in the last place between two finite doubles of one sign.
std::int64_t ulps(double a, double b) {
  std::int64_t ia, ib;
  std::memcpy(&ia, &a, 8);
  std::memcpy(&ib, &b, 8);
  return ia > ib ? ia - ib : ib - ia;
}
}  // namespace

TEST_CASE("exp is within one ulp of libm over the range sigmoid sees", "[math]") {
  synapse::rng g(7);
  std::int64_t worst = 0;
  int exact = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = g.uniform(-700, 700) * (i % 2 ? 1.0 : 1e-3);
    const std::int64_t d = ulps(m::exp(x), std::exp(x));
    worst = std::max(worst, d);
    exact += d == 0;
  }
  CHECK(worst <= 1);
  CHECK(exact > n * 0.98);   // measured 98.5 %: nearly always the same bits as glibc
}

TEST_CASE("exp edge cases", "[math]") {
  CHECK(m::exp(0.0) == 1.0);
  CHECK(m::exp(1.0) == Approx(2.718281828459045).epsilon(1e-16));
  CHECK(m::exp(710.0) == std::numeric_limits<double>::infinity());
  CHECK(m::exp(-746.0) == 0.0);
  CHECK(m::exp(-std::numeric_limits<double>::infinity()) == 0.0);
  CHECK(std::isnan(m::exp(std::nan(""))));
  CHECK(ulps(m::exp(709.7), std::exp(709.7)) <= 1);
  CHECK(m::exp(-740.0) > 0.0);   // subnormal, not flushed
  CHECK(m::exp(-740.0) == Approx(std::exp(-740.0)).epsilon(1e-10));
  CHECK(m::exp(1.0f) == 2.7182817f);   // float: round the double once
}

TEST_CASE("log, expm1 and tanh are within a few ulps of libm", "[math]") {
  synapse::rng g(11);
  std::int64_t worst_log = 0, worst_tanh = 0, worst_expm1 = 0;
  for (int i = 0; i < 100000; ++i) {
    const double x = std::ldexp(g.uniform(0.5, 1.0), static_cast<int>(g.interval(200)) - 100);
    worst_log = std::max(worst_log, ulps(m::log(x), std::log(x)));
    const double t = g.uniform(-20, 20) * (i % 3 == 0 ? 1e-4 : 1.0);
    worst_tanh = std::max(worst_tanh, ulps(m::tanh(t), std::tanh(t)));
    const double e = g.uniform(-1, 1) * (i % 2 ? 1e-6 : 1.0);
    worst_expm1 = std::max(worst_expm1, ulps(m::expm1(e), std::expm1(e)));
  }
  CHECK(worst_log <= 2);
  CHECK(worst_tanh <= 3);   // expm1, an add and a divide
  CHECK(worst_expm1 <= 2);
  CHECK(m::log(1.0) == 0.0);
  CHECK(m::log(0.0) == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(m::log(-1.0)));
  CHECK(m::log(4.9406564584124654e-324) == Approx(-744.4400719213812).epsilon(1e-15));
  CHECK(m::tanh(30.0) == 1.0);
  CHECK(m::tanh(-30.0) == -1.0);
  CHECK(m::tanh(0.0) == 0.0);
}

#include "engine/kernels/activations.h"

TEST_CASE("the vectorised sigmoid gives the scalar formula's bits", "[math]") {
  synapse::rng g(5);
  std::vector<double> z(10001);
  for (std::size_t i = 0; i < z.size(); ++i)
    z[i] = i % 97 == 0 ? (i % 2 ? 800.0 : -800.0) : g.uniform(-40, 40) * (i % 3 ? 1.0 : 20.0);
  z[5] = std::nan("");
  std::vector<double> y = z;
  synapse::activation_forward(synapse::activation::sigmoid, 0.0, y.data(), 1, static_cast<int>(y.size()));
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double expect = 1.0 / (1.0 + m::exp(-z[i]));
    INFO("z = " << z[i]);
    if (std::isnan(expect)) CHECK(std::isnan(y[i]));
    else CHECK(y[i] == expect);
  }
}

#include "engine/losses/loss.h"

// Activations and loss gradients run in 128-bit lanes with a scalar tail, the
// exponentials of softmax, float sigmoid and the cross-entropies a block of 64 at a
// time through exp_in_place (engine/kernels/lanes.h). Each is checked against its scalar
// formula, bit for bit, over sizes that leave every tail length and cross the blocks,
// with edge values (zeros of both signs, NaN, infinities, exponent extremes).
namespace {

template <class T>
bool same_bits(T x, T y) {
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
  return std::memcmp(&x, &y, sizeof(T)) == 0;
}

template <class T>
std::vector<T> edgy(std::size_t n, std::uint64_t seed, double scale = 6) {
  synapse::rng g(seed);
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    switch ((i * 5 + seed) % 29) {
      case 0: v[i] = T(0); break;
      case 1: v[i] = -T(0); break;
      case 2: v[i] = std::numeric_limits<T>::quiet_NaN(); break;
      case 3: v[i] = std::numeric_limits<T>::infinity(); break;
      case 4: v[i] = -std::numeric_limits<T>::infinity(); break;
      case 5: v[i] = std::numeric_limits<T>::denorm_min(); break;
      case 6: v[i] = T(800); break;    // exp overflows / exp_pair's scalar fallback
      case 7: v[i] = T(-800); break;
      default: v[i] = static_cast<T>(g.uniform(-scale, scale));
    }
  }
  return v;
}

// The sizes: every tail of a 4- and a 2-lane loop, and across the 64-wide exp blocks.
constexpr int widths[] = {1, 2, 3, 4, 5, 7, 8, 9, 10, 63, 64, 65, 130};

template <class T>
void check_activations() {
  using synapse::activation;
  const T slope = static_cast<T>(0.1);
  for (int N : widths) {
    for (int B : {1, 3}) {
      INFO("B " << B << ", N " << N);
      const std::size_t n = static_cast<std::size_t>(B) * N;
      const std::vector<T> z = edgy<T>(n, 11 + N);
      const std::vector<T> dy = edgy<T>(n, 17 + N, 2);
      // Forward, in place.
      for (activation a : {activation::relu, activation::leaky_relu, activation::sigmoid, activation::softmax}) {
        INFO(synapse::activation_name(a));
        std::vector<T> y = z;
        synapse::activation_forward(a, slope, y.data(), B, N);
        std::vector<T> want = z;
        for (int b = 0; b < B; ++b) {
          T* r = want.data() + static_cast<std::size_t>(b) * N;
          if (a == activation::softmax) {   // the scalar softmax: max, exp and sum in order, divide
            T mx = r[0];
            for (int i = 1; i < N; ++i) mx = r[i] > mx ? r[i] : mx;
            T s = 0;
            for (int i = 0; i < N; ++i) {
              r[i] = m::exp(r[i] - mx);
              s += r[i];
            }
            for (int i = 0; i < N; ++i) r[i] = r[i] / s;
            continue;
          }
          for (int i = 0; i < N; ++i) {
            if (a == activation::relu) r[i] = r[i] > T(0) ? r[i] : T(0);
            if (a == activation::leaky_relu) r[i] = r[i] > T(0) ? r[i] : slope * r[i];
            if (a == activation::sigmoid) r[i] = T(1) / (T(1) + m::exp(-r[i]));
          }
        }
        int differ = 0;
        for (std::size_t i = 0; i < n; ++i) differ += !same_bits(y[i], want[i]);
        CHECK(differ == 0);
      }
      // Backward, into a separate dz and in place (dz aliasing dy). y: outputs in [0, 1)
      // for the formulas, with the edge values kept.
      std::vector<T> y = z;
      for (std::size_t i = 0; i < n; ++i)
        if (std::isfinite(y[i]) && std::abs(y[i]) < T(100)) y[i] = y[i] / T(7) + T(0.25);
      for (activation a : {activation::linear, activation::sigmoid, activation::tanh, activation::relu,
                           activation::leaky_relu, activation::softmax, activation::hard_sigmoid}) {
        INFO(synapse::activation_name(a) << " backward");
        std::vector<T> want(n);
        for (int b = 0; b < B; ++b) {
          const std::size_t o = static_cast<std::size_t>(b) * N;
          T dot = 0;
          for (int i = 0; i < N; ++i) dot += dy[o + i] * y[o + i];
          for (int i = 0; i < N; ++i) {
            const std::size_t k = o + i;
            switch (a) {
              case activation::linear: want[k] = dy[k]; break;
              case activation::sigmoid: want[k] = dy[k] * (y[k] * (T(1) - y[k])); break;
              case activation::tanh: want[k] = dy[k] * (T(1) - y[k] * y[k]); break;
              case activation::relu: want[k] = y[k] > T(0) ? dy[k] : T(0); break;
              case activation::leaky_relu: want[k] = y[k] > T(0) ? dy[k] : slope * dy[k]; break;
              case activation::softmax: want[k] = y[k] * (dy[k] - dot); break;
              case activation::hard_sigmoid: want[k] = dy[k] * (y[k] > T(0) && y[k] < T(1) ? T(0.2) : T(0)); break;
            }
          }
        }
        std::vector<T> dz(n, T(-1));
        synapse::activation_backward(a, slope, y.data(), dy.data(), dz.data(), B, N);
        std::vector<T> inplace = dy;
        synapse::activation_backward(a, slope, y.data(), inplace.data(), inplace.data(), B, N);
        int differ = 0;
        for (std::size_t i = 0; i < n; ++i) differ += !same_bits(dz[i], want[i]) + !same_bits(inplace[i], want[i]);
        CHECK(differ == 0);
      }
    }
  }
}

template <class T>
void check_losses() {
  using synapse::loss_kind;
  for (int N : widths) {
    for (int B : {1, 3}) {
      INFO("B " << B << ", N " << N);
      const std::size_t n = static_cast<std::size_t>(B) * N;
      const std::vector<T> yhat = edgy<T>(n, 23 + N, 3), t = edgy<T>(n, 29 + N, 1);
      const synapse::cmat<T> yh(yhat.data(), B, N), ty(t.data(), B, N);
      for (loss_kind k : {loss_kind::mse, loss_kind::summed_error, loss_kind::quadratic,
                          loss_kind::categorical_crossentropy, loss_kind::binary_crossentropy,
                          loss_kind::cross_entropy}) {
        INFO(synapse::loss_name(k));
        std::vector<T> d(n);
        synapse::loss_gradient(k, yh, ty, synapse::mat<T>(d.data(), B, N));
        const double Bd = B, Nd = N;
        const T c = static_cast<T>(k == loss_kind::mse ? 2.0 / (Bd * Nd)
                                   : (k == loss_kind::binary_crossentropy ? 1.0 / (Bd * Nd) : 1.0 / Bd));
        int differ = 0;
        for (std::size_t i = 0; i < n; ++i) {
          const T want = k == loss_kind::summed_error ? yhat[i] - t[i] : c * (yhat[i] - t[i]);
          differ += !same_bits(d[i], want);
        }
        CHECK(differ == 0);
      }
      // The fused losses' sums, from logits: the exponentials in blocks, the sums in order.
      // Finite logits (large ones included) and targets in [0, 1], some 0: a NaN or an
      // infinity would make both sums NaN and hide any difference.
      std::vector<T> z = edgy<T>(n, 31 + N, 2), tf = edgy<T>(n, 37 + N, 1);
      for (T& v : z)
        if (!std::isfinite(v)) v = T(-3);
      for (T& v : tf) v = std::isfinite(v) && std::abs(v) <= T(1) ? std::abs(v) : T(0);
      const synapse::cmat<T> zz(z.data(), B, N), tt(tf.data(), B, N);
      double want = 0;
      for (int b = 0; b < B; ++b) {
        const T* r = zz.row(b);
        const T* tr = tt.row(b);
        double mx = r[0];
        for (int i = 1; i < N; ++i) mx = r[i] > mx ? r[i] : mx;
        double e = 0;
        for (int i = 0; i < N; ++i) e += m::exp(static_cast<double>(r[i]) - mx);
        const double lse = mx + m::log(e);
        for (int i = 0; i < N; ++i)
          if (tr[i] != T(0)) want += static_cast<double>(tr[i]) * (lse - static_cast<double>(r[i]));
      }
      CHECK(std::isfinite(want));
      CHECK(same_bits(synapse::loss_sum(loss_kind::categorical_crossentropy, yh, zz, tt), want));
      want = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const double zi = z[i], ti = tf[i];
        const double a = zi < 0 ? -zi : zi;
        want += (zi > 0 ? zi : 0.0) - zi * ti + m::log(1.0 + m::exp(-a));
      }
      CHECK(std::isfinite(want));
      CHECK(same_bits(synapse::loss_sum(loss_kind::binary_crossentropy, yh, zz, tt), want));
    }
  }
}

}  // namespace

TEMPLATE_TEST_CASE("activations in lanes give the scalar formulas' bits", "[math]", float, double) {
  check_activations<TestType>();
}

TEMPLATE_TEST_CASE("loss gradients and fused loss sums give the scalar formulas' bits", "[math]", float,
                   double) {
  check_losses<TestType>();
}

TEST_CASE("exp_in_place is math::exp, element by element", "[math]") {
  for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(2), std::size_t(3), std::size_t(101)}) {
    std::vector<double> x = edgy<double>(n, 41, 700);
    x.push_back(-706.9), x.push_back(708.9), x.push_back(-707.1), x.push_back(709.1);   // fallback edges
    const std::vector<double> x0 = x;
    synapse::exp_in_place(x.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      INFO("x = " << x0[i]);
      CHECK(same_bits(x[i], m::exp(x0[i])));
    }
  }
}
