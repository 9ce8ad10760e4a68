// spec/shorthands.h: the model shorthands the knobs edit, each expanded to
// the list of layers it stands for (model.layers' form), checked field by
// field with errors naming the field's path:
//   mlp        dense layers (the perceptron)
//   recurrent  stacked lstm / simple_rnn layers, then dense
// shorthands.cpp has each one's fields and an example.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace synapse {

nlohmann::json expand_mlp(const nlohmann::json& mlp, const std::string& path);
nlohmann::json expand_recurrent(const nlohmann::json& recurrent, const std::string& path);

}  // namespace synapse
