// The layer registry: shapes through the stack, sizes asked of each type,
// unknown types and impossible shapes named; fusions wired by capability.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "engine/layers/registry.h"
#include "engine/model/model.h"

using namespace synapse;

namespace {
layer_spec parsed(const char* text, int index = 0) {
  const nlohmann::json l = nlohmann::json::parse(text);
  return find_layer_type(l.value("type", "dense"), "model.layers[0].type").parse(l, "model.layers[0]", index);
}
}  // namespace

TEST_CASE("a model plan propagates shapes and sums sizes by asking the layer types", "[layers]") {
  const std::vector<layer_spec> mlp = {parsed(R"({"units": 200, "activation": "relu"})", 0),
                                       parsed(R"({"type": "dropout", "rate": 0.2})", 1),
                                       parsed(R"({"units": 60, "activation": "relu", "bias": false})", 2),
                                       parsed(R"({"units": 10, "activation": "softmax"})", 3)};
  const model_plan p = plan_model({784}, mlp);
  REQUIRE(p.layers.size() == 4);
  CHECK(p.layers[0].out == shape{200});
  CHECK(p.layers[1].out == shape{200});   // dropout keeps the shape
  CHECK(p.layers[3].out == shape{10});
  CHECK(p.params == 784u * 200 + 200 + 200u * 60 + 60u * 10 + 10);   // the third has no bias
  CHECK(p.per_example == 200 + 2 * 200 + 60 + 10);                    // outputs, and dropout's mask
  CHECK(p.widest == 784);
  CHECK(parsed(R"({"units": 5})", 7).name == "dense_7");
  // The model built from the same specs agrees with its plan.
  model<float> m(784, mlp, 4);
  CHECK(m.param_count() == p.params);
  CHECK(m.at(1).in_shape() == shape{200});
  CHECK(shape_text(m.at(3).out_shape()) == "(10)");
}

TEST_CASE("unknown layer types and impossible shapes are refused, naming what is wrong", "[layers]") {
  CHECK_THROWS_WITH(parsed(R"({"type": "conv9d", "units": 3})"),
                    "model.layers[0].type: must be one of dense|dropout|lstm|simple_rnn|conv2d|max_pool|average_pool|l2_pool|flatten, got \"conv9d\"");
  CHECK_THROWS_WITH(parsed(R"({"type": "dropout", "rate": 1})"), Catch::Contains("1 would drop everything"));
  CHECK_THROWS_WITH(plan_model({28, 28, 1}, {parsed(R"({"units": 10})")}),
                    "model.layers: dense layer \"dense_0\" takes features (N), got (28, 28, 1) (flatten it first)");
  CHECK(shape_size({28, 28, 1}) == 784);
}

TEST_CASE("fusions are capabilities: only layers that offer them are wired", "[layers]") {
  const layer_spec relu = parsed(R"({"units": 8, "activation": "relu"})");
  const layer_spec drop = parsed(R"({"type": "dropout", "rate": 0.5})");
  const layer_spec soft = parsed(R"({"units": 3, "activation": "softmax"})");
  model<double> fused(4, {relu, soft}, 2, true);
  CHECK(fused.at(1).output_fused());
  activation f;
  double slope;
  CHECK(fused.at(0).out_gate(f, slope));   // relu offers its gate; the dense after it took it
  CHECK(f == activation::relu);
  CHECK_FALSE(fused.at(1).out_gate(f, slope));   // a fused output has no gate to offer
  // A dropout layer neither gives logits nor takes a gate.
  CHECK_THROWS_WITH(model<double>(4, {relu, drop}, 2, true), Catch::Contains("needs an output layer that can give its logits"));
}
