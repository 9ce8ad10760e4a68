// The relaxed-SIMD build's gemm (unit_tests_relaxed: built only under emcmake,
// with -mrelaxed-simd, patched by scripts/patch-relaxed-simd.mjs, run by
// Node --experimental-wasm-relaxed-simd). Here the packed kernel's madd() is
// WebAssembly's relaxed multiply-add, which the engine may fuse (one
// rounding, on CPUs with FMA) or not (mul, round, add, round). So, unlike
// test_gemm.cpp, results are compared with gemm_ref within a rounding-error
// bound, not bit for bit; what must hold exactly is that a call is
// reproducible and that the kernel really uses the instruction.
//
// The bound. Each output sums K products in index order (then, with acc, is
// added to the old C). Summing n terms with one rounding per product and per
// addition, or one per multiply-add, stays within γ_n·Σ|terms| of the exact
// sum (Higham, "Accuracy and Stability of Numerical Algorithms", §3.1),
// γ_n = n·u/(1-n·u), u = ε/2. gemm_ref and the relaxed kernel are each
// within that of the same exact value, so they differ by at most
// 2·γ_{K+1}·(Σ_k|a_ik·b_kj| + |c_ij|) ≤ (K+2)·ε·(Σ_k|a_ik·b_kj| + |c_ij|)
// for K·u < 1/K (true here: K ≤ 784). It is a worst case; the observed
// differences are a few ε·Σ|a·b| (reported on failure).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "engine/kernels/gemm.h"
#include "engine/kernels/gemm_packed.h"
#include "engine/rng.h"

#if !defined(__wasm_relaxed_simd__)
#error "test_gemm_relaxed.cpp tests the relaxed-SIMD build: compile it with -mrelaxed-simd"
#endif

using namespace synapse;

namespace {

typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));

// (1 + e)(1 - e) - 1 with e = 2^-23 (float) or 2^-52 (double): exactly -e²
// when fused; mul+add rounds the product 1 - e² to 1 first and gives 0.
template <class T>
constexpr T tiny = sizeof(T) == 4 ? T(0x1p-23) : T(0x1p-52);

// What the relaxed multiply-add does on this machine, asked of the instruction
// itself (volatile inputs: no constant folding). The proposal lets the engine
// choose; V8 fuses where the CPU has FMA and otherwise multiplies and adds.
template <class T>
bool madd_is_fused() {
  volatile T a = T(1) + tiny<T>, b = T(1) - tiny<T>, c = T(-1);
  T r;
  if constexpr (sizeof(T) == 4) {
    const f32x4 v = __builtin_wasm_fma_f32x4(f32x4{a, a, a, a}, f32x4{b, b, b, b}, f32x4{c, c, c, c});
    r = v[0];
  } else {
    const f64x2 v = __builtin_wasm_fma_f64x2(f64x2{a, a}, f64x2{b, b}, f64x2{c, c});
    r = v[0];
  }
  INFO("relaxed madd of (1+e)(1-e) - 1 gave " << r);
  REQUIRE((r == -tiny<T> * tiny<T> || r == T(0)));   // nothing else is a multiply-add
  return r != T(0);
}

template <class T>
std::vector<T> random_matrix(rng& g, std::size_t n) {
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(g.uniform(-1, 1));
  return v;
}

struct closeness {
  double worst = 0;    // largest |relaxed - ref| / (ε · Σ|terms|)
  int differing = 0;   // outputs whose bits differ from gemm_ref's
};

// op(A)·op(B) (+ C) by the relaxed kernel (`packed`: gemm_packed itself, else
// the gemm dispatcher) against gemm_ref, within the bound above.
template <class T>
closeness compare_within_bound(int M, int N, int K, bool ta, bool tb, bool acc, bool packed) {
  rng g(static_cast<std::uint32_t>(M * 7919 + N * 131 + K * 17 + ta * 3 + tb * 5 + acc * 7));
  const int lda = ta ? M : K, ldb = tb ? K : N;
  const std::vector<T> A = random_matrix<T>(g, static_cast<std::size_t>(M) * K),
                       B = random_matrix<T>(g, static_cast<std::size_t>(K) * N),
                       C0 = random_matrix<T>(g, static_cast<std::size_t>(M) * N);
  std::vector<T> ref = C0, got = C0;
  gemm_ref(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, ref.data(), N, acc);
  if (packed)
    gemm_packed(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, got.data(), N, acc);
  else
    gemm(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, got.data(), N, acc);
  const double eps = std::numeric_limits<T>::epsilon();
  closeness c;
  int bad = 0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double terms = acc ? std::fabs(static_cast<double>(C0[i * N + j])) : 0.0;
      for (int k = 0; k < K; ++k) {
        const double a = ta ? A[k * lda + i] : A[i * lda + k];
        const double b = tb ? B[j * ldb + k] : B[k * ldb + j];
        terms += std::fabs(a * b);
      }
      const double diff = std::fabs(static_cast<double>(got[i * N + j]) - static_cast<double>(ref[i * N + j]));
      if (!(diff <= (K + 2) * eps * terms)) ++bad;   // also catches NaN
      if (terms > 0) c.worst = std::max(c.worst, diff / (eps * terms));
      if (std::memcmp(&got[i * N + j], &ref[i * N + j], sizeof(T)) != 0) ++c.differing;
    }
  INFO(M << "x" << N << "x" << K << " ta " << ta << " tb " << tb << " acc " << acc
          << (packed ? " gemm_packed" : " gemm") << (sizeof(T) == 4 ? " float" : " double")
          << ": worst |relaxed - ref| = " << c.worst << " eps·Σ|a·b|, bound " << K + 2);
  CHECK(bad == 0);
  return c;
}

