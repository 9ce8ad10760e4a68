// gemm and gemm_packed against their specification gemm_ref: the same bits,
// every transpose combination, sizes around the vector width, the 256-column
// chunk, the register blocks (4 rows x 8 float / 4 double columns with
// SSE4.1 and in WASM; 6 x 16 / 6 x 8 with AVX2) and the k blocks (at most 256
// deep, of equal length).
#include <catch2/catch.hpp>

#include <vector>

#include "engine/kernels/gemm.h"
#include "engine/kernels/gemm_packed.h"
#include "engine/rng.h"

using namespace synapse;

template <class T>
void compare_gemm(int M, int N, int K, bool ta, bool tb, bool acc) {
  rng g(static_cast<std::uint32_t>(M * 131 + N * 17 + K));
  std::vector<T> A(static_cast<std::size_t>(M) * K), B(static_cast<std::size_t>(K) * N),
      C1(static_cast<std::size_t>(M) * N), C2;
  for (auto& v : A) v = static_cast<T>(g.uniform(-1, 1));
  for (auto& v : B) v = static_cast<T>(g.uniform(-1, 1));
  for (auto& v : C1) v = static_cast<T>(g.uniform(-1, 1));
  C2 = C1;
  const int lda = ta ? M : K, ldb = tb ? K : N;
  gemm_ref(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, C1.data(), N, acc);
  gemm(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, C2.data(), N, acc);
  INFO(M << "x" << N << "x" << K << " ta " << ta << " tb " << tb << " acc " << acc);
  CHECK(C1 == C2);
}

TEST_CASE("gemm gives gemm_ref's bits", "[gemm]") {
  for (int M : {1, 3, 4, 7})
    for (int N : {1, 3, 4, 5, 8, 33, 255, 256, 257, 600})
      for (int K : {1, 2, 3, 9})
        for (bool ta : {false, true})
          for (bool tb : {false, true})
            for (bool acc : {false, true}) {
              compare_gemm<double>(M, N, K, ta, tb, acc);
              compare_gemm<float>(M, N, K, ta, tb, acc);
            }
}

TEST_CASE("gemm_ref computes a known product", "[gemm]") {
  // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
  const double A[] = {1, 2, 3, 4}, B[] = {5, 6, 7, 8};
  double C[4];
  gemm_ref(false, false, 2, 2, 2, A, 2, B, 2, C, 2, false);
  CHECK(C[0] == 19);
  CHECK(C[1] == 22);
  CHECK(C[2] == 43);
  CHECK(C[3] == 50);
  gemm_ref(true, false, 2, 2, 2, A, 2, B, 2, C, 2, false);   // Aᵀ·B = [26 30; 38 44]
  CHECK(C[0] == 26);
  CHECK(C[3] == 44);
  gemm_ref(false, true, 2, 2, 2, A, 2, B, 2, C, 2, true);    // += A·Bᵀ = [17 23; 39 53]
  CHECK(C[0] == 26 + 17);
  CHECK(C[3] == 44 + 53);
}

// gemm_packed sums each output over k in index order from the first product,
// keeping the running sum across k blocks, and with acc adds it to C last
// (c + s), as gemm_ref does: so the bits must be equal, acc or not, and no
// tolerance is needed. pad > 0 leaves gaps between stored rows (ld = row + pad).
template <class T>
void compare_packed(int M, int N, int K, bool ta, bool tb, bool acc, int pad = 0) {
  rng g(static_cast<std::uint32_t>(M * 7919 + N * 131 + K * 17 + pad));
  const int lda = (ta ? M : K) + pad, ldb = (tb ? K : N) + pad, ldc = N + pad;
  std::vector<T> A(static_cast<std::size_t>(ta ? K : M) * lda),
      B(static_cast<std::size_t>(tb ? N : K) * ldb), C1(static_cast<std::size_t>(M) * ldc), C2;
  for (auto& v : A) v = static_cast<T>(g.uniform(-1, 1));
  for (auto& v : B) v = static_cast<T>(g.uniform(-1, 1));
  for (auto& v : C1) v = static_cast<T>(g.uniform(-1, 1));
  C2 = C1;
  gemm_ref(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, C1.data(), ldc, acc);
  gemm_packed(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, C2.data(), ldc, acc);
  INFO(M << "x" << N << "x" << K << " ta " << ta << " tb " << tb << " acc " << acc << " pad "
          << pad << (sizeof(T) == 4 ? " float" : " double"));
  CHECK(C1 == C2);   // includes the padding, which must be untouched
}

template <class T>
void compare_packed_all(int M, int N, int K, int pad = 0) {
  for (bool ta : {false, true})
    for (bool tb : {false, true})
      for (bool acc : {false, true}) compare_packed<T>(M, N, K, ta, tb, acc, pad);
}

