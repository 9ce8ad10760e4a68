// kernels/gemm_packed.h: the register-blocked matrix product behind gemm for
// large problems (TOOLCHAIN.md §10).
//
// Same interface and same bits as gemm_ref, every transpose case: C (M,N) =
// op(A)·op(B), or C += op(A)·op(B) when acc.
//
// Design. A block of 4 rows x 2 vectors of xsimd::batch<T, sse4_1> (4x8 for
// float, 4x4 for double: 8 accumulators either way), A broadcast, separate
// multiply and add. op(B) is packed into panels of 2 vectors' width and op(A)
// into panels of 4 rows, k blocks of at most 256, edges zero-padded; the
// transposes are absorbed by the packing, so all three cases run the same
// micro-kernel. Each lane is one output, summed over k in index order from
// the first product (p0 + p1 + ...): across k blocks the running sum is kept
// in C (or, with acc and several k blocks, in a scratch matrix) and loaded
// back into the accumulators. With acc the finished sum s is added last,
// c + s, exactly as gemm_ref does. Hence the bits equal gemm_ref's, natively
// and in WASM.
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
