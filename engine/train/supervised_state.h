// train/supervised_state.h: the fields of a supervised run (supervised.cpp)
// that its next steps depend on, in the order a saved state holds them
// (train/state_io.h: one list for saving and loading):
//   the run's progress and reports (experiment::visit_progress), the update
//   flips, the epoch's running sums; the model's parameters, carried state,
//   generators and optimizer states (model_experiment::visit_model_state);
//   the run's generator and the batcher's position and order in the epoch;
//   then, only in runs that have them (the document says which, so a file
//   without them is the same as before they existed): the learning-rate
//   schedule's, early stopping's and the layer-speed view's own state.
#pragma once

#include <string>
#include <vector>

#include "../optim/optimizer.h"
#include "state_io.h"
#include "supervised.h"

namespace synapse {

struct supervised_state {
  template <class S>
  static void visit(S& s, state_io& io) {
    s.visit_progress(io);
    io.fixed(s.flips_);
    io.fixed(s.prev_positive_);
    io.value(s.epoch_loss_);
    io.value(s.epoch_correct_);
    io.value(s.epoch_seen_);
    s.visit_model_state(io);
    io.section("the batch order");
    s.gen_.visit_state(io);
    s.batches_.visit_state(io);
    if (s.schedule_.active()) {
      io.section("the learning-rate schedule");
      s.schedule_.visit_state(io);
      // the rate the optimizers were last given (end_epoch), if an epoch has ended
      if (io.loading() && s.step_ >= s.steps_per_epoch_)
        for (auto& o : s.optimizers_) o->set_lr(s.schedule_.lr());
    }
    if (s.stopping_.active()) {
      io.section("early stopping");
      s.stopping_.visit_state(io);
    }
    if (s.speed_.active()) {
      io.section("the layer speed view");
      s.speed_.visit_state(io);
    }
  }
};

}  // namespace synapse
