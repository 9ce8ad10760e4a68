// train/experiment.h: one training run built from a spec, stepped by its
// caller (the CLI runs it to the end; the page's worker runs it in slices).
//
// A step is one update: forward on the batch, loss, backward, optimizer.
// "step N" always means "after N updates": the report at step N is measured
// with the weights after N updates (the numpy post's "Error after N
// iterations"). Reports fall on every multiple of report.every and on the
// last step. A step whose loss or error is NaN or infinite is not applied:
// the run stops as diverged at that step (the divergence guard).
//
// What a run reports is declared up front as named metrics (metrics.h); what
// a page draws are named views the lab serves (labs/labs.h) from the generic
// accessors below: named data sets, sub-model forwards, per-example losses.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "../layers/layer.h"
#include "../model/model.h"
#include "../spec/spec.h"
#include "divergence.h"
#include "metrics.h"
#include "state_io.h"

namespace synapse {

// What one phase of a step trained on, a few examples of it, for a page to
// show (a GAN's slow mode: the reals and fakes the discriminator just saw,
// with its verdict on each).
struct phase_record {
  std::string phase;              // "discriminator" or "generator"; "" before the first
  long step = 0;                  // the step it belongs to (1-based)
  int rows = 0, real_rows = 0;    // examples kept; the first real_rows are real data
  std::vector<double> inputs;     // (rows, judged input width): what the judging part saw
  std::vector<double> noise;      // (rows - real_rows, noise size): the noise behind each fake
  std::vector<double> verdicts;   // the judging part's output on each, during the update
  std::vector<double> targets;    // the label each was trained toward
};

class experiment {
 public:
  virtual ~experiment() = default;
  const experiment_spec& spec() const { return spec_; }

  // Runs up to n more steps (fewer if the run ends or diverges). If curve is
  // not null, curve[i] receives the i-th step's value of the first per-step
  // metric (iteration runs: error; epoch runs: batch_loss).
  // Returns the number of steps run. Never allocates.
  virtual long run(long n, double* curve) = 0;

  long step() const { return step_; }
  long total_steps() const { return total_steps_; }
  long steps_per_epoch() const { return steps_per_epoch_; }
  bool done() const { return done_; }
  bool diverged() const { return diverged_; }
  // A finite loss exploded far above its start (divergence.h): reported, not done.
  bool diverging() const { return explosion_.diverging(); }
  const explosion_watch& explosion() const { return explosion_; }
  const std::vector<report>& reports() const { return reports_; }
  const std::vector<metric_def>& metrics() const { return *metrics_; }
  int epochs() const { return spec_.epochs; }
  // Per parameter, how often the sign of its gradient flipped between two
  // consecutive steps (when the spec asks for it; else empty).
  const std::vector<std::int32_t>& update_flips() const { return flips_; }

  virtual int input_width() const = 0;
  // One example's shape as the first layer takes it: (N), (T, F), (H, W, C).
  virtual shape input_shape() const = 0;
  virtual std::vector<int> layer_widths() const = 0;
  virtual std::vector<param_info> param_layout() const = 0;
  virtual std::size_t param_count() const = 0;
  virtual void copy_params(double* out) const = 0;
  // Replaces every parameter (param_count() values, describe()'s order) before
  // training starts: a lab's hand-set weights (lab_row::start).
  virtual void set_params(const double* in) = 0;
  // Forwards rows inputs (row-major, input_width each) in inference mode and
  // writes each layer's outputs, layer after layer, (rows, width_i) each.
  virtual void forward_all(const double* x, int rows, double* out) = 0;
  // The network's outputs for every training input, (n, output width), for
  // the small tables runs of iterations train on (XOR); empty otherwise.
  virtual std::vector<double> outputs() = 0;
  // The predicted class (argmax) of every example of the test set (or, if
  // there is none, the training set), in file order; and their true labels.
  virtual std::vector<std::uint8_t> predicted_classes() = 0;
  virtual std::vector<std::uint8_t> true_classes() const = 0;

