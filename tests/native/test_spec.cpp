// Presets, knobs and experiment documents: bad input is refused with one line
// naming what is wrong and what is allowed.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/spec/knobs.h"

using namespace synapse;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {
std::string error_of(const std::string& preset, const knob_values& v) {
  try {
    spec_from_preset(preset, v);
  } catch (const spec_error& e) {
    return e.what();
  }
  return "";
}
std::string error_of_document(const std::string& text) {
  try {
    parse_spec(nlohmann::json::parse(text));
  } catch (const spec_error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("the xor preset is the numpy post's network", "[spec]") {
  const experiment_spec s = spec_from_preset("xor", {});
  CHECK(s.prec == precision::f64);
  CHECK(s.seed == 1);
  CHECK(s.init == init_scheme::numpy_uniform);
  REQUIRE(s.layers.size() == 2);
  CHECK(s.layers[0].units == 4);
  CHECK(s.layers[0].name == "synapse_0");
  CHECK_FALSE(s.layers[0].bias);
  CHECK(s.layers[1].act == activation::sigmoid);
  CHECK(s.loss == loss_kind::summed_error);
  CHECK(s.opt.lr == 1.0);
  CHECK(s.iterations == 60000);
  CHECK(s.report_every == 10000);
  CHECK(s.batch_size == 0);
}

TEST_CASE("knobs change exactly their field", "[spec]") {
  const experiment_spec s =
      spec_from_preset("xor", {{"alpha", "10"}, {"hidden", "32"}, {"precision", "f32"}, {"seed", "4294967295"}});
  CHECK(s.opt.lr == 10.0);
  CHECK(s.layers[0].units == 32);
  CHECK(s.prec == precision::f32);
  CHECK(s.seed == 4294967295u);
  CHECK(s.iterations == 60000);
}

TEST_CASE("bad knob values name the knob, the range and the value", "[spec]") {
  CHECK_THAT(error_of("xor", {{"hidden", "0"}}),
             Equals("hidden: must be up to 8 comma-separated integers in 1..4096, got \"0\""));
  CHECK_THAT(error_of("xor", {{"hidden", "1e9"}}),
             Equals("hidden: must be up to 8 comma-separated integers in 1..4096, got \"1e9\""));
  CHECK_THAT(error_of("xor", {{"hidden", "1000000000"}}), Contains("1..4096"));
  CHECK_THAT(error_of("xor", {{"alpha", "nan"}}),
             Equals("alpha: must be a finite number in (0, 1000000], got \"nan\""));
  CHECK_THAT(error_of("xor", {{"alpha", "inf"}}), Contains("alpha: must be a finite number"));
  CHECK_THAT(error_of("xor", {{"alpha", "0"}}), Contains("(0, 1000000]"));
  CHECK_THAT(error_of("xor", {{"alpha", "1x"}}), Contains("got \"1x\""));
  CHECK_THAT(error_of("xor", {{"alpha", ""}}), Contains("alpha: must be"));
  CHECK_THAT(error_of("xor", {{"iterations", "-5"}}),
             Equals("iterations: must be an integer in 1..100000000, got \"-5\""));
  CHECK_THAT(error_of("xor", {{"precision", "f16"}}), Equals("precision: must be one of f64|f32, got \"f16\""));
  CHECK_THAT(error_of("xor", {{"seed", "-1"}}), Contains("0..4294967295"));
}

TEST_CASE("unknown presets and knobs list what exists", "[spec]") {
  CHECK_THAT(error_of("xox", {}), Contains("unknown preset \"xox\" (known: xor, xor-warmup, mnist-mlp"));
  CHECK_THAT(error_of("xor", {{"alfa", "1"}}), Contains("unknown knob \"alfa\" (knobs: optimizer, lr, hidden"));
  CHECK_THAT(error_of("xor-warmup", {{"hidden", "3"}}), Contains("unknown knob \"hidden\""));
}

TEST_CASE("experiment documents are checked field by field", "[spec]") {
  nlohmann::json base = preset_document(find_preset("xor"));
  base["model"] = nlohmann::json::parse(R"({"init": "numpy_uniform", "layers": [
      {"type": "dense", "name": "synapse_0", "units": 4, "activation": "sigmoid", "bias": false},
      {"type": "dense", "name": "synapse_1", "units": 1, "activation": "sigmoid", "bias": false}]})");
  const std::string ok = base.dump();
  CHECK(error_of_document(ok).empty());
  auto with = [&](const char* pointer, nlohmann::json v) {
    nlohmann::json d = nlohmann::json::parse(ok);
    d[nlohmann::json::json_pointer(pointer)] = v;
    return error_of_document(d.dump());
  };
  CHECK_THAT(with("/model/layers/0/units", 0), Equals("model.layers[0].units: must be an integer in 1..65536, got 0"));
  CHECK_THAT(with("/model/layers/1/activation", "swish"),
             Contains("model.layers[1].activation: must be one of linear|sigmoid|tanh|relu"));
  CHECK_THAT(with("/optimizer/lr", -1), Contains("optimizer.lr: must be a finite number in (0, 1000000], got -1"));
  CHECK_THAT(with("/loss", "hinge"), Contains("loss: must be one of mse|summed_error"));
  CHECK_THAT(with("/schedule/iterations", 2.5), Contains("schedule.iterations: must be an integer"));
  CHECK_THAT(with("/data/name", "cifar"), Contains("data.name: must be one of xor|xor-warmup"));
  CHECK_THAT(with("/optimiser", nlohmann::json::object()), Contains("unknown field \"optimiser\""));
  CHECK_THAT(with("/precision", 64), Contains("precision: must be a string, got 64"));
  nlohmann::json d = nlohmann::json::parse(ok);
  d.erase("loss");
  CHECK_THAT(error_of_document(d.dump()), Equals("loss: missing"));
}

TEST_CASE("the knob table reads defaults from the documents", "[spec]") {
  const nlohmann::json t = presets_json();
  REQUIRE(t.size() == presets().size());
  CHECK(t[0]["name"] == "xor");
  bool found = false;
  for (const auto& k : t[0]["knobs"])
    if (k["name"] == "hidden") {
      found = true;
      CHECK(k["default"] == "4");
      CHECK(k["range"] == "1..4096");
      CHECK(k["type"] == "integer_list");
      CHECK(k["label"] == "Hidden units");
      CHECK(k["group"] == "model");
    }
  CHECK(found);
}

TEST_CASE("one knob table: a name means one thing in every lab; choices are the engine's enum tables", "[spec]") {
  // Every preset's knob of a given name is the same row (same field, type, range, words).
  for (const preset& p : presets())
    for (const knob* k : p.knobs) CHECK(find_knob(k->name) == k);
  std::vector<std::string> names;
  for (const knob& k : knob_table()) names.push_back(k.name);
  std::sort(names.begin(), names.end());
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
  // The learning rate is one knob; the numpy post's alpha is its alias, accepted by links and --set.
  CHECK(find_knob("alpha") == find_knob("lr"));
  const experiment_spec a = spec_from_preset("xor", {{"alpha", "10"}});
  const experiment_spec b = spec_from_preset("xor", {{"lr", "10"}});
  CHECK(a.opt.lr == 10);
  CHECK(b.opt.lr == 10);
  // hidden is a list of sizes in the XOR lab as in MNIST: XOR may now be deeper.
  const experiment_spec deep = spec_from_preset("xor", {{"hidden", "8,4"}});
  REQUIRE(deep.layers.size() == 3);
  CHECK(deep.layers[0].name == "synapse_0");
  CHECK_FALSE(deep.layers[1].bias);
  CHECK(std::string(find_knob("activation")->choices()) == activation_choices());
  CHECK(std::string(find_knob("optimizer")->choices()) == optimizer_choices());
  CHECK(std::string(find_knob("init")->choices()) == init_choices());
  CHECK(std::string(find_knob("loss")->choices()) == loss_choices());
}
