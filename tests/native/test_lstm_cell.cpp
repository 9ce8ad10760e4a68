// kernels/lstm_cell.h against plain loops: the forward product gives gemm_ref's
// bits, the row dot products and the rank update stay within a summation
// bound of a double-precision reference (their lane order is their own), the
// float gates are within a few ulp of the exact functions and do not depend on
// where a unit falls (vector lanes or the scalar tail), and the backward pass
// gives the bits of lstm.h's scalar loop. Sizes around the lane counts (4
// floats, 2 doubles) and the blocks (8 vectors of columns, 4 rows, groups of 4
// steps).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "engine/kernels/gemm.h"
#include "engine/kernels/lstm_cell.h"
#include "engine/rng.h"

using namespace synapse;

namespace {

template <class T>
std::vector<T> uniform(rng& g, std::size_t n, double scale = 1) {
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(g.uniform(-scale, scale));
  return v;
}

template <class T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

template <class T>
void check_gemv_acc(int K, int N) {
  rng g(static_cast<std::uint32_t>(K * 1000 + N));
  const auto h = uniform<T>(g, K), R = uniform<T>(g, static_cast<std::size_t>(K) * (N + 3));
  auto z1 = uniform<T>(g, N);
  auto z2 = z1;
  gemm_ref(false, false, 1, N, K, h.data(), K, R.data(), N + 3, z1.data(), N, true);
  gemv_acc(K, N, h.data(), R.data(), N + 3, z2.data());
  INFO(K << " x " << N);
  CHECK(z1 == z2);
}

// |computed - exact| <= n eps sum |terms| (+ the final rounding): a bound for any order of n sums.
template <class T>
void check_sum(T got, double exact, double abs_terms, int n) {
  const double eps = std::numeric_limits<T>::epsilon();
  CHECK(std::abs(got - exact) <= (n + 1) * eps * abs_terms + eps * std::abs(exact));
}

template <class T>
void check_gemv_rows(int M, int N) {
  rng g(static_cast<std::uint32_t>(M * 1000 + N + 7));
  const int ldr = N + 2;
  const auto R = uniform<T>(g, static_cast<std::size_t>(M) * ldr), d = uniform<T>(g, N);
  std::vector<T> y(M, T(-1));
  gemv_rows(M, N, R.data(), ldr, d.data(), y.data());
  INFO(M << " x " << N);
  for (int i = 0; i < M; ++i) {
    double exact = 0, terms = 0;
    for (int j = 0; j < N; ++j) {
      exact += static_cast<double>(R[i * ldr + j]) * d[j];
      terms += std::abs(static_cast<double>(R[i * ldr + j]) * d[j]);
    }
    check_sum(y[i], exact, terms, N);
  }
  // A row's result does not depend on the rows around it (blocks of 4, then single rows).
  std::vector<T> one(1);
  gemv_rows(1, N, R.data() + static_cast<std::size_t>(M - 1) * ldr, ldr, d.data(), one.data());
  CHECK(same_bits(one[0], y[M - 1]));
}

template <class T>
void check_rank_update(int M, int N, int K) {
  rng g(static_cast<std::uint32_t>(M * 10000 + N * 10 + K));
  const int ldc = N + 1;
  const auto A = uniform<T>(g, static_cast<std::size_t>(K) * M), B = uniform<T>(g, static_cast<std::size_t>(K) * N);
  const auto C0 = uniform<T>(g, static_cast<std::size_t>(M) * ldc);
  std::vector<const T*> a(K), b(K);
  for (int k = 0; k < K; ++k) a[k] = A.data() + k * M, b[k] = B.data() + k * N;
  auto C = C0;
  rank_update(M, N, K, a.data(), b.data(), C.data(), ldc);
  INFO(M << " x " << N << ", K = " << K);
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      if (K <= 4) {   // one group: C + (a_0 b_0 + a_1 b_1 + ...), left to right
        T s = a[0][i] * b[0][j];
        for (int k = 1; k < K; ++k) s = s + a[k][i] * b[k][j];
        CHECK(same_bits(C[i * ldc + j], T(C0[i * ldc + j] + s)));
        continue;
      }
      double exact = C0[i * ldc + j], terms = std::abs(exact);
      for (int k = 0; k < K; ++k) {
        exact += static_cast<double>(a[k][i]) * b[k][j];
        terms += std::abs(static_cast<double>(a[k][i]) * b[k][j]);
      }
      check_sum(C[i * ldc + j], exact, terms, K + 1);
    }
  for (int i = 0; i < M; ++i)   // the padding column is untouched
    CHECK(same_bits(C[i * ldc + N], C0[i * ldc + N]));
}

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

