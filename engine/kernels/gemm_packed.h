// kernels/gemm_packed.h: the register-blocked matrix product behind gemm for
// large problems (TOOLCHAIN.md §10).
//
// Same interface and same bits as gemm_ref, every transpose case: C (M,N) =
// op(A)·op(B), or C += op(A)·op(B) when acc.
//
// Design. A register block of MR rows x 2 vectors, A broadcast, separate
// multiply and add: in WASM and with SSE4.1 4 x 8 floats / 4 x 4 doubles
// (xsimd::batch<T, sse4_1>, 8 accumulators: V8 has about 14 usable vector
// registers); natively with AVX2 (CMakeLists.txt picks it when the build
// machine has it) 6 x 16 / 6 x 8 (12 of 16 registers); in the relaxed-SIMD
// build, whose fused multiply-adds wait longer on their accumulators, 5 x 8 /
// 5 x 4 (10 accumulators). op(B) is packed into
// panels of 2 vectors' width and op(A) into panels of MR rows (4x4 shuffles
// for the transposing cases), k blocks of at most 256 and of equal length,
// edges zero-padded; the transposes are absorbed by the packing, so all
// three cases run the same micro-kernel. Each lane is one output, summed
// over k in index order from the first product (p0 + p1 + ...): across k
// blocks the running sum is kept in C (or, with acc and several k blocks, in
// a scratch matrix) and loaded back into the accumulators. With acc the
// finished sum s is added last, c + s, exactly as gemm_ref does. Hence the
// bits equal gemm_ref's whatever the vector width, natively and in WASM.
// The epilogue (gemm_bias_act) applies bias and activation, or an
// activation-gradient gate, to the finished sums before the store.
// The opt-in relaxed-SIMD build (CMakeLists.txt) fuses multiply and add: not
// these bits, but within a rounding bound of them (test_gemm_relaxed.cpp).
//
// Packing buffers are thread_local and only grow: repeated calls with sizes
// already seen do not allocate.
#pragma once

#include "gemm.h"

namespace synapse {

template <class T>
void gemm_packed(bool ta, bool tb, int M, int N, int K, const T* A, int lda, const T* B, int ldb,
                 T* C, int ldc, bool acc, const gemm_epilogue<T>* ep = nullptr);

}  // namespace synapse
