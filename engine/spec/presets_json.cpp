// spec/presets_json.cpp: the knob table as JSON for the page and
// `synapse presets --format json` (knobs.h: presets_json), every preset with
// its knobs' words, group, default, range and choices.
#include <nlohmann/json.hpp>

#include "knobs.h"

namespace synapse {

using json = nlohmann::json;

json presets_json() {
  json all = json::array();
  for (const auto& p : presets()) {
    json knobs = json::array();
    for (const knob* k : p.knobs) {
      json row = {{"name", k->name},
                  {"label", k->label},
                  {"group", knob_group_name(k->group)},
                  {"alias", k->alias ? json(k->alias) : json(nullptr)},
                  {"type", k->type == knob_type::number    ? "number"
                           : k->type == knob_type::integer ? "integer"
                           : k->type == knob_type::choice  ? "choice"
                                                           : "integer_list"},
                  {"default", knob_default(p, *k)},
                  {"range", knob_range(*k)},
                  {"help", k->help}};
      if (k->type == knob_type::choice) {
        json c = json::array();
        std::string s = k->choices();
        for (std::size_t start = 0;;) {
          const std::size_t bar = s.find('|', start);
          c.push_back(s.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
          if (bar == std::string::npos) break;
          start = bar + 1;
        }
        row["choices"] = c;
      } else {
        row["min"] = k->min;
        row["max"] = k->max;
        row["min_open"] = k->min_open;
      }
      knobs.push_back(row);
    }
    all.push_back({{"name", p.name}, {"lab", p.lab}, {"title", p.title}, {"knobs", knobs}});
  }
  return all;
}

}  // namespace synapse
