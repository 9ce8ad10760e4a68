#include "gemm.h"

#include <cstddef>

#include "gemm_packed.h"

namespace synapse {
namespace {

// Large enough for the packed kernel (gemm.h's packed_min_*).
bool goes_packed(int M, int N, int K) {
  return M >= packed_min_m && N >= packed_min_n && K >= packed_min_k &&
         static_cast<long long>(M) * N * K >= packed_min_mnk;
}

}  // namespace

template <class T>
void gemm_ref(bool ta, bool tb, int M, int N, int K, const T* A, int lda, const T* B, int ldb,
              T* C, int ldc, bool acc) {
  // Strides of op(A)(i,k) and op(B)(k,j) in memory.
  const std::ptrdiff_t a_i = ta ? 1 : lda, a_k = ta ? lda : 1;
  const std::ptrdiff_t b_k = tb ? 1 : ldb, b_j = tb ? ldb : 1;
  for (int i = 0; i < M; ++i) {
    T* c = C + static_cast<std::ptrdiff_t>(i) * ldc;
    for (int j = 0; j < N; ++j) {
      const T* a = A + i * a_i;
      const T* b = B + j * b_j;
      T s = K > 0 ? a[0] * b[0] : T(0);
      for (int k = 1; k < K; ++k) s = s + a[k * a_k] * b[k * b_k];
      c[j] = acc ? c[j] + s : s;
    }
  }
}

template <class T>
void gemm(bool ta, bool tb, int M, int N, int K, const T* A, int lda, const T* B, int ldb, T* C,
          int ldc, bool acc) {
  // Large products: the register-blocked packed kernel, same bits (gemm_packed.h).
  if (goes_packed(M, N, K)) return gemm_packed(ta, tb, M, N, K, A, lda, B, ldb, C, ldc, acc);
  // With K = 1, Bᵀ stored (N,1) is one contiguous row of op(B) too.
  if (tb && K == 1) {
    tb = false;
    if (ldb != 1) return gemm_ref(ta, true, M, N, K, A, lda, B, ldb, C, ldc, acc);
    ldb = N;
  }
  // Narrow outputs (and Bᵀ, whose rows are the dot products) gain nothing from rows.
  if (tb || K == 0 || N < 8) return gemm_ref(ta, tb, M, N, K, A, lda, B, ldb, C, ldc, acc);
  const std::ptrdiff_t a_i = ta ? 1 : lda, a_k = ta ? lda : 1;
  constexpr int chunk = 256;
  T buffer[chunk];
  for (int i = 0; i < M; ++i) {
    const T* a = A + i * a_i;
    T* c = C + static_cast<std::ptrdiff_t>(i) * ldc;
    for (int j0 = 0; j0 < N; j0 += chunk) {
      const int n = N - j0 < chunk ? N - j0 : chunk;
      // Sums go straight to C unless they must be added to what C holds.
      T* __restrict s = acc ? buffer : c + j0;
      const T* __restrict b = B + j0;
      const T a0 = a[0];
      for (int j = 0; j < n; ++j) s[j] = a0 * b[j];
      for (int k = 1; k < K; ++k) {
        const T ak = a[k * a_k];
        const T* __restrict bk = b + static_cast<std::ptrdiff_t>(k) * ldb;
        for (int j = 0; j < n; ++j) s[j] = s[j] + ak * bk[j];
      }
      if (acc)
        for (int j = 0; j < n; ++j) c[j0 + j] = c[j0 + j] + s[j];
    }
  }
}

template <class T>
void gemm_bias_act(bool ta, bool tb, int M, int N, int K, const T* A, int lda, const T* B, int ldb,
                   T* C, int ldc, const gemm_epilogue<T>& ep) {
  if (goes_packed(M, N, K)) return gemm_packed(ta, tb, M, N, K, A, lda, B, ldb, C, ldc, false, &ep);
  gemm(ta, tb, M, N, K, A, lda, B, ldb, C, ldc, false);
  for (int i = 0; i < M; ++i) {
    T* c = C + static_cast<std::ptrdiff_t>(i) * ldc;
    if (ep.bias)
      for (int j = 0; j < N; ++j) c[j] = c[j] + ep.bias[j];
    // forward: f at the sum itself; backward: f' at the gate
    const T* g = ep.gate ? ep.gate + static_cast<std::ptrdiff_t>(i) * ep.ldgate : c;
    if (ep.act == gemm_activation::relu)
      for (int j = 0; j < N; ++j) c[j] = g[j] > T(0) ? c[j] : T(0);
    else if (ep.act == gemm_activation::leaky_relu)
      for (int j = 0; j < N; ++j) c[j] = g[j] > T(0) ? c[j] : ep.slope * c[j];
  }
}

template void gemm<float>(bool, bool, int, int, int, const float*, int, const float*, int, float*,
                          int, bool);
template void gemm<double>(bool, bool, int, int, int, const double*, int, const double*, int,
                           double*, int, bool);
template void gemm_bias_act<float>(bool, bool, int, int, int, const float*, int, const float*, int,
                                   float*, int, const gemm_epilogue<float>&);
template void gemm_bias_act<double>(bool, bool, int, int, int, const double*, int, const double*,
                                    int, double*, int, const gemm_epilogue<double>&);
template void gemm_ref<float>(bool, bool, int, int, int, const float*, int, const float*, int,
                              float*, int, bool);
template void gemm_ref<double>(bool, bool, int, int, int, const double*, int, const double*, int,
                               double*, int, bool);

}  // namespace synapse
