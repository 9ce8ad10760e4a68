// spec/shorthands.h: the model shorthands the knobs edit, each expanded to
// the list of layers it stands for (model.layers' form), checked field by
// field with errors naming the field's path:
//   mlp        dense layers (the perceptron; also a CNN's dense head)
//   recurrent  stacked lstm / simple_rnn layers, then dense
//   cnn        conv-pool blocks, then flatten, then the model's mlp
// shorthands.cpp has each one's fields and an example.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace synapse {

nlohmann::json expand_mlp(const nlohmann::json& mlp, const std::string& path);
nlohmann::json expand_recurrent(const nlohmann::json& recurrent, const std::string& path);
// The convolutional blocks of `cnn`, flatten, then the layers of `mlp`.
nlohmann::json expand_cnn(const nlohmann::json& cnn, const nlohmann::json& mlp, const std::string& path,
                          const std::string& mlp_path);

}  // namespace synapse
