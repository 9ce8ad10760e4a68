// kernels/lanes.h: elementwise loops written once, run over 128-bit xsimd
// batches and then over the scalar tail, with the same expression for both.
//
// Why this gives the same bits as the plain scalar loop: IEEE add, subtract,
// multiply, divide and sqrt are correctly rounded per lane, so a batch
// computes in each lane exactly what the scalar expression computes, as long
// as the expression tree is the same (order, parenthesisation, no fma: the
// build has -ffp-contract=off, and no reciprocal or rsqrt approximations are
// used here). The body is one generic lambda instantiated for both V = T and
// V = vec<T>, so the vector path and the tail cannot drift apart.
//
// Always xsimd::sse4_1 (4 floats, 2 doubles), even where the native build
// could use AVX2: native and WASM (-msse4.1 on -msimd128) then execute the
// same per-lane operations (TOOLCHAIN.md §5). Loads and stores are unaligned:
// the arrays come from std::vector, which promises only alignof(T) in wasm32.
// Nothing here reduces across lanes: sums stay in the caller's scalar order.
#pragma once

#include <cmath>
#include <cstddef>
#include <type_traits>

#include <xsimd/xsimd.hpp>

namespace synapse::lanes {

template <class T>
using vec = xsimd::batch<T, xsimd::sse4_1>;

// Tag handed to a loop body: `typename decltype(tag)::type` is T or vec<T>.
template <class V>
struct as {
  using type = V;
};

template <class V, class T>
inline V load(const T* p) {
  if constexpr (std::is_same_v<V, T>)
    return *p;
  else
    return V::load_unaligned(p);
}

template <class T>
inline void store(T* p, T v) {
  *p = v;
}
template <class T>
inline void store(T* p, vec<T> v) {
  v.store_unaligned(p);
}

// load<V>(p), and with Clear also +0 stored there once read (an optimizer
// consuming the gradient it is handed: optimizer::step_and_clear).
template <bool Clear, class V, class P>
inline V take(P* p) {
  const V v = load<V>(p);
  if constexpr (Clear) store(p, V(0));
  return v;
}

// Correctly rounded square root in both forms (std::sqrt; sqrtps/sqrtpd,
// f32x4.sqrt/f64x2.sqrt).
template <class T>
inline T root(T x) {
  return std::sqrt(x);
}
template <class T>
inline vec<T> root(vec<T> x) {
  return xsimd::sqrt(x);
}

// c ? a : b per element, bit for bit (a blend, not max/min: NaN and -0 keep
// the scalar ternary's outcome).
template <class T>
inline T pick(bool c, T a, T b) {
  return c ? a : b;
}
template <class T>
inline vec<T> pick(xsimd::batch_bool<T, xsimd::sse4_1> c, vec<T> a, vec<T> b) {
  return xsimd::select(c, a, b);
}

// body(i, as<vec<T>>{}) for i = 0, L, 2L, ... while a whole batch fits, then
// body(i, as<T>{}) for each remaining i: the elements [0, n) once each, in
// blocks of lanes that do not interact.
template <class T, class Body>
inline void for_each(std::size_t n, Body&& body) {
  constexpr std::size_t L = vec<T>::size;
  std::size_t i = 0;
  for (; i + L <= n; i += L) body(i, as<vec<T>>{});
  for (; i < n; ++i) body(i, as<T>{});
}

}  // namespace synapse::lanes
