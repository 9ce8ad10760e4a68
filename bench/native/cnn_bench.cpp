// bench/native/cnn_bench.cpp: the lecture's CNN (preset mnist-cnn, batch 128)
// natively or in WASM under Node, in two modes:
//   cnn_bench rate [steps] [repeats] [data dir]
//       the experiment as the CLI and the page run it (make_experiment, then
//       run(steps) `repeats` times after 2 warm-up steps): one JSON line,
//       {"samples_per_s": median, "all": [...], ...}. bench/cnn.mjs reads it.
//   cnn_bench profile [repeats] [data dir]
//       where a training step's time goes: the step split by layer (forward,
//       backward) through the model, then each conv layer's three kernels
//       (forward, filter gradient, input gradient; im2col and col2im alone)
//       at batch 128 on the lecture's shapes, ms per batch and GFLOP/s.
// Built natively (build/native/cnn_bench) and for WASM (build/wasm/cnn_bench.js).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/native/timing.h"
#include "engine/data/data_store.h"
#include "engine/data/dataset.h"
#include "engine/kernels/conv2d.h"
#include "engine/kernels/pool.h"
#include "engine/model/model.h"
#include "engine/optim/optimizer.h"
#include "engine/rng.h"
#include "engine/spec/knobs.h"
#include "engine/train/batcher.h"
#include "engine/train/experiment.h"

using namespace synapse;
using bench::clock_type;
using bench::median;
using bench::seconds_since;

namespace {

// Median of `repeats` timings of f, in ms, after one untimed call.
template <class F>
double time_ms(int repeats, F&& f) {
  f();
  std::vector<double> ms;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = clock_type::now();
    f();
    ms.push_back(seconds_since(t0) * 1e3);
  }
  return median(ms);
}

int rate(int steps, int repeats) {
  auto e = make_experiment(spec_from_preset("mnist-cnn", {}));
  const int batch = e->spec().batch_size;
  e->run(2, nullptr);   // warm-up
  std::vector<double> sps;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = clock_type::now();
    if (e->run(steps, nullptr) != steps) {
      std::fprintf(stderr, "cnn_bench: the run ended early\n");
      return 1;
    }
    sps.push_back(steps * batch / seconds_since(t0));
  }
  std::printf("{\"preset\":\"mnist-cnn\",\"batch\":%d,\"steps\":%d,\"repeats\":%d,\"samples_per_s\":%.3f,\"all\":[", batch,
              steps, repeats, median(sps));
  for (std::size_t i = 0; i < sps.size(); ++i) std::printf("%s%.3f", i ? "," : "", sps[i]);
  std::printf("]}\n");
  return 0;
}

// The step through the model by hand, each layer's forward and backward timed.
void layer_split(int repeats) {
  const experiment_spec s = spec_from_preset("mnist-cnn", {});
  data_splits<float> data = load_data<float>(s.data);
  model<float> m(data.train->x_shape(), s.layers, s.batch_size, loss_is_fused(s.loss), s.parts);
  rng g(s.seed);
  m.init(g, s.init);
  batcher<float> batches(*data.train, s.batch_size, s.shuffle);
  auto opt = make_optimizer<float>(s.parts.at(0).opt, m.param_count());
  const std::size_t L = m.depth();
  std::vector<std::vector<double>> fwd(L), bwd(L);
  std::vector<double> rest;
  cmat<float> x, y;
  batches.next(g, x, y);
  for (int r = 0; r < repeats + 1; ++r) {
    const auto t0 = clock_type::now();
    const cmat<float> yhat = m.forward(x, true);
    mat<float> dy = m.output_grad(x.rows);
    loss_gradient(s.loss, yhat, y, dy);
    m.backward(x, dy);
    opt->step_and_clear(m.params(), m.grads(), m.param_count());
    if (r > 0) rest.push_back(seconds_since(t0) * 1e3);
  }
  // per layer: the model's own buffers, one layer at a time (its forward, then its backward)
  std::vector<std::vector<float>> acts(L + 1), grads(L + 1);
  acts[0].assign(x.data, x.data + static_cast<std::size_t>(x.rows) * x.cols);
  int width = x.cols;
  for (std::size_t i = 0; i < L; ++i) {
    acts[i + 1].assign(static_cast<std::size_t>(x.rows) * m.at(i).out_width(), 0.f);
    grads[i].assign(static_cast<std::size_t>(x.rows) * (i ? m.at(i - 1).out_width() : width), 0.f);
  }
  grads[L].assign(acts[L].size(), 1e-3f);
  auto& layers = const_cast<model<float>&>(m);
  for (int r = 0; r < repeats + 1; ++r) {
    for (std::size_t i = 0; i < L; ++i) {
      layer<float>& l = const_cast<layer<float>&>(layers.at(i));
      const int in_w = i ? m.at(i - 1).out_width() : width;
      const auto t0 = clock_type::now();
      l.forward({acts[i].data(), x.rows, in_w}, {acts[i + 1].data(), x.rows, l.out_width()}, true);
      if (r > 0) fwd[i].push_back(seconds_since(t0) * 1e3);
    }
    for (std::size_t i = L; i-- > 0;) {
      layer<float>& l = const_cast<layer<float>&>(layers.at(i));
      const int in_w = i ? m.at(i - 1).out_width() : width;
      std::vector<float> d = grads[i + 1];   // backward overwrites dy (dz in place)
      const auto t0 = clock_type::now();
      l.backward({acts[i].data(), x.rows, in_w}, {acts[i + 1].data(), x.rows, l.out_width()},
                 {d.data(), x.rows, l.out_width()}, {i ? grads[i].data() : nullptr, x.rows, in_w});
      if (r > 0) bwd[i].push_back(seconds_since(t0) * 1e3);
    }
  }
  std::printf("one training step at batch %d (median of %d): %.1f ms = %.0f samples/s\n", s.batch_size, repeats,
              median(rest), s.batch_size / median(rest) * 1e3);
  std::printf("  %-3s %-14s %10s %10s   (ms per batch, first layer: no input gradient)\n", "#", "layer", "forward",
              "backward");
  double tf = 0, tb = 0;
  for (std::size_t i = 0; i < L; ++i) {
    tf += median(fwd[i]), tb += median(bwd[i]);
    std::printf("  %-3zu %-14s %10.2f %10.2f\n", i, m.at(i).kind(), median(fwd[i]), median(bwd[i]));
  }
  std::printf("  %-18s %10.2f %10.2f   sum %.1f ms\n", "total", tf, tb, tf + tb);
}

