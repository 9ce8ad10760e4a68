// data/autoencoder_data.h: the autoencoder lab's data, drawn exactly as the
// lecture's Python notebook draws it with Python's `random` module (one
// generator, random.seed(seed)), reproduced bit for bit via python_random.
//
// Draw order (noise(s) = (2 * random() - 1) * s):
//   1. train values  x_i = uniform(0, 1), i = 0 .. train-1
//   2. test values   t_i = uniform(0, 1), i = 0 .. test-1
//   3. train rows    [x_i, ((2 * x_i) + noise(noise)) - 1]        on the x_i
//   4. test rows     [t_i, ((2 * t_i) + noise(noise)) - 1]        on the t_i
//   5. noisy rows    [x_i, ((2 * x_i) + noise(noisy_noise)) - 1]  on the x_i
//   6. wrong rows    [x_i, ((wrong_slope * x_i) + noise(noise)) - 1] on the x_i
// The float64 operations happen in exactly Python's order (the project is
// built with -ffp-contract=off, so no fused multiply-adds either).
// Every set is (n, 2) row-major [x, y]; n = train, except test (n = test).
// Golden values: tests/golden/autoencoder_data.json (gen_autoencoder.py).
#pragma once

#include <cstdint>
#include <vector>

namespace synapse {

struct autoencoder_data_spec {
  std::uint64_t seed = 24601;
  int train = 10000, test = 2000;
  double noise = 0.1, noisy_noise = 0.3, wrong_slope = 1.5;
};

struct autoencoder_sets {
  std::vector<double> train, test, noisy, wrong;  // each (n, 2) row-major: x, y
};

autoencoder_sets make_autoencoder_sets(const autoencoder_data_spec& s);

}  // namespace synapse
