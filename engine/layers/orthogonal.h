// layers/orthogonal.h: Keras' Orthogonal initializer (the recurrent kernels'
// default), reproducible bit for bit natively and in WASM.
//
// For a (rows, cols) kernel, Keras (TF 2) draws a (max, min) matrix of
// standard normals, takes its thin QR factorisation, multiplies each column
// of Q by the sign of R's diagonal entry (so the factorisation is unique) and
// transposes Q when rows < cols. The result has orthonormal rows (rows <=
// cols: K·Kᵀ = I) or columns (rows >= cols: Kᵀ·K = I). The normals are the
// engine's (rng::normal, row-major), so not TensorFlow's numbers.
#pragma once

#include <vector>

#include "../rng.h"

namespace synapse {

// (rows, cols) row-major, in double: the caller rounds once to its scalar.
std::vector<double> orthogonal_matrix(rng& g, int rows, int cols);

}  // namespace synapse
