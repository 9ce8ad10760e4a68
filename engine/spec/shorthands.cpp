// spec/shorthands.cpp: the model shorthands (shorthands.h), expanded to layers.
#include "shorthands.h"

#include "fields.h"

namespace synapse {

using json = nlohmann::json;
using namespace fields;

// model.mlp, the multilayer perceptron shorthand the knobs edit:
//   {"hidden": [200, 60], "activation": "relu", "dropout": 0.2, "outputs": 10,
//    "output": "softmax"}
// becomes dense 200 relu, dropout 0.2, dense 60 relu, dropout 0.2, dense 10 softmax.
// "bias": false drops every bias (the numpy post's synapses); "names" is the
// dense layers' name prefix ("synapse_": synapse_0, synapse_1, ...); "slope"
// is leaky relu's; "dropout_on": N puts dropout after the first N hidden
// layers only (the lecture's discriminator: after two of its three);
// "dropout_inputs": true drops instead the inputs of every dense layer, the
// output layer's included (the book's network3.py, whose layers take a
// p_dropout for their inputs).
json expand_mlp(const json& mlp, const std::string& p) {
  only_fields(mlp, p, {"hidden", "activation", "slope", "dropout", "dropout_on", "dropout_inputs", "outputs", "output",
                       "bias", "names"});
  const json& hidden = field(mlp, "hidden", p + ".hidden");
  if (!hidden.is_array() || hidden.size() > 16) fail(p + ".hidden", "must be a list of at most 16 layer sizes", hidden);
  const std::string act = text(mlp, "activation", p, "relu");
  const double drop = number(mlp, "dropout", p, 0, 1, false, 0, false);
  if (drop >= 1) fail(p + ".dropout", "must be a finite number in [0, 1) (1 would drop everything)", mlp["dropout"]);
  const long long outputs = integer(mlp, "outputs", p, 1, max_units, 10, false);
  const bool bias = flag(mlp, "bias", p, true);
  const std::string prefix = text(mlp, "names", p, "dense_");
  const std::string drop_prefix = prefix == "dense_" ? "dropout_" : prefix + "dropout_";
  const double slope = number(mlp, "slope", p, 0, 1, false, 0.01, false);
  const long long drop_on = integer(mlp, "dropout_on", p, 0, 16, static_cast<long long>(hidden.size()), false);
  const bool on_inputs = flag(mlp, "dropout_inputs", p, false);
  json layers = json::array();
  auto dropout = [&](std::size_t i) {
    layers.push_back({{"type", "dropout"}, {"rate", drop}, {"name", drop_prefix + std::to_string(i)}});
  };
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    if (drop > 0 && on_inputs) dropout(i);
    layers.push_back({{"type", "dense"}, {"units", hidden[i]}, {"activation", act}, {"slope", slope}, {"bias", bias},
                      {"name", prefix + std::to_string(i)}});
    if (drop > 0 && !on_inputs && static_cast<long long>(i) < drop_on) dropout(i);
  }
  if (drop > 0 && on_inputs) dropout(hidden.size());
  layers.push_back({{"type", "dense"}, {"units", outputs}, {"activation", text(mlp, "output", p, "softmax")},
                    {"bias", bias}, {"name", prefix + std::to_string(hidden.size())}});
  return layers;
}

// model.recurrent, the sequence-model shorthand the LSTM lab's knobs edit:
//   {"cell": "lstm", "units": 128, "layers": 1, "stateful": "off",
//    "recurrent_activation": "sigmoid", "activation": "tanh", "outputs": 1, "output": "linear"}
// becomes `layers` recurrent layers of `units` (every one but the last
// returning its whole sequence, so they stack), then dense `outputs`.
// "activation" is a simple_rnn's (an lstm's cell is tanh, as Keras');
// "recurrent_activation" an lstm's gates'; "stateful": "on" carries each
// layer's state from batch to batch.
json expand_recurrent(const json& r, const std::string& p) {
  only_fields(r, p, {"cell", "units", "layers", "stateful", "recurrent_activation", "activation", "outputs", "output"});
  const std::string cell = text(r, "cell", p, "lstm");
  if (cell != "lstm" && cell != "simple_rnn") fail(p + ".cell", "must be one of lstm|simple_rnn", r["cell"]);
  const long long units = integer(r, "units", p, 1, max_units, 0, true);
  const long long count = integer(r, "layers", p, 1, 8, 1, false);
  const std::string state = text(r, "stateful", p, "off");
  if (state != "off" && state != "on") fail(p + ".stateful", "must be one of off|on", r["stateful"]);
  json layers = json::array();
  for (long long i = 0; i < count; ++i) {
    json l = {{"type", cell}, {"name", cell + "_" + std::to_string(i)}, {"units", units},
              {"return_sequences", i + 1 < count}, {"stateful", state == "on"}};
    if (cell == "lstm") l["recurrent_activation"] = text(r, "recurrent_activation", p, "sigmoid");
    else l["activation"] = text(r, "activation", p, "tanh");
    layers.push_back(l);
  }
  layers.push_back({{"type", "dense"}, {"name", "dense_0"}, {"units", integer(r, "outputs", p, 1, max_units, 1, false)},
                    {"activation", text(r, "output", p, "linear")}});
  return layers;
}

