// gradcheck.h: compares backward() with central finite differences, in double.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
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

// A recurrent layer's spec (type "lstm" or "simple_rnn"); f is the lstm's
// recurrent activation or the simple_rnn's activation.
inline layer_spec recurrent_spec(const char* type, int units, bool return_sequences, activation f,
                                 bool stateful = false) {
  layer_spec s;
  s.type = type;
  s.name = type;
  s.units = units;
  s.return_sequences = return_sequences;
  s.stateful = stateful;
  if (s.type == "lstm") s.recurrent_act = f;
  else s.act = f;
  return s;
}

// L = loss(model(x), y); checks dL/dparams and dL/dx for every entry, and that
// a second backward adds as much again. Examples of any shape (a sequence
// (T, F): a row of x is T·F values), inputs uniform in (-x_scale, x_scale);
// random biases too, so every path is exercised. With warm_up,
// every evaluation first calls reset_state() and runs another batch through
// the unperturbed parameters: a stateful model's checked batch then starts
// from a non-zero carried state, the same constant for every evaluation (the
// truncated BPTT of Keras' stateful layers: no gradient flows into it).
inline void check_shaped_gradients(const std::vector<layer_spec>& layers, const shape& in, int B, loss_kind loss,
                                   std::uint32_t seed, bool warm_up = false, double x_scale = 1) {
  model<double> m(in, layers, B, loss_is_fused(loss));
  rng g(seed);
  m.init(g, init_scheme::glorot_uniform);
  const int w = m.input_width();
  std::vector<double> x(static_cast<std::size_t>(B) * w), x0(x.size()), y(static_cast<std::size_t>(B) * m.out_width());
  for (auto& v : x) v = g.uniform(-x_scale, x_scale);
  for (auto& v : x0) v = g.uniform(-x_scale, x_scale);
  for (auto& v : y) v = g.uniform(0, 1);
  const int out = m.out_width();
  if (loss == loss_kind::categorical_crossentropy)   // targets are distributions
    for (int b = 0; b < B; ++b) {
      double sum = 0;
      for (int j = 0; j < out; ++j) sum += y[b * out + j];
      for (int j = 0; j < out; ++j) y[b * out + j] /= sum;
    }
  for (std::size_t i = 0; i < m.param_count(); ++i) m.params()[i] += 0.1 * g.uniform(-1, 1);
  const std::vector<double> p0(m.params(), m.params() + m.param_count());
  std::vector<double> p1(p0.size());
  const cmat<double> X(x.data(), B, w), Y(y.data(), B, m.out_width());
  auto prepare = [&] {   // the carried state from x0 and the unperturbed parameters
    if (!warm_up) return;
    std::copy(m.params(), m.params() + m.param_count(), p1.begin());
    std::copy(p0.begin(), p0.end(), m.params());
    m.reset_state();
    m.forward(cmat<double>(x0.data(), B, w), true);
    std::copy(p1.begin(), p1.end(), m.params());
  };
  auto L = [&]() {
    prepare();
    const cmat<double> yhat = m.forward(X, true);
    return loss_sum(loss, yhat, m.logits(B), Y) / loss_normaliser(loss, B, yhat.cols);
  };
  std::vector<double> dx(x.size());
  mat<double> dy = m.output_grad(B);
  prepare();
  loss_gradient(loss, m.forward(X, true), Y, dy);
  m.zero_grads();
  m.backward(X, dy, mat<double>(dx.data(), B, w));
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
  prepare();
  loss_gradient(loss, m.forward(X, true), Y, dy);
  m.backward(X, dy);
  for (std::size_t i = 0; i < m.param_count(); ++i) CHECK(m.grads()[i] == Approx(2 * analytic[i]));
}

// check_shaped_gradients for features (in) and no carried state.
inline void check_model_gradients(const std::vector<layer_spec>& layers, int in, int B, loss_kind loss,
                                  std::uint32_t seed) {
  check_shaped_gradients(layers, shape{in}, B, loss, seed);
}

}  // namespace synapse::testing
