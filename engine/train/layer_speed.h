// train/layer_speed.h: the book's "speed of learning" of each hidden layer
// (chapter 5, the vanishing gradient): the norm ||dC/db|| of the gradient of
// the cost with respect to the layer's biases, measured on the first P
// training examples (P = 1000 rounded down to whole batches, at least one
// batch), as the mean of the batches' gradients, in inference mode (dropout
// off). Measured before the first step and `per_epoch` times per epoch; each
// measurement is one row (step, norm of layer 1, ..., norm of layer L) over
// the hidden layers with biases (every bias vector but the output layer's).
//
// A measurement runs forward and backward in the model's own buffers between
// two steps and leaves the gradient block zero as it found it: the training
// itself is bit for bit the same with or without it. Rows are reserved at
// construction; measuring never allocates.
#pragma once

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "../data/dataset.h"
#include "../losses/loss.h"
#include "../model/model.h"
#include "batcher.h"

namespace synapse {

constexpr int layer_speed_examples = 1000;

template <class T>
class layer_speed {
 public:
  // Off when per_epoch is 0.
  layer_speed(const model<T>& m, int per_epoch, long steps_per_epoch, int epochs) : per_epoch_(per_epoch) {
    if (per_epoch <= 0) return;
    const std::vector<param_info> layout = m.param_layout();
    std::vector<std::pair<std::size_t, std::size_t>> biases;
    for (const param_info& p : layout)
      if (!p.regularized && p.name.size() > 5 && p.name.compare(p.name.size() - 5, 5, ".bias") == 0)
        biases.push_back({p.offset, p.count()});
    if (!biases.empty()) biases.pop_back();   // the output layer's
    ranges_ = std::move(biases);
    every_ = std::max<long>(1, steps_per_epoch / per_epoch);
    rows_.reserve((static_cast<std::size_t>(epochs) * static_cast<std::size_t>(per_epoch) + 2) * (ranges_.size() + 1));
  }

  bool active() const { return per_epoch_ > 0 && !ranges_.empty(); }
  std::size_t layers() const { return ranges_.size(); }
  // Due after `step` updates (step 0: before training).
  bool due(long step) const { return active() && step % every_ == 0; }
  // (probes, 1 + layers) row-major: the step, then each hidden layer's norm.
  const std::vector<double>& rows() const { return rows_; }

  // For a saved run: the rows measured so far (what the view draws).
  template <class IO>
  void visit_state(IO& io) {
    io.growing(rows_, rows_.capacity());
  }

  void measure(model<T>& m, batcher<T>& b, const dataset<T>& train, loss_kind loss, long step) {
    const int B = b.batch();
    const int P = std::max(B, std::min(layer_speed_examples, train.count()) / B * B);
    int chunks = 0;
    for (int r0 = 0; r0 + B <= P && r0 + B <= train.count(); r0 += B, ++chunks) {
      cmat<T> x, y;
      b.rows_of(train, r0, B, x, y);
      const cmat<T> yhat = m.forward(x, false);
      mat<T> dy = m.output_grad(B);
      loss_gradient(loss, yhat, y, dy);
      m.backward(x, dy);
    }
    rows_.push_back(static_cast<double>(step));
    const T* g = m.grads();
    for (const auto& [first, count] : ranges_) {
      double sq = 0;
      for (std::size_t i = first; i < first + count; ++i) {
        const double v = static_cast<double>(g[i]) / chunks;
        sq += v * v;
      }
      rows_.push_back(std::sqrt(sq));
    }
    m.zero_grads();
  }

 private:
  int per_epoch_;
  long every_ = 1;
  std::vector<std::pair<std::size_t, std::size_t>> ranges_;   // (offset, count) of each hidden layer's biases
  std::vector<double> rows_;
};

}  // namespace synapse
