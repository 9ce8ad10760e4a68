// train/schedule.h: how an epoch run's learning rate and stopping point move
// with the epochs, both decided at the end of each epoch e (1, 2, ...) from
// the monitored validation figure (spec.monitor: val_loss lower is better,
// val_accuracy higher).
//
//   lr_scheduler     the rate for the epochs after e (lr_schedule_kind):
//                      step         lr * factor^floor(e / every)
//                      exponential  lr * factor^e
//                      plateau      times factor whenever `every` epochs have
//                                   passed without a new best (counted again
//                                   from each change); once the rate is down
//                                   to 1/128 of the start the run stops
//                    (repeated products, no pow(): the same bits everywhere)
//   early_stopping   stop when the monitored figure has not improved for
//                    `patience` epochs; restore_best keeps a copy of the best
//                    epoch's weights (sized once) and puts it back when the
//                    run stops, early or at its last epoch.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "../spec/spec.h"
#include "metrics.h"

namespace synapse {

// Early stopping and the plateau schedule watch the validation set: refused
// (spec_error) when the run holds none out.
inline void check_watched_set(const experiment_spec& s, bool has_validation) {
  if ((s.patience > 0 || s.lr_schedule == lr_schedule_kind::plateau) && !has_validation)
    throw spec_error(std::string(s.patience > 0 ? "early stopping" : "the plateau schedule") +
                     " watches the validation set, and this run holds none out (data.validation_split is 0)");
}

// The figures a schedule adds to an epoch run's reports: per epoch the rate it
// trained with; at the end the epoch the run stopped at and, when it keeps
// the best weights, that epoch.
inline void schedule_metrics(const experiment_spec& s, bool restores, std::vector<metric_def>& out) {
  if (s.lr_schedule != lr_schedule_kind::none) out.push_back({"lr", "learning rate", "", metric_per::epoch});
  if (s.patience > 0 || s.lr_schedule == lr_schedule_kind::plateau)
    out.push_back({"stopped_epoch", "stopped at epoch", "epoch", metric_per::final_report});
  if (restores) out.push_back({"best_epoch", "weights kept from epoch", "epoch", metric_per::final_report});
}

// The best value of a monitored figure so far, and the epoch it was seen at.
class best_so_far {
 public:
  explicit best_so_far(const experiment_spec& s) : lower_(s.monitor == "val_loss") {}
  // True (and remembered) if v, seen after epoch `epoch`, beats the best so far.
  bool improves(int epoch, double v) {
    if (epoch_ != 0 && !(lower_ ? v < best_ : v > best_)) return false;
    best_ = v;
    epoch_ = epoch;
    return true;
  }
  int epoch() const { return epoch_; }   // 0: none yet
  template <class IO>
  void visit_state(IO& io) {
    io.value(best_);
    io.value(epoch_);
  }

 private:
  bool lower_;
  double best_ = 0;
  int epoch_ = 0;
};

class lr_scheduler {
 public:
  explicit lr_scheduler(const experiment_spec& s)
      : kind_(s.lr_schedule), factor_(s.lr_factor), every_(s.lr_every), start_(s.opt.lr), lr_(s.opt.lr), best_(s) {}

  bool active() const { return kind_ != lr_schedule_kind::none; }
  double lr() const { return lr_; }
  // The plateau schedule has brought the rate down to 1/128 of its start.
  bool exhausted() const { return kind_ == lr_schedule_kind::plateau && lr_ <= start_ / 128; }

  // For a saved run (train/state_io.h): the rate now, the best so far, the
  // plateau's last change.
  template <class IO>
  void visit_state(IO& io) {
    io.value(lr_);
    best_.visit_state(io);
    io.value(since_);
  }

  // After epoch `epoch` with monitored figure v: the rate for the next one.
  double after_epoch(int epoch, double v) {
    switch (kind_) {
      case lr_schedule_kind::none: break;
      case lr_schedule_kind::step: lr_ = powered(epoch / every_); break;
      case lr_schedule_kind::exponential: lr_ = powered(epoch); break;
      case lr_schedule_kind::plateau:
        if (best_.improves(epoch, v)) since_ = epoch;
        else if (epoch - since_ >= every_) {
          lr_ *= factor_;
          since_ = epoch;
        }
        break;
    }
    return lr_;
  }

 private:
  double powered(int times) const {
    double lr = start_;
    for (int i = 0; i < times; ++i) lr *= factor_;
    return lr;
  }

  lr_schedule_kind kind_;
  double factor_;
  int every_;
  double start_, lr_;
  best_so_far best_;
  int since_ = 0;   // plateau: the epoch of the last new best or change of rate
};

template <class T>
class early_stopping {
 public:
  early_stopping(const experiment_spec& s, std::size_t params) : patience_(s.patience), best_(s) {
    if (s.patience > 0 && s.restore_best) best_params_.resize(params);
  }

  bool active() const { return patience_ > 0; }
  bool restores() const { return !best_params_.empty(); }
  int best_epoch() const { return best_.epoch(); }

  // After epoch `epoch` with monitored figure v and weights `params`: true
  // when the run should stop.
  bool should_stop(int epoch, double v, const T* params) {
    if (best_.improves(epoch, v)) {
      if (restores()) std::copy(params, params + best_params_.size(), best_params_.begin());
      return false;
    }
    return epoch - best_.epoch() >= patience_;
  }

  // For a saved run: the best so far and (restore_best) its weights.
  template <class IO>
  void visit_state(IO& io) {
    best_.visit_state(io);
    io.fixed(best_params_);
  }

  // Puts the best epoch's weights back (restore_best), when the run ends.
  void restore(T* params) const {
    if (restores() && best_.epoch() > 0) std::copy(best_params_.begin(), best_params_.end(), params);
  }

 private:
  int patience_;
  best_so_far best_;
  std::vector<T> best_params_;
};

}  // namespace synapse