template <class T>
void compare_all_cases(int M, int N, int K, bool packed) {
  for (bool ta : {false, true})
    for (bool tb : {false, true})
      for (bool acc : {false, true}) compare_within_bound<T>(M, N, K, ta, tb, acc, packed);
}

}  // namespace

TEST_CASE("relaxed gemm_packed is within the rounding bound of gemm_ref around the block edges", "[gemm][relaxed]") {
  // 4-row blocks; 8 float / 4 double columns; k blocks of at most 256, of equal length.
  for (int M : {1, 3, 4, 5, 7, 8, 9, 13, 33})
    for (int N : {1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33})
      for (int K : {1, 8, 9, 255, 256, 257, 300, 517}) {
        compare_all_cases<float>(M, N, K, true);
        compare_all_cases<double>(M, N, K, true);
      }
}

TEST_CASE("relaxed gemm is within the rounding bound of gemm_ref at MNIST sizes and through the dispatcher", "[gemm][relaxed]") {
  // The dense layer's products for a 784-200 layer, batch 128: x·W, xᵀ·dy, dy·Wᵀ.
  for (bool acc : {false, true}) {
    compare_within_bound<float>(128, 200, 784, false, false, acc, false);
    compare_within_bound<float>(784, 200, 128, true, false, acc, false);
    compare_within_bound<float>(128, 784, 200, false, true, acc, false);
    compare_within_bound<double>(128, 200, 784, false, false, acc, false);
    compare_within_bound<double>(784, 200, 128, true, false, acc, false);
    compare_within_bound<double>(128, 784, 200, false, true, acc, false);
  }
  compare_all_cases<float>(32, 32, 32, false);    // the packed threshold itself
  compare_all_cases<float>(128, 200, 300, false);
  compare_all_cases<double>(64, 60, 257, false);
  compare_all_cases<float>(7, 600, 9, false);     // below the threshold: the row-wise path, exact
}

TEST_CASE("relaxed gemm_bias_act is within the rounding bound of product, bias and activation", "[gemm][relaxed]") {
  // The fused store adds the bias (one more rounding, of a term ≤ |bias|) and
  // applies f; ReLU's cut at 0 can only move a value within the bound to 0.
  for (auto act : {gemm_activation::linear, gemm_activation::relu, gemm_activation::leaky_relu})
    for (bool ta : {false, true})
      for (bool tb : {false, true}) {
        const int M = 37, N = 29, K = 300;
        rng g(static_cast<std::uint32_t>(static_cast<int>(act) * 4 + ta * 2 + tb));
        const int lda = ta ? M : K, ldb = tb ? K : N;
        const auto A = random_matrix<float>(g, static_cast<std::size_t>(M) * K);
        const auto B = random_matrix<float>(g, static_cast<std::size_t>(K) * N);
        const auto bias = random_matrix<float>(g, N);
        std::vector<float> ref(static_cast<std::size_t>(M) * N), got(ref.size());
        gemm_ref(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, ref.data(), N, false);
        gemm_epilogue<float> ep;
        ep.bias = bias.data();
        ep.act = act;
        ep.slope = 0.1f;
        gemm_bias_act(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, got.data(), N, ep);
        const double eps = std::numeric_limits<float>::epsilon();
        int bad = 0;
        for (int i = 0; i < M; ++i)
          for (int j = 0; j < N; ++j) {
            float z = ref[i * N + j] + bias[j];
            z = act == gemm_activation::linear || z > 0 ? z : act == gemm_activation::relu ? 0.0f : 0.1f * z;
            double terms = std::fabs(bias[j]);
            for (int k = 0; k < K; ++k)
              terms += std::fabs(double(ta ? A[k * lda + i] : A[i * lda + k]) * double(tb ? B[j * ldb + k] : B[k * ldb + j]));
            if (!(std::fabs(double(got[i * N + j]) - z) <= (K + 3) * eps * terms)) ++bad;
          }
        INFO("act " << static_cast<int>(act) << " ta " << ta << " tb " << tb);
        CHECK(bad == 0);
      }
}

