// labs/labs.h: the lab registry. A lab is one row: its name (the spec's
// "lab"), what it teaches in one line, the kind of experiment that trains it,
// the named views a page can ask of a run, and how the CLI words its final
// figures. Its presets are rows of spec/presets.cpp with the same lab name.
// The session, the CLI and the page's start page read only this table.
//
// A view is a typed array with a shape (row-major) and a few named numbers
// (meta), computed from the experiment's generic accessors; `input` carries
// what the page picked (a point to encode), empty otherwise.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "../train/experiment.h"

namespace synapse {

enum class experiment_kind { supervised, adversarial };

struct view_data {
  std::vector<int> shape;
  std::vector<double> data;
  std::vector<std::pair<std::string, double>> meta;
};

using view_fn = view_data (*)(experiment& e, const std::vector<double>& input);

struct view_row {
  const char* name;
  const char* help;
  view_fn serve;
};

struct lab_row {
  const char* name;
  const char* title;
  const char* summary;   // one line: what the lab teaches
  experiment_kind kind;
  std::vector<view_row> views;
  // The data sets it trains on, by their catalog names (data/catalog.h): what
  // `synapse data NAME` prints and the page offers as CSV.
  std::vector<const char*> data;
  // The final figures in the source's words (null: one "Label: value" line
  // per final metric, as MNIST's "Test loss: 0.0712").
  void (*final_text)(const report& last, std::ostream& out);
  // A progress line per report of a run counted in steps (null: the numpy
  // post's "Error after N iterations:" line; epoch runs print Keras' line).
  void (*report_text)(const experiment& e, const report& r, std::ostream& out) = nullptr;
  // Called once on a fresh run, before any step (null: nothing): checks what
  // the lab needs of the spec and may set the first weights by hand
  // (experiment::set_params), as the universality lab's construction does.
  // Throws spec_error naming the knob.
  void (*start)(experiment& e) = nullptr;
};

extern const lab_row xor_lab, mnist_lab, cnn_lab, autoencoder_lab, gan_lab, lstm_lab, universality_lab;

const std::vector<const lab_row*>& labs();
// Throws spec_error naming the known labs.
const lab_row& find_lab(const std::string& name);
// Views every lab has (params, update_flips, outputs, train_data), after its own.
const std::vector<view_row>& common_views();
// Serves view `name` of e's lab; throws spec_error naming the lab's views.
view_data serve_view(experiment& e, const std::string& name, const std::vector<double>& input);
// [{name, title, summary, presets: [names], views: [{name, help}], data: [{name, about}]}]
nlohmann::json labs_json();
// Throws what make_experiment would for the data, the batch size and the
// memory (fit_error), allocating nothing but the data sets' views.
void check_fits(const experiment_spec& spec);
// check_fits with the knobs behind a refusal named, as make_experiment names
// them ("conv2_kernel: conv2d layer \"conv2d_2\" cannot take (6, 6, 64): ...").
void check_fits_named(const experiment_spec& spec);

}  // namespace synapse
