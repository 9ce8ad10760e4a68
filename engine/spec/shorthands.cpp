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
// layers only (the lecture's discriminator: after two of its three).
json expand_mlp(const json& mlp, const std::string& p) {
  only_fields(mlp, p, {"hidden", "activation", "slope", "dropout", "dropout_on", "outputs", "output", "bias", "names"});
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
  json layers = json::array();
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    layers.push_back({{"type", "dense"}, {"units", hidden[i]}, {"activation", act}, {"slope", slope}, {"bias", bias},
                      {"name", prefix + std::to_string(i)}});
    if (drop > 0 && static_cast<long long>(i) < drop_on)
      layers.push_back({{"type", "dropout"}, {"rate", drop}, {"name", drop_prefix + std::to_string(i)}});
  }
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


}  // namespace synapse
