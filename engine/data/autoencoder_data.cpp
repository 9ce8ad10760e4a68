// data/autoencoder_data.cpp: the autoencoder lab's sets; the draw order and
// formulas are in autoencoder_data.h. Each float64 operation is a separate
// statement so the evaluation order is exactly Python's.
#include "autoencoder_data.h"

#include <cstddef>
#include <stdexcept>

#include "python_random.h"

namespace synapse {

namespace {

// (2 * random() - 1) * s, in that order.
double noise(python_random& r, double s) {
  const double twice = 2.0 * r.random();
  const double centred = twice - 1.0;
  return centred * s;
}

// Rows [x, ((slope * x) + noise(s)) - 1] for each x, in order.
std::vector<double> line_rows(const std::vector<double>& xs, double slope,
                              double s, python_random& r) {
  std::vector<double> rows(xs.size() * 2);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double x = xs[i];
    const double sloped = slope * x;
    const double shifted = sloped + noise(r, s);
    rows[2 * i] = x;
    rows[2 * i + 1] = shifted - 1.0;
  }
  return rows;
}

std::vector<double> uniform_values(int n, python_random& r) {
  std::vector<double> v(static_cast<std::size_t>(n));
  for (double& x : v) x = r.uniform(0.0, 1.0);
  return v;
}

}  // namespace

autoencoder_sets make_autoencoder_sets(const autoencoder_data_spec& s) {
  if (s.train < 0 || s.test < 0)
    throw std::invalid_argument("autoencoder data: negative set size");
  python_random r(s.seed);
  const std::vector<double> xs = uniform_values(s.train, r);
  const std::vector<double> ts = uniform_values(s.test, r);
  autoencoder_sets out;
  out.train = line_rows(xs, 2.0, s.noise, r);
  out.test = line_rows(ts, 2.0, s.noise, r);
  out.noisy = line_rows(xs, 2.0, s.noisy_noise, r);
  out.wrong = line_rows(xs, s.wrong_slope, s.noise, r);
  return out;
}

}  // namespace synapse
