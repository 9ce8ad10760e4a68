// layers/registry.h: THE table of layer types. A row says how a type reads
// its spec fields, what it makes of an input shape (its output shape, its
// parameter count, the values it keeps per example) before anything is
// allocated, and how to build it in float32 or float64. The spec parser, the
// model's size check and construction, and the trainer's memory estimate all
// ask this table: a new layer type is its file pair plus one row here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "layer.h"

namespace synapse {

// What a layer makes of its input, known before it is built.
struct layer_plan {
  shape out;
  std::uint64_t params = 0;       // parameter count (gradients and optimizer state scale with it)
  std::uint64_t per_example = 0;  // values kept per example of a batch: its output and any cache
  std::uint64_t scratch = 0;      // values kept whatever the batch (at most): conv2d's im2col chunk
};

struct layer_type {
  const char* type;   // the spec's "type"
  // Reads the layer's fields (path names it in errors); index numbers default names.
  layer_spec (*parse)(const nlohmann::json& l, const std::string& path, int index);
  // Throws spec_error naming the layer if it cannot take `in`.
  layer_plan (*plan)(const layer_spec& s, const shape& in);
  std::unique_ptr<layer<float>> (*make_f32)(const layer_spec& s, const shape& in);
  std::unique_ptr<layer<double>> (*make_f64)(const layer_spec& s, const shape& in);
};

const std::vector<layer_type>& layer_types();
// Throws spec_error naming the known types ("model.layers[2].type: must be one of dense|dropout").
const layer_type& find_layer_type(const std::string& type, const std::string& path);

template <class T>
std::unique_ptr<layer<T>> make_layer(const layer_spec& s, const shape& in);

// The whole stack planned: shapes through the layers, sizes summed by asking
// each type. Throws spec_error if a layer cannot take its input.
struct model_plan {
  std::vector<layer_plan> layers;
  std::uint64_t params = 0, per_example = 0, scratch = 0, widest = 0;   // widest: the largest in/out width
};
model_plan plan_model(const shape& in, const std::vector<layer_spec>& layers);

}  // namespace synapse
