// train/evaluation.h: a model measured on a whole data set, a batch at a
// time, in inference mode (dropout off): its loss as the training loop
// defines it (the mean over examples of the per-example loss; summed_error
// stays a sum, as the numpy post prints it), its mean |output - target| and
// its accuracy (rows whose largest output is the target's class).
#pragma once

#include <algorithm>
#include <vector>

#include "../data/dataset.h"
#include "../losses/loss.h"
#include "../model/model.h"
#include "batcher.h"

namespace synapse {

struct evaluation {
  double loss = 0, error = 0, accuracy = 0;
};

template <class T>
evaluation evaluate(model<T>& m, batcher<T>& b, const dataset<T>& set, loss_kind loss) {
  evaluation e;
  double loss_total = 0, err = 0;
  long correct = 0;
  const int n = set.count();
  for (int r0 = 0; r0 < n; r0 += b.batch()) {
    const int rows = std::min(b.batch(), n - r0);
    cmat<T> x, y;
    b.rows_of(set, r0, rows, x, y);
    const cmat<T> yhat = m.forward(x, false);
    err += abs_error_sum(yhat, y);
    loss_total += loss_sum(loss, yhat, m.logits(rows), y) / loss_normaliser(loss, 1, yhat.cols);
    correct += correct_count(yhat, y);
  }
  e.error = err / (static_cast<double>(n) * set.y_width());
  // Every normaliser is (per-example factor) x B: divide the per-example sums by n.
  e.loss = loss == loss_kind::summed_error ? loss_total : loss_total / static_cast<double>(n);
  e.accuracy = static_cast<double>(correct) / n;
  return e;
}

// Each example's own loss (loss_sum over its row / the per-example normaliser).
template <class T>
std::vector<double> example_losses(model<T>& m, batcher<T>& b, const dataset<T>& set, loss_kind loss) {
  const int n = set.count();
  std::vector<double> out(static_cast<std::size_t>(n));
  for (int r0 = 0; r0 < n; r0 += b.batch()) {
    const int rows = std::min(b.batch(), n - r0);
    cmat<T> x, y;
    b.rows_of(set, r0, rows, x, y);
    const cmat<T> yhat = m.forward(x, false);
    const cmat<T> z = m.logits(rows);
    for (int i = 0; i < rows; ++i) {
      const cmat<T> yi(yhat.row(i), 1, yhat.cols), ti(y.row(i), 1, y.cols);
      const cmat<T> zi(z.data ? z.row(i) : nullptr, 1, yhat.cols);
      out[static_cast<std::size_t>(r0 + i)] = loss_sum(loss, yi, zi, ti) / loss_normaliser(loss, 1, yhat.cols);
    }
  }
  return out;
}

}  // namespace synapse
