// gradcheck.h: compares backward() with central finite differences, in double.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/losses/loss.h"
#include "engine/model/model.h"

namespace synapse::testing {

// A dense layer's spec for the checks below (bias on, leaky relu slope given).
inline layer_spec dense_spec(int units, activation a, bool bias = true, double slope = 0.01) {
  layer_spec s;
  s.units = units;
  s.act = a;
  s.bias = bias;
  s.slope = slope;
  s.name = "d";
  return s;
}

inline bool close(double a, double n) {
  return std::abs(a - n) <= 1e-6 * std::max(std::abs(a), std::abs(n)) + 1e-9;
}

// L = loss(model(x), y); checks dL/dparams and dL/dx for every entry.
inline void check_model_gradients(const std::vector<layer_spec>& layers, int in, int B,
                                  loss_kind loss, std::uint32_t seed) {
  model<double> m(in, layers, B, loss_is_fused(loss));
  rng g(seed);
  m.init(g, init_scheme::glorot_uniform);
  // Random biases too, so every path is exercised.
  std::vector<double> x(static_cast<std::size_t>(B) * in), y(static_cast<std::size_t>(B) * m.out_width());
  for (auto& v : x) v = g.uniform(-1, 1);
  for (auto& v : y) v = g.uniform(0, 1);
  if (loss == loss_kind::categorical_crossentropy)   // targets are distributions
    for (int b = 0; b < B; ++b) {
      double sum = 0;
      for (int j = 0; j < m.out_width(); ++j) sum += y[b * m.out_width() + j];
      for (int j = 0; j < m.out_width(); ++j) y[b * m.out_width() + j] /= sum;
    }
  for (std::size_t i = 0; i < m.param_count(); ++i) m.params()[i] += 0.1 * g.uniform(-1, 1);
  const cmat<double> X(x.data(), B, in), Y(y.data(), B, m.out_width());

  auto L = [&]() {
    const cmat<double> yhat = m.forward(X, true);
    return loss_sum(loss, yhat, m.logits(B), Y) / loss_normaliser(loss, B, yhat.cols);
  };
  L();
  std::vector<double> dx(x.size());
  mat<double> dy = m.output_grad(B);
  loss_gradient(loss, m.forward(X, true), Y, dy);
  m.zero_grads();
  m.backward(X, dy, mat<double>(dx.data(), B, in));
  const std::vector<double> analytic(m.grads(), m.grads() + m.param_count());

  const double h = 1e-6;
  for (std::size_t i = 0; i < m.param_count(); ++i) {
    const double p = m.params()[i];
    m.params()[i] = p + h;
    const double up = L();
    m.params()[i] = p - h;
    const double down = L();
    m.params()[i] = p;
    const double numeric = (up - down) / (2 * h);
    INFO("parameter " << i << " analytic " << analytic[i] << " numeric " << numeric);
    CHECK(close(analytic[i], numeric));
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double v = x[i];
    x[i] = v + h;
    const double up = L();
    x[i] = v - h;
    const double down = L();
    x[i] = v;
    const double numeric = (up - down) / (2 * h);
    INFO("input " << i << " analytic " << dx[i] << " numeric " << numeric);
    CHECK(close(dx[i], numeric));
  }

  // Gradients accumulate: a second backward on the same batch doubles them.
  loss_gradient(loss, m.forward(X, true), Y, dy);
  m.backward(X, dy);
  for (std::size_t i = 0; i < m.param_count(); ++i) CHECK(m.grads()[i] == Approx(2 * analytic[i]));
}

}  // namespace synapse::testing
