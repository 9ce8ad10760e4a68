// bench/native/lstm_bench.cpp: where the time of an LSTM airline epoch goes
// (batch 1, so every product is a matrix-vector one). Two measurements per preset:
//   epoch  the whole experiment as the CLI and the page run it (make_experiment,
//          run(steps per epoch)): median ms per epoch after 3 warm-up epochs;
//   split  the same step driven by hand on the same data (batcher, model,
//          Adam), each phase timed: next batch, forward, loss and its
//          gradient, backward, the optimizer's sweep (step_and_clear). The
//          clock reads add a little to each phase; the sum is compared with
//          the untimed step.
// Then each kernel of that step alone, at version 2's sizes.
// Built natively (build/native/lstm_bench) and for WASM (build/wasm/lstm_bench.js,
// run by Node). Reads build/data/airline-passengers.csv (or the directory given).
//   lstm_bench [epochs] [data dir] [preset ...]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench/native/timing.h"
#include "engine/data/data_store.h"
#include "engine/kernels/gemm.h"
#include "engine/kernels/lstm_cell.h"
#include "engine/data/dataset.h"
#include "engine/train/experiment.h"
#include "engine/model/model.h"
#include "engine/optim/optimizer.h"
#include "engine/rng.h"
#include "engine/spec/knobs.h"
#include "engine/train/batcher.h"

using namespace synapse;
using bench::clock_type;
using bench::median;
using bench::seconds_since;