// The float gates of one row from pre-activations z (4U), bias and s_prev.
struct gates_out {
  std::vector<float> g, s, c, h;
};
gates_out run_gates(activation gate, int U, const std::vector<float>& z, const std::vector<float>& bias,
                    const std::vector<float>& sp) {
  gates_out o{z, std::vector<float>(U), std::vector<float>(U), std::vector<float>(U)};
  lstm_gates_forward(gate, U, o.g.data(), bias.data(), sp.data(), o.s.data(), o.c.data(), o.h.data());
  return o;
}

}  // namespace

TEST_CASE("gemv_acc gives gemm_ref's bits (z += h.R)", "[lstm_cell]") {
  for (int K : {1, 2, 7, 128})
    for (int N : {1, 3, 4, 5, 8, 31, 32, 33, 67, 512}) {
      check_gemv_acc<float>(K, N);
      check_gemv_acc<double>(K, N);
    }
}

TEST_CASE("gemv_rows sums each row of R.d within the summation bound", "[lstm_cell]") {
  for (int M : {1, 3, 4, 5, 9})
    for (int N : {1, 3, 4, 5, 7, 8, 9, 31, 512}) {
      check_gemv_rows<float>(M, N);
      check_gemv_rows<double>(M, N);
    }
}

TEST_CASE("rank_update adds the K outer products, in groups of 4", "[lstm_cell]") {
  for (int M : {1, 3, 5})
    for (int N : {1, 3, 4, 5, 8, 9, 33})
      for (int K : {1, 2, 3, 4, 5, 9}) {
        check_rank_update<float>(M, N, K);
        check_rank_update<double>(M, N, K);
      }
}

TEST_CASE("float lstm gates: sigmoid and tanh within a few ulp, the same in lanes and in the tail", "[lstm_cell]") {
  const int U = 37;   // 9 lane blocks and a tail of 1
  rng g(5);
  std::vector<float> z = uniform<float>(g, 4 * U, 6), bias(4 * U, 0.0f), sp = uniform<float>(g, U, 3);
  // Some extremes: beyond the clamps, zero, tiny, the tanh branch point.
  const float special[] = {-1e4f, 1e4f, -100.0f, 100.0f, -88.5f, 88.5f, 0.0f, -0.0f, 1e-30f, 0.625f, -0.625f, 0.6249f};
  for (std::size_t i = 0; i < sizeof special / sizeof special[0]; ++i) z[i * 3] = z[2 * U + i * 3] = special[i];
  const gates_out o = run_gates(activation::sigmoid, U, z, bias, sp);
  const double ulp = std::numeric_limits<float>::epsilon();
  const auto near = [&](float got, double exact, double ulps) {
    INFO("got " << got << ", exact " << exact);
    CHECK(std::abs(got - exact) <= ulps * ulp * std::abs(exact) + 1e-37);
  };
  for (int u = 0; u < U; ++u) {
    near(o.g[u], sigmoid(z[u]), 4);
    near(o.g[U + u], sigmoid(z[U + u]), 4);
    near(o.g[2 * U + u], std::tanh(static_cast<double>(z[2 * U + u])), 4);
    near(o.g[3 * U + u], sigmoid(z[3 * U + u]), 4);
    CHECK(same_bits(o.s[u], o.g[U + u] * sp[u] + o.g[2 * U + u] * o.g[u]));
    near(o.c[u], std::tanh(static_cast<double>(o.s[u])), 4);
    CHECK(same_bits(o.h[u], o.c[u] * o.g[3 * U + u]));
  }
  CHECK(o.g[0] >= 0.0f);
  CHECK(o.g[3] == 1.0f);
  // Unit u alone (the scalar tail) gives the bits it had in its lane.
  for (int u : {0, 1, 2, 3, 4, 17, 36}) {
    const std::vector<float> zu = {z[u], z[U + u], z[2 * U + u], z[3 * U + u]};
    const gates_out one = run_gates(activation::sigmoid, 1, zu, {0, 0, 0, 0}, {sp[u]});
    for (int k = 0; k < 4; ++k) CHECK(same_bits(one.g[k], o.g[k * U + u]));
    CHECK(same_bits(one.c[0], o.c[u]));
    CHECK(same_bits(one.h[0], o.h[u]));
  }
  // NaN stays NaN (the divergence guard sees it).
  std::vector<float> bad(4, std::numeric_limits<float>::quiet_NaN());
  const gates_out n = run_gates(activation::sigmoid, 1, bad, {0, 0, 0, 0}, {0});
  for (float v : n.g) CHECK(std::isnan(v));
  CHECK(std::isnan(n.h[0]));
}

