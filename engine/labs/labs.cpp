// labs/labs.cpp: the registry, view dispatch and make_experiment.
#include "labs.h"

#include <nlohmann/json.hpp>

#include "../spec/knobs.h"
#include "../train/supervised.h"

namespace synapse {

const std::vector<const lab_row*>& labs() {
  static const std::vector<const lab_row*> table = {&xor_lab, &mnist_lab, &autoencoder_lab};
  return table;
}

const lab_row& find_lab(const std::string& name) {
  std::string known;
  for (const lab_row* l : labs()) {
    if (name == l->name) return *l;
    known += (known.empty() ? "" : ", ") + std::string(l->name);
  }
  throw spec_error("lab: unknown lab \"" + name + "\" (known: " + known + ")");
}

view_data serve_view(experiment& e, const std::string& name, const std::vector<double>& input) {
  const lab_row& lab = find_lab(e.spec().lab);
  std::string known;
  for (const view_row& v : lab.views) {
    if (name == v.name) return v.serve(e, input);
    known += (known.empty() ? "" : ", ") + std::string(v.name);
  }
  throw spec_error("view: unknown view \"" + name + "\" (the " + lab.name + " lab has: " + known + ")");
}

nlohmann::json labs_json() {
  nlohmann::json all = nlohmann::json::array();
  for (const lab_row* l : labs()) {
    nlohmann::json presets = nlohmann::json::array(), views = nlohmann::json::array();
    for (const preset& p : synapse::presets())
      if (std::string(p.lab) == l->name) presets.push_back(p.name);
    for (const view_row& v : l->views) views.push_back({{"name", v.name}, {"help", v.help}});
    all.push_back({{"name", l->name}, {"title", l->title}, {"summary", l->summary}, {"presets", presets},
                   {"views", views}});
  }
  return all;
}

std::unique_ptr<experiment> make_experiment(const experiment_spec& spec) {
  switch (find_lab(spec.lab).kind) {
    case experiment_kind::supervised: return make_supervised(spec);
  }
  throw spec_error("lab: no trainer for lab \"" + spec.lab + "\"");
}

}  // namespace synapse
