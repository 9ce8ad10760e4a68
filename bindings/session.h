// bindings/session.h: the one object JavaScript holds (class_<session>).
//
// Nothing throws out of here: every method catches, and reports failure in
// its result ({ok:false, error:"alpha: must be ..."}); a failed configure
// leaves the previous experiment untouched. Methods returning typed arrays
// return views into memory the session owns: valid until the next call that
// may allocate; bindings/facade.mjs copies them at once.
#pragma once

#include <emscripten/val.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/train/experiment.h"

namespace synapse {

struct call_result {
  bool ok = true;
  std::string error;
};

struct step_metrics {
  bool ok = true;
  std::string error;
  double step = 0;       // updates done so far
  double ran = 0;        // steps run by this call
  bool done = false;
  bool diverged = false;
  // A finite loss exploded far above its start (train/divergence.h): the step
  // it did (-1: not diverging), that loss and the first step's loss.
  bool diverging = false;
  double diverging_step = -1;
  double diverging_loss = 0;
  double first_loss = 0;
  double last_error = 0;  // the error measured at the last step run (NaN if none)
};

class session {
 public:
  // preset: a preset name; knobs_json: {"alpha": "10", ...} (values as text).
  call_result configure(const std::string& preset, const std::string& knobs_json);
  // A complete experiment document (JSON text).
  call_result configure_document(const std::string& experiment_json);
  step_metrics run(double n);
  // One phase of a step (experiment::run_phase: a GAN's "discriminator" or
  // "generator"); ran is 1 when it completed a step (curve() then holds it).
  step_metrics phase(const std::string& part);

  bool configured() const { return exp_ != nullptr; }
  std::string describe() const;   // JSON: spec document, layer widths, parameter layout
  emscripten::val curve() const;  // Float64Array: error per step of the last run()
  // Float64Array, 2 + metrics per report: step, epoch, then the metrics
  // describe() lists, in its order (NaN where not measured)
  emscripten::val reports();
  // view: JS writes n input numbers into view_input(n) (a picked point; n may
  // be 0), then view(name, n) gives {ok, error, shape: [..], data:
  // Float64Array view, meta: {..}}.
  emscripten::val view_input(int n);
  emscripten::val view(const std::string& name, int n);
  emscripten::val params();       // Float64Array: every parameter (as double)
  emscripten::val update_flips() const;   // Int32Array, parameter order
  emscripten::val outputs();      // Float64Array: outputs for the training inputs
  // forward: JS writes rows inputs into forward_input(rows), then calls
  // forward_run(rows) to get every layer's outputs, layer after layer.
  emscripten::val predicted_classes();   // Uint8Array: argmax per test example
  emscripten::val forward_input(int rows);
  emscripten::val forward_run(int rows);
  // The run's state (train/state.h): save_state() gives {ok, error, bytes:
  // Uint8Array view}; to load, JS writes n bytes into state_input(n), then
  // load_state(n) puts them in (a refused file leaves the run as it was).
  emscripten::val save_state();
  emscripten::val state_input(double n);
  call_result load_state(double n);

 private:
  std::unique_ptr<experiment> exp_;
  std::string document_;   // the configured experiment, JSON
  std::vector<double> curve_, scratch_, input_, output_, view_in_, view_out_;
  std::vector<std::uint8_t> classes_;
  std::string state_;   // save_state's bytes, or the bytes load_state reads
  long curve_len_ = 0;
};

}  // namespace synapse
