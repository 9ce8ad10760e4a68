// train/divergence.h: the divergence guard's second half. A NaN or infinite
// loss stops a run as diverged (experiment.h); a loss that stays finite but
// explodes far above its start marks the run *diverging*.
//
// "Far above its start", precisely: a step's training loss (the loss of the
// batch that step trained on) is more than explode_ratio = 10,000 times the
// first step's loss (measured with the initial weights), the first step's
// loss being above 0. No healthy run comes near: the labs' losses start at
// their largest or within a few times of it (MNIST's cross-entropy starts
// near ln 10 = 2.3 and would have to pass 23,000), while a learning rate far
// too large sends them up by powers of ten (MNIST, Adam, lr = 100: 2.3 to
// 7.6e9 in 8 steps). A diverging run goes on to its end (its numbers are
// still numbers), but reports and ends as diverging, not as done
// (`"diverging":true` in jsonl, exit code 3).
#pragma once

#include <cmath>
#include <limits>

namespace synapse {

struct explosion_watch {
  static constexpr double explode_ratio = 1e4;
  double first_loss = std::numeric_limits<double>::quiet_NaN();
  long step = -1;      // the first step whose loss exploded, or -1
  double loss = 0;     // that step's loss

  // The loss of step `at` (0-based: before the (at+1)-th update), finite.
  void see(long at, double step_loss) {
    if (std::isnan(first_loss)) {
      first_loss = step_loss;
    } else if (step < 0 && first_loss > 0 && step_loss > explode_ratio * first_loss) {
      step = at;
      loss = step_loss;
    }
  }
  bool diverging() const { return step >= 0; }
};

}  // namespace synapse