namespace {

// Median ms per epoch of the experiment itself (3 untimed warm-up epochs).
double epoch_ms(const std::string& preset, int epochs) {
  auto e = make_experiment(spec_from_preset(preset, {{"epochs", std::to_string(epochs + 3)}}));
  const long steps = e->steps_per_epoch();
  e->run(3 * steps, nullptr);
  std::vector<double> ms;
  for (int k = 0; k < epochs; ++k) {
    const auto t0 = clock_type::now();
    e->run(steps, nullptr);
    ms.push_back(seconds_since(t0) * 1e3);
  }
  return median(ms);
}

struct split {
  double batch = 0, forward = 0, loss = 0, backward = 0, optimizer = 0, untimed = 0;
  long steps = 0;
};

// The supervised step (train/supervised.cpp's run) by hand, phase by phase.
split phase_split(const std::string& preset, int epochs) {
  const experiment_spec s = spec_from_preset(preset, {});
  data_splits<float> data = load_data<float>(s.data);
  model<float> m(data.train->x_shape(), s.layers, s.batch_size, loss_is_fused(s.loss), s.parts);
  rng g(s.seed);
  m.init(g, s.init);
  batcher<float> batches(*data.train, s.batch_size, s.shuffle);
  auto opt = make_optimizer<float>(s.parts.at(0).opt, m.param_count());
  const long steps = batches.steps_per_epoch();
  split out;
  double sink = 0;
  auto step = [&](bool timed) {
    auto t = clock_type::now();
    auto lap = [&](double& into) {
      if (!timed) return;
      const auto now = clock_type::now();
      into += std::chrono::duration<double>(now - t).count();
      t = now;
    };
    cmat<float> x, y;
    batches.next(g, x, y);
    lap(out.batch);
    const cmat<float> yhat = m.forward(x, true);
    lap(out.forward);
    sink += loss_sum(s.loss, yhat, m.logits(x.rows), y);
    mat<float> dy = m.output_grad(x.rows);
    loss_gradient(s.loss, yhat, y, dy);
    lap(out.loss);
    m.backward(x, dy);
    lap(out.backward);
    opt->step_and_clear(m.params(), m.grads(), m.param_count());
    lap(out.optimizer);
  };
  for (long i = 0; i < 3 * steps; ++i) step(false);   // warm-up
  for (long i = 0; i < epochs * steps; ++i) step(true);
  const auto t0 = clock_type::now();
  for (long i = 0; i < epochs * steps; ++i) step(false);
  out.untimed = seconds_since(t0);
  out.steps = epochs * steps;
  if (sink < 0) std::printf("(negative loss)\n");
  return out;
}

// Microseconds per call of each kernel of the step, at version 2's sizes
// (U = 128, 4U = 512, 4 steps with an h_{t-1}), median of 15 samples.
void kernel_times() {
  const int U = 128, G = 4 * U, K = 4;
  rng g(7);
  auto fill = [&](std::vector<float>& v, double scale) {
    for (float& x : v) x = static_cast<float>(g.uniform(-scale, scale));
  };
  std::vector<float> R(static_cast<std::size_t>(U) * G), dR(R.size()), h(K * U), dz(K * G), z(G), dh(U), gates(G),
      sp(U), s(U), c(U), ds(U), bias(G);
  for (auto* v : {&R, &h, &dz, &z, &sp, &bias}) fill(*v, 0.5);
  const float* a[K];
  const float* b[K];
  for (int k = 0; k < K; ++k) a[k] = h.data() + k * U, b[k] = dz.data() + k * G;
  const std::size_t n = 66689;
  std::vector<float> p(n), grad(n);
  fill(p, 0.1);
  optimizer_spec adam_spec = optimizer_defaults(optimizer_kind::adam);
  auto adam = make_optimizer<float>(adam_spec, n);
  auto time = [&](const char* what, auto&& f) {
    std::vector<double> us;
    for (int r = 0; r < 15; ++r) {
      const int inner = 200;
      const auto t0 = clock_type::now();
      for (int i = 0; i < inner; ++i) f();
      us.push_back(seconds_since(t0) * 1e6 / inner);
    }
    std::printf("  %-44s %8.2f us\n", what, median(us));
  };
  std::printf("kernels (U = 128):\n");
  time("gemv_acc: z += h.R (128 x 512)", [&] { gemv_acc(U, G, h.data(), R.data(), G, z.data()); });
  time("gemv_rows: dh = R.dz (128 x 512)", [&] { gemv_rows(U, G, R.data(), G, dz.data(), dh.data()); });
  time("rank_update: dR += 4 steps' h'.dz (128 x 512)", [&] { rank_update(U, G, K, a, b, dR.data(), G); });
  time("gemm: z += h.R (1 x 512 x 128, the former path)", [&] {
    gemm(false, false, 1, G, U, h.data(), U, R.data(), G, z.data(), G, true);
  });
  fill(z, 2.0);   // pre-activations of a plausible size (the products above made them grow)
  time("lstm_gates_forward (sigmoid, 128 units)", [&] {
    std::copy(z.begin(), z.end(), gates.begin());
    lstm_gates_forward(activation::sigmoid, U, gates.data(), bias.data(), sp.data(), s.data(), c.data(), dh.data());
  });
  time("lstm_gates_backward (sigmoid, 128 units)", [&] {
    std::fill(ds.begin(), ds.end(), 0.1f);
    lstm_gates_backward(activation::sigmoid, U, gates.data(), c.data(), sp.data(), sp.data(), ds.data(), dz.data());
  });
  time("adam step_and_clear (66,689 parameters)", [&] {
    std::fill(grad.begin(), grad.end(), 1e-3f);
    adam->step_and_clear(p.data(), grad.data(), n);
  });
  time("  of which refilling the gradient", [&] { std::fill(grad.begin(), grad.end(), 1e-3f); });
}

}  // namespace

int main(int argc, char** argv) {
  const int epochs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  set_data_dir(argc > 2 ? argv[2] : "build/data");
  std::vector<std::string> presets;
  for (int i = 3; i < argc; ++i) presets.emplace_back(argv[i]);
  if (presets.empty()) presets = {"lstm-airline", "lstm-airline-steps"};
  kernel_times();
  for (const std::string& p : presets) {
    const split s = phase_split(p, epochs);
    const double us = 1e6 / static_cast<double>(s.steps);
    const double timed = s.batch + s.forward + s.loss + s.backward + s.optimizer;
    std::printf("%s: %.2f ms/epoch (experiment, median of %d)\n", p.c_str(), epoch_ms(p, epochs), epochs);
    std::printf("  per step, us: batch %.2f  forward %.2f  loss %.2f  backward %.2f  optimizer %.2f"
                "  = %.2f timed, %.2f untimed\n",
                s.batch * us, s.forward * us, s.loss * us, s.backward * us, s.optimizer * us, timed * us,
                s.untimed * us);
  }
  return 0;
}