// The four conv layers' kernels alone at batch 128.
void kernel_split(int repeats) {
  struct shape_row { const char* name; int H, W, C, F; bool same; };
  const shape_row rows[] = {{"conv1 28x28x1 -> 32 same", 28, 28, 1, 32, true},
                            {"conv2 14x14x32 -> 64", 14, 14, 32, 64, false},
                            {"conv3 10x10x64 -> 128", 10, 10, 64, 128, false},
                            {"conv4 6x6x128 -> 64", 6, 6, 128, 64, false}};
  const int B = 128;
  rng g(3);
  std::printf("conv kernels at batch %d, ms per batch (GFLOP/s), median of %d:\n", B, repeats);
  std::printf("  %-26s %5s %15s %15s %15s %8s %8s\n", "shape", "chunk", "forward", "filter grad", "input grad",
              "im2col", "col2im");
  for (const shape_row& r : rows) {
    const window_geometry w = make_window(r.H, r.W, r.C, 5, 5, 1, 1, r.same);
    const int chunk = conv_chunk(w), P = w.pixels(), K = w.field(), F = r.F;
    std::vector<float> x(static_cast<std::size_t>(B) * w.in_size()), W(static_cast<std::size_t>(K) * F),
        y(static_cast<std::size_t>(B) * P * F), dW(W.size()), dx(x.size()),
        col(static_cast<std::size_t>(chunk) * P * K);
    for (float& v : x) v = static_cast<float>(g.uniform(0, 1));
    for (float& v : W) v = static_cast<float>(g.uniform(-0.1, 0.1));
    for (float& v : y) v = static_cast<float>(g.uniform(-0.01, 0.01));
    const gemm_epilogue<float> ep;
    const double gflop = 2.0 * B * P * K * F / 1e9;
    const double f = time_ms(repeats, [&] { conv2d_forward(w, F, B, chunk, x.data(), W.data(), ep, y.data(), col.data()); });
    const double fg = time_ms(repeats, [&] { conv2d_backward_filter(w, F, B, chunk, x.data(), y.data(), dW.data(), col.data()); });
    const double ig = time_ms(repeats, [&] { conv2d_backward_input(w, F, B, chunk, y.data(), W.data(), dx.data(), col.data()); });
    const double i2c = time_ms(repeats, [&] {
      for (int b0 = 0; b0 < B; b0 += chunk) im2col(w, std::min(chunk, B - b0), x.data() + static_cast<std::size_t>(b0) * w.in_size(), col.data());
    });
    const double c2i = time_ms(repeats, [&] {
      for (int b0 = 0; b0 < B; b0 += chunk) col2im(w, std::min(chunk, B - b0), col.data(), dx.data() + static_cast<std::size_t>(b0) * w.in_size());
    });
    std::printf("  %-26s %5d %7.2f (%5.1f) %7.2f (%5.1f) %7.2f (%5.1f) %8.2f %8.2f\n", r.name, chunk, f, gflop / f * 1e3,
                fg, gflop / fg * 1e3, ig, gflop / ig * 1e3, i2c, c2i);
  }
  const window_geometry p1 = make_window(28, 28, 32, 2, 2, 2, 2, false);
  std::vector<float> px(static_cast<std::size_t>(B) * p1.in_size()), py(static_cast<std::size_t>(B) * p1.pixels() * 32),
      pdx(px.size());
  for (float& v : px) v = static_cast<float>(g.uniform(0, 1));
  const double pf = time_ms(repeats, [&] { pool_forward(pool_kind::max, p1, B, px.data(), py.data()); });
  const double pb = time_ms(repeats, [&] { pool_backward(pool_kind::max, p1, B, px.data(), py.data(), py.data(), pdx.data()); });
  std::printf("  max pool 28x28x32 2/2: forward %.2f ms, backward %.2f ms\n", pf, pb);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "profile";
  if (mode == "rate") {
    const int steps = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
    set_data_dir(argc > 4 ? argv[4] : "build/data");
    return rate(steps, repeats);
  }
  if (mode != "profile") {
    std::fprintf(stderr, "usage: cnn_bench rate [steps] [repeats] [data dir] | profile [repeats] [data dir]\n");
    return 2;
  }
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  set_data_dir(argc > 3 ? argv[3] : "build/data");
  layer_split(repeats);
  kernel_split(repeats);
  return 0;
}
