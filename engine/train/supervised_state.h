// train/supervised_state.h: the fields of a supervised run (supervised.cpp)
// that its next steps depend on, in the order a saved state holds them
// (train/state_io.h: one list for saving and loading):
//   the step, done/diverged/diverging and every report so far (the curves), the update
//   flips; the parameters, the layers' carried state (a stateful LSTM) and
//   their generators (dropout); each part's optimizer state; the run's
//   generator and the batcher's position and order in the epoch; the epoch's
//   running sums.
// Runs with a learning-rate schedule, early stopping or the layer-speed view
// are refused for now (their state is not listed here).
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
    if (s.schedule_.active() || s.stopping_.active() || s.speed_.active())
      throw spec_error(std::string("saving: a run with ") +
                       (s.schedule_.active() ? "a learning-rate schedule" : s.stopping_.active() ? "early stopping" : "the layer speed view") +
                       " cannot be saved yet");
    io.section("the run's progress");
    io.value(s.step_);
    io.value(s.done_);
    io.value(s.diverged_);
    io.value(s.explosion_.first_loss);   // the diverging watch (divergence.h)
    io.value(s.explosion_.step);
    io.value(s.explosion_.loss);
    visit_reports(s, io);
    io.fixed(s.flips_);
    io.fixed(s.prev_positive_);
    io.value(s.epoch_loss_);
    io.value(s.epoch_correct_);
    io.value(s.epoch_seen_);
    io.section("the parameters");
    auto& m = s.model_;
    using T = typename std::remove_reference<decltype(*m.params())>::type;
    std::vector<T> params(m.params(), m.params() + m.param_count());
    io.fixed(params);
    std::vector<T> carried = m.save_state();
    io.section("the layers' carried state");
    io.fixed(carried);
    io.section("the layers' generators");
    for (std::size_t i = 0; i < m.depth(); ++i)
      if (rng* g = m.at(i).generator()) g->visit_state(io);
    io.section("the optimizer state");
    std::vector<std::vector<double>> moments;
    for (auto& o : s.optimizers_) {
      moments.push_back(o->state());
      io.fixed(moments.back());
    }
    io.section("the batch order");
    s.gen_.visit_state(io);
    s.batches_.visit_state(io);
    if (!io.loading()) {
      for (std::size_t p = 0; p < s.optimizers_.size(); ++p) restore(*s.optimizers_[p], moments[p]);   // can it?
      return;
    }
    std::copy(params.begin(), params.end(), m.params());
    m.load_state(carried);
    for (std::size_t p = 0; p < s.optimizers_.size(); ++p) restore(*s.optimizers_[p], moments[p]);
  }

 private:
  template <class S>
  static void visit_reports(S& s, state_io& io) {
    std::uint64_t n = s.reports_.size();
    io.value(n);
    if (io.loading()) {
      if (n > static_cast<std::uint64_t>(s.total_steps_) + 2) throw spec_error("saved state: too many reports");
      s.reports_.assign(static_cast<std::size_t>(n), s.fresh(0));
    }
    for (auto& r : s.reports_) {
      io.value(r.step);
      io.value(r.epoch);
      io.value(r.values);
    }
  }
  template <class O>
  static void restore(O& o, const std::vector<double>& state) {
    try {
      o.set_state(state);
    } catch (const std::exception&) {
      throw spec_error("saving: this run's optimizer cannot restore its state, so its runs cannot be saved yet");
    }
  }
};

// model_experiment's visit_state finds this for the supervised kind (by
// argument-dependent lookup, in supervised.cpp, which includes this file);
// other kinds get experiment.h's refusal.
template <class S>
void visit_run_state(S& s, state_io& io) {
  supervised_state::visit(s, io);
}

}  // namespace synapse