TEST_CASE("float lstm gates with hard_sigmoid: Keras' clip(0.2 z + 0.5, 0, 1)", "[lstm_cell]") {
  const int U = 6;
  std::vector<float> z(4 * U), bias(4 * U, 0.5f), sp(U, 0.25f);
  for (int j = 0; j < 4 * U; ++j) z[j] = -4.0f + 0.4f * static_cast<float>(j);
  const gates_out o = run_gates(activation::hard_sigmoid, U, z, bias, sp);
  for (int j : {0, 1, 2, 3 * U, 3 * U + 1, 4 * U - 1}) {
    const float t = 0.2f * (z[j] + 0.5f) + 0.5f;
    CHECK(same_bits(o.g[j], t < 0 ? 0.0f : t > 1 ? 1.0f : t));
  }
}

TEST_CASE("lstm_gates_backward gives the scalar formulas' bits", "[lstm_cell]") {
  for (activation gate : {activation::sigmoid, activation::hard_sigmoid})
    for (int U : {1, 3, 4, 5, 9}) {
      rng g(static_cast<std::uint32_t>(U));
      // gates in (0, 1) (some exactly 0 and 1 for hard_sigmoid's flat parts), tanh values in (-1, 1)
      std::vector<double> gd(4 * U), c(U), sp(U), dh(U), ds(U), dz(4 * U);
      for (auto& v : gd) v = g.uniform();
      if (gate == activation::hard_sigmoid) gd[0] = 0, gd[U] = 1;
      for (auto* v : {&c, &sp, &dh, &ds})
        for (auto& x : *v) x = g.uniform(-1, 1);
      const auto run = [&](auto one) {
        using T = decltype(one);
        std::vector<T> G(gd.begin(), gd.end()), C(c.begin(), c.end()), SP(sp.begin(), sp.end()),
            DH(dh.begin(), dh.end()), DS(ds.begin(), ds.end()), DZ(4 * U), DS2 = DS, DZ2(4 * U);
        lstm_gates_backward(gate, U, G.data(), C.data(), SP.data(), DH.data(), DS.data(), DZ.data());
        const auto slope = [&](T y) {
          return gate == activation::hard_sigmoid ? (y > T(0) && y < T(1) ? T(0.2) : T(0)) : y * (T(1) - y);
        };
        for (int u = 0; u < U; ++u) {   // lstm.h's loop as it was written
          const T gi = G[u], gf = G[U + u], in = G[2 * U + u], go = G[3 * U + u], th = C[u];
          const T dst = DH[u] * go * (T(1) - th * th) + DS2[u];
          DZ2[u] = dst * in * slope(gi);
          DZ2[U + u] = dst * SP[u] * slope(gf);
          DZ2[2 * U + u] = dst * gi * (T(1) - in * in);
          DZ2[3 * U + u] = DH[u] * th * slope(go);
          DS2[u] = dst * gf;
        }
        INFO(activation_name(gate) << ", U = " << U << ", " << sizeof(T) * 8 << " bits");
        CHECK(DZ == DZ2);
        CHECK(DS == DS2);
      };
      run(0.0f);
      run(0.0);
    }
}