TEST_CASE("relaxed gemm is reproducible: the same call gives the same bits", "[gemm][relaxed]") {
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      rng g(11 + ta * 2 + tb);
      const int M = 128, N = 200, K = 784;
      const int lda = ta ? M : K, ldb = tb ? K : N;
      const auto A = random_matrix<float>(g, static_cast<std::size_t>(M) * K);
      const auto B = random_matrix<float>(g, static_cast<std::size_t>(K) * N);
      const auto C0 = random_matrix<float>(g, static_cast<std::size_t>(M) * N);
      std::vector<float> first = C0, second = C0, other(64 * 64);
      gemm(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, first.data(), N, true);
      // a different product in between: the kernel's packing buffers hold other data
      gemm(false, false, 64, 64, 64, A.data(), 64, B.data(), 64, other.data(), 64, false);
      gemm(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, second.data(), N, true);
      INFO("ta " << ta << " tb " << tb);
      CHECK(std::memcmp(first.data(), second.data(), first.size() * sizeof(float)) == 0);
    }
}

// One product whose fused and unfused results differ: every output is
// -1 + (1+e)(1-e), i.e. -e² fused and 0 unfused. The two terms sit at k0 and
// k0+1 (the first product of a k block is a plain multiplication; later k
// steps are multiply-adds), the rest of A and B is zero; M, N and M·N·K are
// large enough that gemm takes the packed kernel, with every lane of every
// accumulator of a full 4x8 tile (and edge tiles) involved.
template <class T>
void fused_product(int M, int N, int K, int k0, bool ta, bool tb, bool acc, T expected) {
  const int lda = ta ? M : K, ldb = tb ? K : N;
  std::vector<T> A(static_cast<std::size_t>(M) * K, T(0)), B(static_cast<std::size_t>(K) * N, T(0)),
      C(static_cast<std::size_t>(M) * N, T(0));
  for (int i = 0; i < M; ++i) {
    (ta ? A[k0 * lda + i] : A[i * lda + k0]) = T(-1);
    (ta ? A[(k0 + 1) * lda + i] : A[i * lda + k0 + 1]) = T(1) + tiny<T>;
  }
  for (int j = 0; j < N; ++j) {
    (tb ? B[j * ldb + k0] : B[k0 * ldb + j]) = T(1);
    (tb ? B[j * ldb + k0 + 1] : B[(k0 + 1) * ldb + j]) = T(1) - tiny<T>;
  }
  gemm(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, C.data(), N, acc);
  int wrong = 0;
  for (T c : C) wrong += c != expected;
  INFO(M << "x" << N << "x" << K << " terms at k " << k0 << " ta " << ta << " tb " << tb << " acc " << acc
          << (sizeof(T) == 4 ? " float" : " double") << ": C[0] = " << C[0] << ", expected " << expected);
  CHECK(wrong == 0);
}

TEST_CASE("relaxed gemm really multiplies-adds in one rounding where the machine fuses", "[gemm][relaxed]") {
  // The expectation comes from the instruction itself (madd_is_fused): where
  // it is fused, the kernel must give the fused result; where the engine
  // lowers it to mul+add (a CPU without FMA), the kernel must give mul+add's,
  // and the relaxed build then equals gemm_ref bit for bit. Either way a
  // kernel that stopped using the relaxed madd, or used it somewhere else,
  // fails here on a machine with FMA (this one: V8 emits vfmadd).
  const bool fused32 = madd_is_fused<float>(), fused64 = madd_is_fused<double>();
  if (!fused32 || !fused64)
    WARN("relaxed madd is NOT fused on this machine (float " << fused32 << ", double " << fused64
         << "): checking that gemm gives the mul+add results instead");
  for (bool ta : {false, true})
    for (bool tb : {false, true})
      for (bool acc : {false, true}) {
        fused_product<float>(8, 16, 256, 0, ta, tb, acc, fused32 ? -tiny<float> * tiny<float> : 0.0f);
        fused_product<float>(13, 21, 517, 300, ta, tb, acc, fused32 ? -tiny<float> * tiny<float> : 0.0f);
        fused_product<double>(8, 16, 256, 0, ta, tb, acc, fused64 ? -tiny<double> * tiny<double> : 0.0);
        fused_product<double>(13, 21, 517, 300, ta, tb, acc, fused64 ? -tiny<double> * tiny<double> : 0.0);
      }
  // On ordinary data: fused, many outputs differ from gemm_ref's bits (within
  // the bound); unfused, none do.
  const closeness f = compare_within_bound<float>(64, 64, 256, false, false, false, false);
  const closeness d = compare_within_bound<double>(64, 64, 256, false, false, false, false);
  INFO("outputs differing from gemm_ref: float " << f.differing << ", double " << d.differing << " of 4096");
  CHECK((fused32 ? f.differing > 0 : f.differing == 0));
  CHECK((fused64 ? d.differing > 0 : d.differing == 0));
}