  // While frozen, part `part`'s weights and optimizer state stay as they are;
  // gradients still flow through it to the parts before it. Throws
  // spec_error for an unknown part.
  virtual void set_frozen(const std::string& part, bool frozen) = 0;
  // One phase of a step alone (a GAN's "discriminator" or "generator"
  // update), in the step's order: next_phase() names the one due. The phase
  // that completes a step counts it exactly as run(1) would (report, curve[0]
  // if curve is not null, divergence guard) and returns 1; the others return
  // 0. run() finishes a step begun by phases before starting the next, so any
  // mix of phases and runs trains bit-identically to run() alone. Throws
  // spec_error for a phase out of order, an unknown one, a finished run, or
  // a lab that trains in whole steps only.
  virtual long run_phase(const std::string& part, double* curve) {
    static_cast<void>(curve);
    throw spec_error("phase: the " + spec_.lab + " lab trains in whole steps, not \"" + part + "\"");
  }
  // The phase due next ("" where a lab trains in whole steps).
  virtual std::string next_phase() const { return ""; }
  // A few examples of what the last phase trained on (empty before the first).
  virtual const phase_record& last_phase() const {
    static const phase_record none;
    return none;
  }
  // Loss probes the full-batch optimizers asked so far (optimizer<T>::probes():
  // one forward pass over the training set each, besides each step's own).
  virtual long loss_probes() const { return 0; }
  // Writes (io saving) or reads back (io loading) everything the run's next
  // steps depend on: a loaded run continues bit-identically to one never
  // stopped (train/state.h holds the file around it). Throws spec_error for a
  // state that does not fit, naming why.
  virtual void visit_state(state_io& io) = 0;
  // Part `part`'s optimizer state (optimizer<T>::state()).
  virtual std::vector<double> optimizer_state(const std::string& part) const = 0;
  // The model's named sub-models (one, "model", unless the spec gives parts).
  virtual const std::vector<part_range>& parts() const = 0;
  // Part `part`'s outputs for rows inputs (rows x its in_width), inference mode,
  // (rows, its out_width) into out. Throws spec_error for an unknown part.
  virtual void predict_part(const std::string& part, const double* x, int rows, std::vector<double>& out) = 0;
  // Data sets by name ("train", "validation", "test", a lab's extras) and
  // their sizes; a set's inputs as doubles (rows, x width); each example's
  // loss under the run's loss (the mean over its outputs for mse).
  virtual std::vector<std::pair<std::string, int>> sets() const = 0;
  virtual std::vector<double> set_inputs(const std::string& set) const = 0;
  virtual std::vector<double> set_targets(const std::string& set) const = 0;
  virtual std::vector<double> example_losses(const std::string& set) = 0;
  // Examples [first, first + count) of a set's inputs, (count, x width): a
  // view's few digits without converting the whole set.
  virtual std::vector<double> set_input_rows(const std::string& set, int first, int count) const {
    const std::vector<double> all = set_inputs(set);
    const std::size_t w = static_cast<std::size_t>(input_width());
    if (first < 0 || count < 0 || static_cast<std::size_t>(first + count) * w > all.size())
      throw spec_error("examples " + std::to_string(first) + ".." + std::to_string(first + count - 1) + " of set \"" +
                       set + "\": it has " + std::to_string(w ? all.size() / w : 0));
    return std::vector<double>(all.begin() + static_cast<std::ptrdiff_t>(first * w),
                               all.begin() + static_cast<std::ptrdiff_t>((first + count) * w));
  }
  // For each recurrent layer, the norm of the loss gradient that reached each
  // of its time steps in the last training step (layer::time_gradient_norms).
  virtual std::vector<std::vector<double>> time_gradient_norms() const { return {}; }
  // Each hidden layer's speed of learning so far (train/layer_speed.h), rows
  // (step, norm of layer 1, ..., norm of layer L), and L; empty unless the
  // spec's report.layer_speed asks for it.
  virtual const std::vector<double>& layer_speeds() const {
    static const std::vector<double> none;
    return none;
  }
  virtual std::size_t layer_speed_layers() const { return 0; }
  // Noise inputs a generative lab keeps fixed for its samples view, (k, input
  // width) row-major; empty for the others.
  virtual const std::vector<double>& fixed_noise() const {
    static const std::vector<double> none;
    return none;
  }

 protected:
  explicit experiment(experiment_spec s) : spec_(std::move(s)) {}
  experiment_spec spec_;
  long step_ = 0, total_steps_ = 0, steps_per_epoch_ = 0;
  bool done_ = false, diverged_ = false;
  explosion_watch explosion_;
  // The divergence guard, shared by the trainers: false if a step's loss is
  // NaN or infinite (the run stops, diverged); else watched for an explosion.
  bool guard_loss(long at, double loss) {
    if (!std::isfinite(loss)) return false;
    explosion_.see(at, loss);
    return true;
  }
  // The first fields of every kind's saved state: the step, done/diverged,
  // the diverging watch and every report so far (the curves).
  void visit_progress(state_io& io) {
    io.section("the run's progress");
    io.value(step_);
    io.value(done_);
    io.value(diverged_);
    io.value(explosion_.first_loss);
    io.value(explosion_.step);
    io.value(explosion_.loss);
    std::uint64_t n = reports_.size();
    io.value(n);
    if (io.loading()) {
      if (n > static_cast<std::uint64_t>(total_steps_) + 2) throw spec_error("saved state: too many reports");
      reports_.assign(static_cast<std::size_t>(n), report(metrics_));
    }
    for (report& r : reports_) {
      io.value(r.step);
      io.value(r.epoch);
      io.value(r.values);
    }
  }
  std::vector<report> reports_;
  // Declared at construction, never changed after (reports share it).
  std::shared_ptr<std::vector<metric_def>> metrics_ = std::make_shared<std::vector<metric_def>>();
  std::vector<std::int32_t> flips_;
};

// Builds data, model and optimizers in the spec's precision, of the kind its
// lab trains (labs/labs.h: supervised now; adversarial with the GAN lab).
// Throws spec_error.
std::unique_ptr<experiment> make_experiment(const experiment_spec& spec);

}  // namespace synapse
