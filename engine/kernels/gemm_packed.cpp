#include "gemm_packed.h"

#include <xsimd/xsimd.hpp>
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

namespace synapse {
namespace {

// The vector arch: SSE4.1's 4 float lanes in WASM (V8 maps them to its
// 128-bit SIMD) and natively by default; AVX2's 8 lanes natively when the
// build machine has them (CMakeLists.txt). Each lane is one output summed the
// same way whatever the width, so the bits do not depend on it.
#if defined(__AVX2__) && !defined(__EMSCRIPTEN__)
using arch = xsimd::avx2;
constexpr int MR = 6;     // rows of the register block: 12 accumulators of 16 registers
#elif defined(__wasm_relaxed_simd__)
using arch = xsimd::sse4_1;
// A fused multiply-add waits about 4 cycles for its accumulator, and two
// issue per cycle: 8 accumulators are just enough, 10 leave slack. 5 x 8 ran
// 1.05-1.08x 4 x 8 (Chromium 156 Worker, 256³, median of 10 and 12
// alternating pairs, bench/README.md); 6 x 8 spills.
constexpr int MR = 5;
#else
using arch = xsimd::sse4_1;
constexpr int MR = 4;     // V8 has about 14 usable vector registers (TOOLCHAIN §10)
#endif
template <class T>
using vec = xsimd::batch<T, arch>;
template <class T>
constexpr int NR = 2 * static_cast<int>(vec<T>::size);   // columns of the register block
constexpr int KC = 256;   // longest k block
constexpr int MC = 32 * MR;   // rows of op(A) packed at a time

// c + a·b. The default builds multiply, round, add, round (no contraction:
// -ffp-contract=off), as gemm_ref does. The relaxed-SIMD build (opt-in,
// CMakeLists.txt's engine-relaxed) uses WebAssembly's relaxed madd, which
// the CPU may fuse (one rounding): faster, reproducible within that build,
// not bit-identical to the others. clang-14's builtin still emits the
// prototype opcode; scripts/patch-relaxed-simd.mjs renumbers it after linking.
template <class V>
inline V madd(V a, V b, V c) {
#if defined(__wasm_relaxed_simd__)
  if constexpr (std::is_same_v<typename V::value_type, float>)
    return V(__builtin_wasm_fma_f32x4(a, b, c));
  else
    return V(__builtin_wasm_fma_f64x2(a, b, c));
#else
  return c + a * b;
#endif
}

// Row i's value of op(A) at step k, in every lane. A broadcast from memory:
// one instruction with AVX2 and in V8's code. In WASM it is spelled as the
// load-splat intrinsic with a pointer: clang-14 turns xsimd's set1(ak[i])
// into a load32_splat too, but computes each row's address with an i32.add
// instead of the instruction's constant offset; with the offset the kernel
// ran 1.04-1.37x faster in Chromium 156 (paired medians of four series of
// 6-10 runs), the same in Node 20. Only g++ at -msse4.1 (the portable native
// build) spends two per broadcast (movss, shufps); there the four rows' values
// are loaded once and each shuffled out. In WASM the shuffles cost more than
// they save: they compete with the adds for the same execution ports (Node,
// 256³, eight alternating pairs: 31 vs 26 GFLOP/s, bench/README.md). The lanes
// hold the same values either way.
template <class T>
struct a_step {
  const T* ak;
  explicit a_step(const T* p) : ak(p) {}
  template <int i>
  vec<T> get() const {
#if defined(__wasm_simd128__)
    if constexpr (std::is_same_v<T, float>)
      return vec<T>(static_cast<__m128>(wasm_v128_load32_splat(ak + i)));
    else
      return vec<T>(static_cast<__m128d>(wasm_v128_load64_splat(ak + i)));
#else
    return vec<T>(ak[i]);
#endif
  }
};
#if defined(__SSE4_1__) && !defined(__AVX2__) && !defined(__EMSCRIPTEN__)
template <>
struct a_step<float> {
  __m128 av;
  explicit a_step(const float* p) : av(_mm_loadu_ps(p)) {}
  template <int i>
  vec<float> get() const { return _mm_shuffle_ps(av, av, i * 0x55); }
};
#endif

// What happens to a finished sum s of column j: C = s, C = old + s (acc),
// C = f(s + bias[j]) with f linear, relu or leaky relu, or C = f'(gate)·s
// (gemm_epilogue).
template <class T>
struct tile_store {
  const T* add = nullptr;          // old C values to add s to (acc, last k block)
  std::ptrdiff_t ldadd = 0;
  const T* bias = nullptr;         // bias of the tile's first column
  gemm_activation act = gemm_activation::linear;
  T slope = T(0);
  const T* gate = nullptr;         // gate values of the tile (backward), else f at s
  std::ptrdiff_t ldgate = 0;
};

template <class T>
inline vec<T> finish(vec<T> s, const tile_store<T>& st, int r, int half) {
  using V = vec<T>;
  constexpr std::size_t L = V::size;
  if (st.add) return V::load_unaligned(st.add + r * st.ldadd + half * L) + s;
  if (st.bias) s = s + V::load_unaligned(st.bias + half * L);
  if (st.act == gemm_activation::linear) return s;
  const V g = st.gate ? V::load_unaligned(st.gate + r * st.ldgate + half * L) : s;
  if (st.act == gemm_activation::relu) return xsimd::select(g > V(T(0)), s, V(T(0)));
  return xsimd::select(g > V(T(0)), s, V(st.slope) * s);
}

// One k step of the tile: row i's accumulators += a(i,k) · b(k,:), rows in
// order (a fold over the rows: a_step::get takes the row as a constant).
template <class T, int... i>
inline void rank1_update(vec<T> (&c)[MR][2], const a_step<T>& as, vec<T> b0, vec<T> b1,
                         std::integer_sequence<int, i...>) {
  ((c[i][0] = madd(as.template get<i>(), b0, c[i][0]),
    c[i][1] = madd(as.template get<i>(), b1, c[i][1])), ...);
}

// The MR x NR tile of outputs: over kc steps, s += a(:,k) · b(k,:), where a is
// a packed MR-row panel (a[k*MR + i]) and b a packed NR-column panel (b[k*NR + j]).
// The sums start from src (partial sums of earlier k blocks) or, when src is
// null, from the first product. With `st` (last k block) the finished sums go
// through finish(); otherwise they are stored as they are.
// Not inlined: inlined into the driver, V8 spills the accumulators (TOOLCHAIN §10).
template <class T>
__attribute__((noinline)) void micro_kernel(int kc, const T* __restrict a, const T* __restrict b,
                                            const T* src, std::ptrdiff_t lds,
                                            const tile_store<T>* st, T* dst, std::ptrdiff_t ldd) {
  using V = vec<T>;
  constexpr std::size_t L = V::size;
  V c[MR][2];
  int k = 0;
  if (src) {
    for (int i = 0; i < MR; ++i) {
      c[i][0] = V::load_unaligned(src + i * lds);
      c[i][1] = V::load_unaligned(src + i * lds + L);
    }
  } else {
    const V b0 = V::load_unaligned(b), b1 = V::load_unaligned(b + L);
    for (int i = 0; i < MR; ++i) {
      const V ai(a[i]);
      c[i][0] = ai * b0;
      c[i][1] = ai * b1;
    }
    k = 1;
  }
  // Walking pointers: one base per operand, constant offsets from it.
  const T* ak = a + k * MR;
  const T* bk = b + k * 2 * L;
  for (; k < kc; ++k, ak += MR, bk += 2 * L) {
    const V b0 = V::load_unaligned(bk), b1 = V::load_unaligned(bk + L);
    rank1_update(c, a_step<T>(ak), b0, b1, std::make_integer_sequence<int, MR>{});
  }
  if (st) {
    for (int i = 0; i < MR; ++i) {
      c[i][0] = finish(c[i][0], *st, i, 0);
      c[i][1] = finish(c[i][1], *st, i, 1);
    }
  }
  for (int i = 0; i < MR; ++i) {
    c[i][0].store_unaligned(dst + i * ldd);
    c[i][1].store_unaligned(dst + i * ldd + L);
  }
}

// Four rows of four floats, transposed: out[4c + r] = row_r[c]. SSE shuffles
// natively; in WASM, i8x16.shuffle patterns V8 maps to unpck/movlh. Packing
// only moves values, so the bits do not depend on how.
inline void transpose4(const float* r0, const float* r1, const float* r2, const float* r3,
                       float* out, std::ptrdiff_t ldo) {
  __m128 a = _mm_loadu_ps(r0), b = _mm_loadu_ps(r1), c = _mm_loadu_ps(r2), d = _mm_loadu_ps(r3);
  _MM_TRANSPOSE4_PS(a, b, c, d);
  _mm_storeu_ps(out, a);
  _mm_storeu_ps(out + ldo, b);
  _mm_storeu_ps(out + 2 * ldo, c);
  _mm_storeu_ps(out + 3 * ldo, d);
}

// op(B) rows k0..k0+kc, all N columns, into panels of NR columns: panel p holds
// b[k*NR + j] = op(B)(k0+k, p*NR+j), zero past column N.
template <class T>
void pack_b(bool tb, int N, int k0, int kc, const T* B, int ldb, T* out) {
  constexpr int nr = NR<T>;
  using V = vec<T>;
  for (int j0 = 0; j0 < N; j0 += nr, out += static_cast<std::ptrdiff_t>(kc) * nr) {
    const int n = std::min(nr, N - j0);
    if (!tb) {
      for (int k = 0; k < kc; ++k) {
        const T* row = B + static_cast<std::ptrdiff_t>(k0 + k) * ldb + j0;
        T* o = out + k * nr;
        if (n == nr) {   // a whole panel row: two vectors
          V::load_unaligned(row).store_unaligned(o);
          V::load_unaligned(row + V::size).store_unaligned(o + V::size);
          continue;
        }
        for (int j = 0; j < n; ++j) o[j] = row[j];
        for (int j = n; j < nr; ++j) o[j] = T(0);
      }
      continue;
    }
    // op(B)(k,j) = B[j*ldb + k]: column j of the panel is stored row j0+j.
    int k = 0;
    if constexpr (std::is_same_v<T, float>) {
      if (n == nr)
        for (; k + 4 <= kc; k += 4)
          for (int j = 0; j < nr; j += 4) {
            const T* col = B + static_cast<std::ptrdiff_t>(j0 + j) * ldb + k0 + k;
            transpose4(col, col + ldb, col + 2 * ldb, col + 3 * ldb, out + k * nr + j, nr);
          }
    }
    for (int j = 0; j < n; ++j) {
      const T* col = B + static_cast<std::ptrdiff_t>(j0 + j) * ldb + k0;
      for (int kk = k; kk < kc; ++kk) out[kk * nr + j] = col[kk];
    }
    for (int j = n; j < nr; ++j)
      for (int kk = k; kk < kc; ++kk) out[kk * nr + j] = T(0);
  }
}

// op(A) rows i0..i0+mc, columns k0..k0+kc, into panels of MR rows: panel p
// holds a[k*MR + i] = op(A)(i0+p*MR+i, k0+k), zero past row i0+mc.
template <class T>
void pack_a(bool ta, int i0, int mc, int k0, int kc, const T* A, int lda, T* out) {
  constexpr int L = static_cast<int>(vec<T>::size);
  for (int p0 = 0; p0 < mc; p0 += MR, out += static_cast<std::ptrdiff_t>(kc) * MR) {
    const int m = std::min(MR, mc - p0);
    if (!ta) {
      int i = 0;
      if constexpr (std::is_same_v<T, float>) {   // whole groups of four rows: 4x4 shuffles
        for (; i + 4 <= m; i += 4) {
          const T* row = A + static_cast<std::ptrdiff_t>(i0 + p0 + i) * lda + k0;
          int k = 0;
          for (; k + 4 <= kc; k += 4)
            transpose4(row + k, row + lda + k, row + 2 * lda + k, row + 3 * lda + k,
                       out + k * MR + i, MR);
          for (; k < kc; ++k)
            for (int r = 0; r < 4; ++r) out[k * MR + i + r] = row[r * lda + k];
        }
      }
      for (; i < m; ++i) {
        const T* row = A + static_cast<std::ptrdiff_t>(i0 + p0 + i) * lda + k0;
        for (int k = 0; k < kc; ++k) out[k * MR + i] = row[k];
      }
    } else {   // op(A)(i,k) = A[k*lda + i]: a panel's column is m contiguous values
      for (int k = 0; k < kc; ++k) {
        const T* col = A + static_cast<std::ptrdiff_t>(k0 + k) * lda + i0 + p0;
        int i = 0;
        for (; i + L <= m; i += L) vec<T>::load_unaligned(col + i).store_unaligned(out + k * MR + i);
        for (; i < m; ++i) out[k * MR + i] = col[i];
      }
    }
    for (int i = m; i < MR; ++i)
      for (int k = 0; k < kc; ++k) out[k * MR + i] = T(0);
  }
}

// Grows v to at least n elements; never shrinks, so sizes seen before cost nothing.
template <class T>
T* reserve(std::vector<T>& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}

}  // namespace

template <class T>
void gemm_packed(bool ta, bool tb, int M, int N, int K, const T* A, int lda, const T* B, int ldb,
                 T* C, int ldc, bool acc, const gemm_epilogue<T>* ep) {
  if (M <= 0 || N <= 0) return;
  constexpr int nr = NR<T>;
  thread_local std::vector<T> a_buf, b_buf, p_buf;
  const int panels = (N + nr - 1) / nr;
  // k blocks of equal length (784 = 4 x 196 rather than 3 x 256 + 16)
  const int kblocks = (K + KC - 1) / KC;
  const int kc_max = (K + kblocks - 1) / kblocks;
  T* bp = reserve(b_buf, static_cast<std::size_t>(panels) * nr * kc_max);
  T* ap = reserve(a_buf, static_cast<std::size_t>((std::min(M, MC) + MR - 1) / MR) * MR * kc_max);
  // Running sums between k blocks: in C, unless C's old values must be added last.
  const bool scratch = acc && kblocks > 1;
  T* P = scratch ? reserve(p_buf, static_cast<std::size_t>(M) * N) : C;
  const std::ptrdiff_t ldp = scratch ? N : ldc;
  alignas(64) T tile_src[MR * nr], tile_add[MR * nr], tile_dst[MR * nr], tile_gate[MR * nr], tile_bias[nr];

  for (int k0 = 0; k0 < K; k0 += kc_max) {
    const int kc = std::min(kc_max, K - k0);
    const bool first = k0 == 0, last = k0 + kc == K;
    pack_b(tb, N, k0, kc, B, ldb, bp);
    for (int i0 = 0; i0 < M; i0 += MC) {
      const int mc = std::min(MC, M - i0);
      pack_a(ta, i0, mc, k0, kc, A, lda, ap);
      for (int p = 0; p < panels; ++p) {
        const int j = p * nr, n = std::min(nr, N - j);
        const T* b = bp + static_cast<std::ptrdiff_t>(p) * kc * nr;
        for (int q = 0; q * MR < mc; ++q) {
          const int i = i0 + q * MR, m = std::min(MR, M - i);
          const T* a = ap + static_cast<std::ptrdiff_t>(q) * kc * MR;
          T* part = P + i * ldp + j;
          T* c = C + static_cast<std::ptrdiff_t>(i) * ldc + j;
          const T* src = first ? nullptr : part;
          tile_store<T> st;
          if (last) {
            if (acc) st.add = c, st.ldadd = ldc;
            if (ep) {
              st.bias = ep->bias ? ep->bias + j : nullptr, st.act = ep->act, st.slope = ep->slope;
              if (ep->gate)
                st.gate = ep->gate + static_cast<std::ptrdiff_t>(i) * ep->ldgate + j,
                st.ldgate = ep->ldgate;
            }
          }
          const bool finishing = last && (acc || ep);
          T* dst = last ? c : part;
          const std::ptrdiff_t ldd = last ? ldc : ldp;
          if (m == MR && n == nr) {
            micro_kernel(kc, a, b, src, ldp, finishing ? &st : nullptr, dst, ldd);
            continue;
          }
          // Edge tile: through zero-padded local copies.
          auto load = [&](const T* from, std::ptrdiff_t ld, T* to) {
            for (int r = 0; r < MR; ++r)
              for (int s = 0; s < nr; ++s) to[r * nr + s] = r < m && s < n ? from[r * ld + s] : T(0);
          };
          if (src) load(src, ldp, tile_src);
          if (st.add) load(st.add, ldc, tile_add), st.add = tile_add, st.ldadd = nr;
          if (st.gate) load(st.gate, st.ldgate, tile_gate), st.gate = tile_gate, st.ldgate = nr;
          if (st.bias) {
            for (int s = 0; s < nr; ++s) tile_bias[s] = s < n ? st.bias[s] : T(0);
            st.bias = tile_bias;
          }
          micro_kernel(kc, a, b, src ? tile_src : nullptr, nr, finishing ? &st : nullptr,
                       tile_dst, nr);
          for (int r = 0; r < m; ++r)
            for (int s = 0; s < n; ++s) dst[r * ldd + s] = tile_dst[r * nr + s];
        }
      }
    }
  }
}

template void gemm_packed<float>(bool, bool, int, int, int, const float*, int, const float*, int,
                                 float*, int, bool, const gemm_epilogue<float>*);
template void gemm_packed<double>(bool, bool, int, int, int, const double*, int, const double*,
                                  int, double*, int, bool, const gemm_epilogue<double>*);

}  // namespace synapse
