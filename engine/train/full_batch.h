// train/full_batch.h: what the supervised trainer does for the full-batch
// optimizers (annealing, bfgs, lbfgs; optim/optimizer.h): refuse a run they
// cannot train, count their state, and probe the loss between updates.
#pragma once

#include <string>

#include "../losses/loss.h"
#include "../optim/optimizer.h"
#include "../spec/spec.h"

namespace synapse {

// Refuses a full-batch optimizer for mini-batches (batch < n examples) or for
// a model of several parts, naming the optimizer and the batch size.
inline void check_full_batch(const experiment_spec& s, int batch, int n) {
  if (needs_full_batch(s.opt.kind) && batch < n)
    throw spec_error(std::string("optimizer: ") + optimizer_name(s.opt.kind) +
                     " needs the whole training set per step (full batch); batch_size is " + std::to_string(batch) +
                     " of " + std::to_string(n) + " examples");
  if (s.parts.size() > 1)
    for (const auto& part : s.parts)
      if (needs_full_batch(part.opt.kind))
        throw spec_error("optimizer: " + std::string(optimizer_name(part.opt.kind)) +
                         " trains a model of one part only (this one has " + std::to_string(s.parts.size()) + ")");
}

// Values an optimizer keeps per parameter (bfgs: its n x n estimate and 8 vectors).
inline double optimizer_values_per_param(const optimizer_spec& o, double params) {
  switch (o.kind) {
    case optimizer_kind::adam:
    case optimizer_kind::adadelta: return 2;
    case optimizer_kind::sgd: return o.momentum == 0 ? 0 : 1;
    case optimizer_kind::bfgs: return params + 8;
    case optimizer_kind::lbfgs: return 2.0 * o.memory + 5;
    default: return 1;
  }
}

// The part's optimizer as the run makes it: annealing's own random stream
// seeded apart from the initialisation's (the run's seed + 1).
inline optimizer_spec with_run_seed(optimizer_spec o, std::uint32_t run_seed) {
  o.seed = run_seed + 1u;
  return o;
}

// The run's loss: outputs yhat (and the forward's logits) against targets y,
// normalised as the loss kind is, plus the regularizer's penalty on params.
template <class M, class Reg, class T>
double penalised_loss(loss_kind k, const M& yhat, const M& logits, const M& y, const Reg& reg, const T* params) {
  return loss_sum(k, yhat, logits, y) / loss_normaliser(k, y.rows, yhat.cols) + reg.penalty(params);
}

// The loss at the weights now in the block on the step's batch (the whole
// training set), for a full-batch optimizer between updates: Run::batch_loss.
template <class Run, class M>
struct batch_probe final : loss_probe {
  explicit batch_probe(Run& r) : run(r) {}
  batch_probe& on(const M& bx, const M& by) {
    x = &bx;
    y = &by;
    return *this;
  }
  double loss() override { return run.batch_loss(*x, *y); }
  Run& run;
  const M* x = nullptr;
  const M* y = nullptr;
};

}  // namespace synapse
