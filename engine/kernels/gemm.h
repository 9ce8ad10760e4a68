// kernels/gemm.h: matrix products, C (M,N) = op(A) · op(B), or += when acc.
//
// op(A) is A (M,K) or, with ta, A stored (K,M) and read transposed; likewise
// op(B) is (K,N) or stored (N,K) with tb. Row-major, leading dimensions are the
// stored row lengths. C aliases neither input.
//
// Each output is summed over k in index order, starting from the first
// product, and then stored (or added to C): the same order as a textbook
// triple loop and as reference BLAS, so float64 results match numpy bit for
// bit on the small XOR matrices. gemm_ref is the specification; faster
// kernels are tested against it.
#pragma once

namespace synapse {

template <class T>
void gemm_ref(bool ta, bool tb, int M, int N, int K, const T* A, int lda, const T* B, int ldb,
              T* C, int ldc, bool acc);

// The same products, summed in the same order (so the same bits), organised
// for speed. Problems at least packed_min_* in every size and packed_min_mnk
// in M·N·K go to gemm_packed (gemm_packed.h: register blocks over packed
// panels, every transpose case at the same speed). Smaller ones, such as the
// XOR lab's, keep the row-wise path: when B is read by rows, each output row is
// built k by k across contiguous columns, which the compiler vectorises without
// reordering any sum; otherwise gemm_ref.
constexpr int packed_min_m = 4, packed_min_n = 8, packed_min_k = 8;
constexpr long long packed_min_mnk = 32 * 32 * 32;
template <class T>
void gemm(bool ta, bool tb, int M, int N, int K, const T* A, int lda, const T* B, int ldb, T* C,
          int ldc, bool acc);

// A dense layer's passes in one product, C = op(A)·op(B) then, per output:
//   forward:  C = f(z + bias[j])   (bias optional) with f linear, relu
//             (z > 0 ? z : 0) or leaky relu (z > 0 ? z : slope·z);
//   backward: with a gate G (the previous layer's output, M x N), the
//             gradient leaves already multiplied by that layer's f'(G):
//             relu G > 0 ? z : 0, leaky relu G > 0 ? z : slope·z.
// Exactly the operations activation_forward / activation_backward perform,
// so the bits are those of gemm followed by the separate passes. Large
// products apply them in the packed kernel's last store, while the sums are
// still in registers, instead of another trip through memory.
enum class gemm_activation { linear, relu, leaky_relu };
template <class T>
struct gemm_epilogue {
  const T* bias = nullptr;
  gemm_activation act = gemm_activation::linear;
  T slope = T(0);
  const T* gate = nullptr;      // backward: f' is taken at gate(i, j) = gate[i*ldgate + j]
  int ldgate = 0;
};
template <class T>
void gemm_bias_act(bool ta, bool tb, int M, int N, int K, const T* A, int lda, const T* B, int ldb,
                   T* C, int ldc, const gemm_epilogue<T>& ep);

}  // namespace synapse
