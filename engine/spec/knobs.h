// spec/knobs.h: THE knob table. Every knob of every lab is a row here; the CLI
// (--set), the page's controls, share links (#lab=xor&alpha=10) and the
// worker all read this table and nothing else.
//
// A knob names one field of a preset's experiment document (a JSON pointer)
// with its type, allowed range, words and group. A knob name means one thing
// in every lab (one row per name: `hidden` is the hidden layer sizes
// everywhere, `lr` the learning rate, which the numpy post calls alpha: an
// alias links and --set still accept). Choice lists are the engine's own enum
// tables (activation_choices(), ...), and each range is checked here and
// nowhere else. A preset is a complete experiment document plus the names of
// the knobs it exposes; its defaults are read from the document.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "spec.h"

namespace synapse {

// integer_list: comma-separated integers in [min, max], at most max_items ("200,60").
enum class knob_type { number, integer, choice, integer_list };

// Where the page shows a knob: what the network learns from, its shape, how it learns.
enum class knob_group { data, model, training };
const char* knob_group_name(knob_group g);   // "data", "model", "training"

struct knob {
  const char* name;           // the link and --set name: "lr"
  const char* label;          // in words: "Learning rate"
  knob_group group;
  const char* pointer;        // into the experiment document, e.g. "/optimizer/lr"
  knob_type type;
  double min, max;            // number / integer / integer_list items
  bool min_open;              // number: min itself excluded
  const char* (*choices)();   // choice: an enum table of the engine ("f32|f64")
  const char* help;
  const char* alias;          // an older name still accepted ("alpha"), or null
  int max_items = 8;          // integer_list: the most numbers it takes
};

// Every knob of every lab, one row per name.
const std::vector<knob>& knob_table();
// The row for `name` or its alias, or null.
const knob* find_knob(const std::string& name);

struct preset {
  const char* name;      // the share-link and CLI name: "xor"
  const char* lab;       // which lab (page) it belongs to
  const char* title;
  const char* document;  // the experiment, JSON
  std::vector<const knob*> knobs;
};

const std::vector<preset>& presets();
// Throws spec_error listing the known presets.
const preset& find_preset(const std::string& name);

std::string knob_range(const knob& k);                        // "1..4096", "(0, 1e+06]", "f32|f64"
std::string knob_default(const preset& p, const knob& k);     // read from the document
nlohmann::json preset_document(const preset& p);

using knob_values = std::vector<std::pair<std::string, std::string>>;

// Sets knob `name` (or its alias) to the text `value` in doc. The knob must
// be one of `allowed`. Throws spec_error naming the knob as given, the range
// and the value:
//   alpha: must be a finite number in (0, 1e+06], got "nan"
void apply_knob(const std::vector<const knob*>& allowed, nlohmann::json& doc,
                const std::string& name, const std::string& value);

// The knobs an experiment document of this lab accepts (its presets' knobs).
std::vector<const knob*> knobs_for_lab(const std::string& lab);

// Preset + knob values -> validated spec (and the resulting document).
experiment_spec spec_from_preset(const std::string& preset_name, const knob_values& values,
                                 nlohmann::json* doc_out = nullptr);

// The whole table as JSON, for the page and `synapse presets --format json`:
// [{"name","lab","title","knobs":[{"name","label","group","alias","type",
//   "default","min","max","min_open","choices","range","help"}]}]
nlohmann::json presets_json();

}  // namespace synapse
