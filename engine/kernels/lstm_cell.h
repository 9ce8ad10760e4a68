// kernels/lstm_cell.h: the recurrent layers' per-step work at small batch,
// where every product is a matrix-vector one (the LSTM lab trains with batch
// 1): the products, the LSTM's gate nonlinearities fused into one pass, and
// their backward.
//
// Every kernel runs explicit 128-bit lanes (kernels/lanes.h: xsimd::sse4_1,
// 4 floats or 2 doubles, natively and in WASM alike) with any sum across
// lanes reduced in a fixed scalar order, so native and WASM give the same
// bits. Sizes need not be multiples of the lane count: tails run the same
// expression on scalars.
#pragma once

#include "activations.h"

namespace synapse {

// z (N) += h (K) · R (K, N; rows ldr apart): each z[j] gets the sum over k in
// index order from the first product (h[0]·R[0][j] + h[1]·R[1][j] + ...),
// then added, z + s: gemm's bits for a 1-row product with acc. K >= 1.
template <class T>
void gemv_acc(int K, int N, const T* h, const T* R, int ldr, T* z);

// y (M) = R (M, N; rows ldr apart) · d (N): y[i] = sum_j R[i][j]·d[j], the
// backward pass's dz·Rᵀ read along R's rows. Per row, lane l of two vectors
// sums the j = l, l + L, ... of its vector in order (L lanes, j in steps of
// 2L), the two vectors are added, their lanes summed as (l0 + l1) + (l2 + l3)
// (floats) or l0 + l1 (doubles), and the last N mod L terms added in order.
template <class T>
void gemv_rows(int M, int N, const T* R, int ldr, const T* d, T* y);

// C (M, N; rows ldc apart) += sum_k a_k ᵀ · b_k, a_k (M) and b_k (N): the
// recurrent kernel's gradient, one pass over C for all of a window's steps.
// The K pairs go in groups of 4 (the last one shorter): per group and
// element, s = a_0·b_0 + a_1·b_1 + ... left to right, then C + s.
template <class T>
void rank_update(int M, int N, int K, const T* const* a, const T* const* b, T* C, int ldc);

// One row of the LSTM's step (lstm.h's formulas) after the products: g (4U)
// holds z_t without the bias and gets the gates (g_in, g_f, in, g_o); s, c, h
// (U) get s_t, tanh s_t and h_t from s_prev (U).
// float: one pass over the units, in lanes, with this file's float sigmoid
// and tanh (exp by 2^k e^r, Cody-Waite reduction, a degree-5 polynomial; tanh
// by an odd polynomial below 0.625 and 1 - 2/(e^2x + 1) above; a few ulp),
// for gate sigmoid or hard_sigmoid. double (the gradient checks), or another
// gate: activation_forward's functions, pass by pass.
template <class T>
void lstm_gates_forward(activation gate, int U, T* g, const T* bias, const T* s_prev, T* s, T* c, T* h);

// One row's backward through the same step, lstm.h's formulas evaluated in
// the written order (the same bits as the plain scalar loop): from dh (U,
// dL/dh_t) and ds (U, dL/ds_t from step t+1, becomes dL/ds_{t-1}), with the
// gates g (4U), c = tanh s_t and s_prev, writes dz (4U).
template <class T>
void lstm_gates_backward(activation gate, int U, const T* g, const T* c, const T* s_prev, const T* dh, T* ds, T* dz);

}  // namespace synapse
