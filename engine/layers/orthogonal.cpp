// layers/orthogonal.cpp: orthogonal_matrix (orthogonal.h) by Eigen's
// HouseholderQR, in double.
//
// The only Eigen translation unit. CMakeLists.txt compiles it with
// EIGEN_DONT_VECTORIZE (Eigen's SSE code does not build for WASM; without
// packets both builds run the same scalar kernels with the same register
// blocking), EIGEN_NO_CPUID and fixed EIGEN_DEFAULT_L*_CACHE_SIZE (Eigen
// otherwise sizes its product blocks, and so the order of the sums in the
// blocked Householder updates used from 48 columns on, from the CPU's caches,
// which WASM cannot query). With -ffp-contract=off the operations are the
// same IEEE operations in the same order everywhere: the same bits
// (tests/native/test_recurrent.cpp checks a fingerprint in both builds).
#include "orthogonal.h"

#include <Eigen/Dense>

namespace synapse {

std::vector<double> orthogonal_matrix(rng& g, int rows, int cols) {
  const int m = rows > cols ? rows : cols, n = rows > cols ? cols : rows;
  Eigen::MatrixXd a(m, n);
  for (int i = 0; i < m; ++i)   // row-major, as numpy and TF fill a shape
    for (int j = 0; j < n; ++j) a(i, j) = g.normal();
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  const Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(m, n);   // thin Q (m, n)
  std::vector<double> out(static_cast<std::size_t>(rows) * cols);
  for (int j = 0; j < n; ++j) {
    const double sign = qr.matrixQR()(j, j) < 0 ? -1.0 : 1.0;
    for (int i = 0; i < m; ++i) {
      const double v = sign * q(i, j);
      if (rows >= cols) out[static_cast<std::size_t>(i) * cols + j] = v;   // Q
      else out[static_cast<std::size_t>(j) * cols + i] = v;                // Qᵀ
    }
  }
  return out;
}

}  // namespace synapse
