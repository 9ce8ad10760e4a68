// labs/labs.cpp: the registry, view dispatch and make_experiment.
#include "labs.h"

#include <nlohmann/json.hpp>

#include "../data/catalog.h"
#include "../spec/json_text.h"
#include "../spec/knobs.h"
#include "../train/adversarial.h"
#include "../train/supervised.h"

namespace synapse {

const std::vector<const lab_row*>& labs() {
  static const std::vector<const lab_row*> table = {&xor_lab, &mnist_lab, &cnn_lab, &autoencoder_lab, &lstm_lab, &gan_lab,
                                                      &universality_lab};
  return table;
}

const lab_row& find_lab(const std::string& name) {
  std::string known;
  for (const lab_row* l : labs()) {
    if (name == l->name) return *l;
    known += (known.empty() ? "" : ", ") + std::string(l->name);
  }
  throw spec_error("lab: unknown lab " + quoted_text(name) + " (known: " + known + ")");
}

namespace {

view_data flat(std::vector<double> data) {
  view_data v;
  v.shape = {static_cast<int>(data.size())};
  v.data = std::move(data);
  return v;
}

// params: every parameter, in describe()'s order, shape (count).
view_data params(experiment& e, const std::vector<double>&) {
  std::vector<double> p(e.param_count());
  e.copy_params(p.data());
  return flat(std::move(p));
}

// update_flips: per parameter, how often its update changed direction (empty
// unless the spec counts them), shape (count).
view_data update_flips(experiment& e, const std::vector<double>&) {
  const auto& f = e.update_flips();
  return flat(std::vector<double>(f.begin(), f.end()));
}

// outputs: the network's output for every training example, shape (n, out)
// (small tabular sets only; (0) for image sets).
view_data outputs(experiment& e, const std::vector<double>&) {
  view_data v = flat(e.outputs());
  const int out = e.layer_widths().back();
  if (!v.data.empty()) v.shape = {static_cast<int>(v.data.size()) / out, out};
  return v;
}

// train_data: the training set's inputs and targets side by side, shape
// (n, x width + y width), meta x_width, y_width; refused past 4096 examples.
view_data train_data(experiment& e, const std::vector<double>&) {
  int n = 0;
  for (const auto& [name, count] : e.sets())
    if (name == "train") n = count;
  if (n > 4096) throw spec_error("train_data: the training set has " + std::to_string(n) + " examples (at most 4096)");
  const std::vector<double> x = e.set_inputs("train"), y = e.set_targets("train");
  const int xw = n ? static_cast<int>(x.size()) / n : 0, yw = n ? static_cast<int>(y.size()) / n : 0;
  view_data v;
  v.shape = {n, xw + yw};
  for (int i = 0; i < n; ++i) {
    v.data.insert(v.data.end(), x.begin() + i * xw, x.begin() + (i + 1) * xw);
    v.data.insert(v.data.end(), y.begin() + i * yw, y.begin() + (i + 1) * yw);
  }
  v.meta = {{"x_width", xw}, {"y_width", yw}};
  return v;
}

}  // namespace

const std::vector<view_row>& common_views() {
  static const std::vector<view_row> rows = {
      {"params", "every parameter, in the order describe() lists them", params},
      {"update_flips", "per parameter, how often its update changed direction", update_flips},
      {"outputs", "the network's output for every training example (small sets)", outputs},
      {"train_data", "the training set's inputs and targets (small sets)", train_data},
  };
  return rows;
}

view_data serve_view(experiment& e, const std::string& name, const std::vector<double>& input) {
  const lab_row& lab = find_lab(e.spec().lab);
  std::string known;
  for (const auto* views : {&lab.views, &common_views()})
    for (const view_row& v : *views) {
      if (name == v.name) return v.serve(e, input);
      known += (known.empty() ? "" : ", ") + std::string(v.name);
    }
  throw spec_error("view: unknown view " + quoted_text(name) + " (the " + lab.name + " lab has: " + known + ")");
}

nlohmann::json labs_json() {
  nlohmann::json all = nlohmann::json::array();
  for (const lab_row* l : labs()) {
    nlohmann::json presets = nlohmann::json::array(), views = nlohmann::json::array();
    for (const preset& p : synapse::presets())
      if (std::string(p.lab) == l->name) presets.push_back(p.name);
    for (const view_row& v : l->views) views.push_back({{"name", v.name}, {"help", v.help}});
    nlohmann::json data = nlohmann::json::array();
    for (const char* d : l->data)
      for (const catalog_row& r : data_catalog())
        if (std::string(r.name) == d) data.push_back({{"name", r.name}, {"about", r.about}});
    all.push_back({{"name", l->name}, {"title", l->title}, {"summary", l->summary}, {"presets", presets},
                   {"views", views}, {"data", data}});
  }
  return all;
}

void check_fits(const experiment_spec& spec) {
  if (find_lab(spec.lab).kind == experiment_kind::supervised) check_supervised(spec);
}

namespace {

// The refusal `e` of spec (a preset with knobs set) with the knobs behind it
// named first: those that alone, on the preset, are refused too (the preset
// itself is not); a run too large for no single knob names them all
// together. "" if no knob is to blame or the message names one already.
std::string blamed(const experiment_spec& spec, const spec_error& e) {
  const std::string why = e.what();
  if (spec.preset.empty() || spec.knobs.empty()) return "";
  for (const auto& [name, value] : spec.knobs)
    if (why.rfind(name + ":", 0) == 0) return "";
  try {
    check_fits(spec_from_preset(spec.preset, {}));
  } catch (const spec_error&) {
    return "";   // the preset itself (its data, say) is refused: no knob's doing
  }
  std::string alone, together;
  for (const auto& [name, value] : spec.knobs) {
    together += (together.empty() ? "" : ", ") + name + "=" + value;
    try {
      check_fits(spec_from_preset(spec.preset, {{name, value}}));
    } catch (const spec_error&) {
      alone += (alone.empty() ? "" : ", ") + name;
    }
  }
  std::string rest = why;
  for (const char* prefix : {"model: ", "model.layers: "})
    if (rest.rfind(prefix, 0) == 0) rest = rest.substr(std::string(prefix).size());
  if (!alone.empty()) return alone + ": " + rest;
  if (dynamic_cast<const fit_error*>(&e)) return "the knobs " + together + " together: " + rest;
  return "";
}

std::unique_ptr<experiment> build(const experiment_spec& spec) {
  const lab_row& lab = find_lab(spec.lab);
  std::unique_ptr<experiment> e;
  switch (lab.kind) {
    case experiment_kind::supervised: e = make_supervised(spec); break;
    case experiment_kind::adversarial: e = make_adversarial(spec); break;
  }
  if (!e) throw spec_error("lab: no trainer for lab " + quoted_text(spec.lab));
  if (lab.start) lab.start(*e);
  return e;
}

// Throws refusal `e` again, with the knobs behind it named if any are to blame
// (called in its catch block: with none, it is rethrown as it is).
[[noreturn]] void throw_named(const experiment_spec& spec, const spec_error& e) {
  const std::string named = blamed(spec, e);
  if (named.empty()) throw;
  if (dynamic_cast<const fit_error*>(&e)) throw fit_error(named);
  throw spec_error(named);
}

}  // namespace

// A refusal caused by knobs (a shape that does not fit, a run too large)
// names them: "conv1_filters: training needs about 5593 MB ...".
std::unique_ptr<experiment> make_experiment(const experiment_spec& spec) {
  try {
    return build(spec);
  } catch (const spec_error& e) {
    throw_named(spec, e);
  }
}

void check_fits_named(const experiment_spec& spec) {
  try {
    check_fits(spec);
  } catch (const spec_error& e) {
    throw_named(spec, e);
  }
}

}  // namespace synapse
