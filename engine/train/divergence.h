// train/divergence.h: the divergence guard's second half. A NaN or infinite
// loss stops a run as diverged (experiment.h); a loss that stays finite but
// explodes far above its start marks the run *diverging*.
//
// "Far above its start", precisely: a step's training loss (the loss of the
// batch that step trained on) is more than explode_ratio = 10,000 times the
// first step's loss (measured with the initial weights; a GAN's step: the
// discriminator's loss plus the generator's) or than
// loss_floor = 0.01, whichever is larger. The floor is for runs that start
// nearly perfect: the universality lab's hand-set construction starts at an
// MSE of 3e-7, and training it a little worse is not an explosion; 10,000 x
// 0.01 = 100 is still far above any loss here that is not exploding (the
// MSEs are of data scaled to [0, 1]). No healthy run comes near: the labs' losses start at
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
  static constexpr double loss_floor = 1e-2;
  double first_loss = std::numeric_limits<double>::quiet_NaN();
  long step = -1;      // the first step whose loss exploded, or -1
  double loss = 0;     // that step's loss

  // The loss of step `at` (0-based: before the (at+1)-th update), finite.
  void see(long at, double step_loss) {
    if (std::isnan(first_loss)) {
      first_loss = step_loss;
    } else if (step < 0 && step_loss > explode_ratio * std::fmax(first_loss, loss_floor)) {
      step = at;
      loss = step_loss;
    }
  }
  bool diverging() const { return step >= 0; }
};

}  // namespace synapse
