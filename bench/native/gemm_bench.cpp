// bench/native/gemm_bench.cpp: GFLOP/s of the engine's float32 gemm on the
// products one training step of the MNIST MLP (784-200-60-10, batch 128)
// makes, each transpose case, and 256³. Built natively (build/native/gemm_bench)
// and for WASM (build/wasm/gemm_bench.js, run by Node). Prints one line per
// product: median seconds per product over `reps` samples after warm-up, and GFLOP/s.
//   gemm_bench [reps]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "engine/kernels/gemm.h"

namespace {

struct shape {
  const char* what;
  bool ta, tb;
  int M, N, K;
};

// Median seconds per product over `reps` samples. A sample times as many
// products as fill about 20 ms: a browser Worker's clock ticks in 0.1 ms steps,
// a tenth of one 256³ product.
double median_seconds(const shape& s, int reps, std::vector<float>& A, std::vector<float>& B,
                      std::vector<float>& C) {
  const int lda = s.ta ? s.M : s.K, ldb = s.tb ? s.K : s.N;
  const auto run = [&](int n) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i)
      synapse::gemm(s.ta, s.tb, s.M, s.N, s.K, A.data(), lda, B.data(), ldb, C.data(), s.N, false);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  // Warm up for 0.1 s (V8 compiles the optimised code after the first calls),
  // then size the samples from the last product's time.
  double warm = 0;
  for (double spent = 0; spent < 0.1; spent += warm) warm = run(1);
  const int inner = std::max(1, static_cast<int>(20e-3 / std::max(warm, 1e-7)));
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) t.push_back(run(inner) / inner);
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::atoi(argv[1]) : 30;
  const shape shapes[] = {
      {"256^3 A.B", false, false, 256, 256, 256},
      {"256^3 At.B", true, false, 256, 256, 256},
      {"256^3 A.Bt", false, true, 256, 256, 256},
      {"mlp fwd 1: x.W1 (128x784x200)", false, false, 128, 200, 784},
      {"mlp fwd 2: h1.W2 (128x200x60)", false, false, 128, 60, 200},
      {"mlp bwd 1: xt.dz1 (784x128x200)", true, false, 784, 200, 128},
      {"mlp bwd 2: h1t.dz2 (200x128x60)", true, false, 200, 60, 128},
      {"mlp bwd 2: dz2.W2t (128x60x200)", false, true, 128, 200, 60},
  };
  double total_flops = 0, total_seconds = 0;
  for (const shape& s : shapes) {
    std::vector<float> A(static_cast<std::size_t>(s.M) * s.K), B(static_cast<std::size_t>(s.K) * s.N),
        C(static_cast<std::size_t>(s.M) * s.N);
    for (std::size_t i = 0; i < A.size(); ++i) A[i] = static_cast<float>((i * 7 + 3) % 17) / 17.0f - 0.5f;
    for (std::size_t i = 0; i < B.size(); ++i) B[i] = static_cast<float>((i * 5 + 1) % 13) / 13.0f - 0.5f;
    const double sec = median_seconds(s, reps, A, B, C);
    const double flops = 2.0 * s.M * s.N * s.K;
    if (s.what[0] == 'm') total_flops += flops, total_seconds += sec;
    std::printf("%-34s %9.1f us %7.2f GFLOP/s\n", s.what, sec * 1e6, flops / sec / 1e9);
  }
  std::printf("%-34s %9.1f us %7.2f GFLOP/s\n", "mlp step products (sum)", total_seconds * 1e6,
              total_flops / total_seconds / 1e9);
  return 0;
}
