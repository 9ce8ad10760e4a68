// train/schedule.h: how long a run trains and how its learning rate and
// stopping point move with the epochs.
//
//   lr_schedule      applied at the end of each epoch e (1, 2, ...):
//                      step         lr * factor^floor(e / every)
//                      exponential  lr * factor^e
//                    (repeated products, no pow(): the same bits everywhere)
//   early_stopping   stop when the monitored validation figure has not
//                    improved for `patience` epochs; restore_best puts the
//                    best epoch's weights back (the copy is sized once).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "../spec/spec.h"

namespace synapse {

inline double scheduled_lr(const experiment_spec& s, int epoch) {
  if (s.lr_decay == "none") return s.opt.lr;
  const int times = s.lr_decay == "step" ? epoch / s.lr_every : epoch;
  double lr = s.opt.lr;
  for (int i = 0; i < times; ++i) lr *= s.lr_factor;
  return lr;
}

template <class T>
class early_stopping {
 public:
  early_stopping(const experiment_spec& s, std::size_t params)
      : patience_(s.patience), by_loss_(s.monitor == "val_loss") {
    if (s.patience > 0 && s.restore_best) best_params_.resize(params);
  }

  bool active() const { return patience_ > 0; }

  // After epoch `epoch` with validation figure v: true when the run should
  // stop (the best weights are then back in `params`).
  bool should_stop(int epoch, double v, T* params) {
    const bool better = best_epoch_ == 0 || (by_loss_ ? v < best_ : v > best_);
    if (better) {
      best_ = v;
      best_epoch_ = epoch;
      if (!best_params_.empty()) std::copy(params, params + best_params_.size(), best_params_.begin());
      return false;
    }
    if (epoch - best_epoch_ < patience_) return false;
    if (!best_params_.empty()) std::copy(best_params_.begin(), best_params_.end(), params);
    return true;
  }

 private:
  int patience_;
  bool by_loss_;
  std::vector<T> best_params_;
  double best_ = 0;
  int best_epoch_ = 0;
};

}  // namespace synapse
