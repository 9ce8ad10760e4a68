// train/metrics.h: what a run reports, by name.
//
// An experiment declares its metrics once, at construction (metric_def: name,
// words, unit, and whether it is measured every step, every epoch or once at
// the end), and every report is that list's values in that order. The CLI's
// text and jsonl, the session, the facade and the page read the list: a new
// metric (a GAN's d_loss, an LSTM's test_rmse) is one row where the experiment
// declares it.
//
//   per step   measured at every update; the first of them is what run()'s
//              curve holds (XOR: error; epoch runs: batch_loss). Iteration
//              runs also sample them into reports every report.every steps.
//   per epoch  one report per epoch (loss, accuracy, val_loss, ...)
//   final      on the last report only (test_loss, clean_loss, ...)
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace synapse {

enum class metric_per { step, epoch, final_report };

inline const char* metric_per_name(metric_per p) {
  return p == metric_per::step ? "step" : p == metric_per::epoch ? "epoch" : "final";
}

struct metric_def {
  std::string name;    // the jsonl key and the page's: "val_accuracy"
  std::string label;   // in words: "validation accuracy"
  std::string unit;    // "" (a loss), "fraction", "passengers"
  metric_per per = metric_per::epoch;
};

constexpr std::size_t max_metrics = 16;

// One line of progress: the step it was measured at (after `step` updates),
// the epoch (0: not an epoch report) and the declared metrics' values (NaN:
// not measured in this report). Fixed size: pushing one never allocates.
struct report {
  long step = 0;
  int epoch = 0;
  std::array<double, max_metrics> values;
  // The experiment's list, shared so a report outlives its experiment.
  std::shared_ptr<const std::vector<metric_def>> defs;

  report() { values.fill(nan()); }
  explicit report(std::shared_ptr<const std::vector<metric_def>> d) : report() { defs = std::move(d); }
  static constexpr double nan() { return std::numeric_limits<double>::quiet_NaN(); }

  // The value of metric `name`, NaN if it is not declared or not measured here.
  double operator[](const std::string& name) const {
    if (defs)
      for (std::size_t i = 0; i < defs->size(); ++i)
        if ((*defs)[i].name == name) return values[i];
    return nan();
  }
};

// Index of metric `name` in `defs`, or -1.
inline int metric_index(const std::vector<metric_def>& defs, const char* name) {
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (defs[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace synapse