TEST_CASE("gemm_packed gives gemm_ref's bits around the block edges", "[gemm]") {
  for (int M : {1, 3, 4, 5, 6, 7, 8, 9, 12, 13, 33})
    for (int N : {1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33})
      for (int K : {1, 3, 8, 9, 255, 256, 257, 300}) {
        compare_packed_all<float>(M, N, K);
        compare_packed_all<double>(M, N, K);
      }
  for (int big : {255, 256, 257, 300}) {
    compare_packed_all<float>(big, 9, 31);
    compare_packed_all<float>(5, big, 257);
    compare_packed_all<double>(big, 33, 9);
    compare_packed_all<double>(7, big, 300);
  }
  compare_packed_all<float>(13, 21, 517, 3);   // three k blocks, strided rows
  compare_packed_all<float>(200, 37, 784, 2);  // four k blocks of 196
  compare_packed_all<double>(13, 21, 517, 1);
}

TEST_CASE("gemm_packed gives gemm_ref's bits at MNIST sizes", "[gemm]") {
  // The dense layer's products for a 784-200 layer, batch 128: forward x·W,
  // backward xᵀ·dy (accumulated into dW) and dy·Wᵀ.
  for (bool acc : {false, true}) {
    compare_packed<float>(128, 200, 784, false, false, acc);
    compare_packed<float>(784, 200, 128, true, false, acc);
    compare_packed<float>(128, 784, 200, false, true, acc);
    compare_packed<double>(128, 200, 784, false, false, acc);
    compare_packed<double>(784, 200, 128, true, false, acc);
    compare_packed<double>(128, 784, 200, false, true, acc);
  }
  compare_packed<float>(128, 200, 784, true, true, true, 5);
}

TEST_CASE("gemm dispatches large products to the packed kernel, same bits", "[gemm]") {
  for (bool ta : {false, true})
    for (bool tb : {false, true})
      for (bool acc : {false, true}) {
        compare_gemm<float>(128, 200, 300, ta, tb, acc);
        compare_gemm<double>(64, 60, 257, ta, tb, acc);
        compare_gemm<float>(32, 32, 32, ta, tb, acc);   // the threshold itself
      }
}

// gemm_bias_act must give the bits of the passes it replaces: the product,
// then + bias per column, then the activation as activation_forward computes
// it (forward) or, with a gate, the gradient gate as activation_backward
// computes it. Small sizes take the unpacked paths, large ones the fused store.
template <class T>
void compare_bias_act(int M, int N, int K, bool ta, bool tb, gemm_activation act, bool bias,
                      bool gated) {
  rng g(static_cast<std::uint32_t>(M * 31 + N * 7 + K + static_cast<int>(act) * 1000 + bias));
  const int lda = ta ? M : K, ldb = tb ? K : N, ldgate = N + 3;
  std::vector<T> A(static_cast<std::size_t>(M) * K), B(static_cast<std::size_t>(K) * N), b(N),
      G(static_cast<std::size_t>(M) * ldgate), C1(static_cast<std::size_t>(M) * N), C2(C1.size(), T(7));
  for (auto& v : A) v = static_cast<T>(g.uniform(-1, 1));
  for (auto& v : B) v = static_cast<T>(g.uniform(-1, 1));
  for (auto& v : b) v = static_cast<T>(g.uniform(-1, 1));
  for (auto& v : G) v = static_cast<T>(g.uniform(-1, 1));
  const T slope = T(0.1);
  gemm_ref(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, C1.data(), N, false);
  int gated_off = 0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      T& z = C1[static_cast<std::size_t>(i) * N + j];
      if (bias) z = z + b[j];
      const T at = gated ? G[static_cast<std::size_t>(i) * ldgate + j] : z;
      gated_off += !(at > T(0));
      if (act == gemm_activation::relu) z = at > T(0) ? z : T(0);
      if (act == gemm_activation::leaky_relu) z = at > T(0) ? z : slope * z;
    }
  gemm_epilogue<T> ep;
  ep.bias = bias ? b.data() : nullptr;
  ep.act = act;
  ep.slope = slope;
  if (gated) ep.gate = G.data(), ep.ldgate = ldgate;
  gemm_bias_act(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, C2.data(), N, ep);
  INFO(M << "x" << N << "x" << K << " ta " << ta << " tb " << tb << " act " << static_cast<int>(act)
          << " bias " << bias << " gated " << gated << (sizeof(T) == 4 ? " float" : " double"));
  CHECK(gated_off > 0);   // the activation (or gate) had something to do
  CHECK(C1 == C2);
}

TEST_CASE("gemm_bias_act gives the bits of product, bias pass and activation pass", "[gemm]") {
  for (auto act : {gemm_activation::linear, gemm_activation::relu, gemm_activation::leaky_relu})
    for (bool bias : {false, true})
      for (bool gated : {false, true})
        for (bool ta : {false, true})
          for (bool tb : {false, true}) {
            compare_bias_act<float>(5, 7, 3, ta, tb, act, bias, gated);        // unpacked
            compare_bias_act<double>(4, 20, 9, ta, tb, act, bias, gated);      // row-wise
            compare_bias_act<float>(37, 29, 300, ta, tb, act, bias, gated);    // packed, edge tiles
            compare_bias_act<double>(13, 21, 517, ta, tb, act, bias, gated);
            compare_bias_act<float>(128, 200, 784, ta, tb, act, bias, gated);  // MNIST's first layer
          }
}