// model.cnn, the convolutional front of a CNN, the CNN lab's knobs edit it;
// model.mlp is its dense head:
//   {"blocks": [{"filters": [32], "kernel_size": 5, "strides": 1, "padding": "same",
//                "pool": "max", "pool_size": 2, "pool_strides": 2},
//               {"filters": [64, 128, 64], "kernel_size": 5, "padding": "valid", "pool": "max"}],
//    "use": 2}
// becomes, for each of the first `use` blocks (all by default; 0: none, the
// head alone on the flattened image), one conv2d layer per entry of filters,
// alike but for their filters (kernel_size, strides, padding), then the
// block's pool ("max", "average", "l2" pooling; "none": no pool); then
// flatten, then the mlp's layers. kernel_size, strides, pool_size and
// pool_strides are a layer's (one integer or [rows, columns]; pool_strides
// defaults to the pool size, as Keras'). The conv layers take "activation"
// if given, else the mlp's (the book's ReLU step changes both). Names count
// per kind: conv2d_0, conv2d_1, ..., max_pool_0, ..., flatten, dense_0, ...
json expand_cnn(const json& cnn, const json& mlp, const std::string& p, const std::string& mlp_path) {
  only_fields(cnn, p, {"blocks", "use", "activation"});
  const json& blocks = field(cnn, "blocks", p + ".blocks");
  if (!blocks.is_array() || blocks.size() > 8) fail(p + ".blocks", "must be a list of at most 8 blocks", blocks);
  const long long use = integer(cnn, "use", p, 0, static_cast<long long>(blocks.size()),
                                static_cast<long long>(blocks.size()), false);
  const std::string act = text(cnn, "activation", p, text(mlp, "activation", mlp_path, "relu").c_str());
  json layers = json::array();
  int convs = 0, pools = 0;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const std::string bp = p + ".blocks[" + std::to_string(b) + "]";
    const json& block = blocks[b];
    only_fields(block, bp, {"filters", "kernel_size", "strides", "padding", "pool", "pool_size", "pool_strides"});
    const json& filters = field(block, "filters", bp + ".filters");
    if (!filters.is_array() || filters.empty() || filters.size() > 8)
      fail(bp + ".filters", "must be a list of 1 to 8 filter counts, one per conv layer", filters);
    const std::string pool = text(block, "pool", bp, "max");
    if (pool != "max" && pool != "average" && pool != "l2" && pool != "none")
      fail(bp + ".pool", "must be one of max|average|l2|none", block["pool"]);
    if (static_cast<long long>(b) >= use) continue;
    for (const json& f : filters) {
      json conv = {{"type", "conv2d"}, {"name", "conv2d_" + std::to_string(convs++)}, {"filters", f},
                   {"kernel_size", field(block, "kernel_size", bp + ".kernel_size")},
                   {"padding", text(block, "padding", bp, "valid")}, {"activation", act}};
      if (block.contains("strides")) conv["strides"] = block["strides"];
      layers.push_back(conv);
    }
    if (pool == "none") continue;
    json l = {{"type", pool + "_pool"}, {"name", pool + "_pool_" + std::to_string(pools++)}};
    if (block.contains("pool_size")) l["pool_size"] = block["pool_size"];
    if (block.contains("pool_strides")) l["strides"] = block["pool_strides"];
    layers.push_back(l);
  }
  layers.push_back({{"type", "flatten"}, {"name", "flatten"}});
  for (const json& l : expand_mlp(mlp, mlp_path)) layers.push_back(l);
  return layers;
}

}  // namespace synapse
