// labs/cnn.cpp: the CNN lab (the lecture's CNN, the book's chapter 6) and its
// views. The model is the spec's cnn shorthand (spec/shorthands.h): conv-pool
// blocks, flatten, dense layers, on MNIST as images (28, 28, 1). The views
// show what a convolutional network computes: one digit's maps after any
// layer, the kernels a conv layer learned, and the model summary; plus a
// classifier's predictions and confusion matrix (class_views.h).
#include <cmath>
#include <string>

#include "../spec/json_text.h"
#include "../format.h"
#include "../layers/registry.h"
#include "class_views.h"
#include "labs.h"

namespace synapse {
namespace {

// The model's layers as the registry plans them for the run's input.
model_plan plan_of(const experiment& e) { return plan_model(e.input_shape(), e.spec().layers); }

// (H, W, C) of an output shape; features (N) read as (1, 1, N), N channels of
// one pixel, as a flattened (1, 1, N) map is.
shape as_image(const shape& s) {
  if (s.size() == 3) return s;
  return {1, 1, static_cast<int>(shape_size(s))};
}

int whole(double v, int lo, int hi, const std::string& what) {
  if (!(v >= lo && v <= hi) || v != std::floor(v))
    throw spec_error(what + " must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " +
                     shortest(v));
  return static_cast<int>(v);
}

// The set a digit index reads: the test set, else the training set (as
// true_classes()), and its size.
std::string digit_set(const experiment& e, int& count) {
  std::string name;
  for (const auto& [set, n] : e.sets())
    if (set == "test" || (set == "train" && name.empty())) name = set, count = n;
  return name;
}

// feature_maps: one digit's activations after layer `layer` (inference mode:
// dropout off), shape (H, W, C) as the layer gives them (features (N) as
// (1, 1, N)). input [index, layer]: test digit `index` (default [0, 0]); or
// [pixels..., layer]: the input width's pixels as the model takes them (a
// drawn digit, p / 255 in [0, 1]), then the layer. meta: layer, layers
// (how many), H, W, C, index (-1 for given pixels), label (its true class,
// -1 if unknown), predicted (the network's class) and probability (its
// output for that class).
view_data feature_maps(experiment& e, const std::vector<double>& input) {
  const int width = e.input_width();
  const model_plan plan = plan_of(e);
  const int depth = static_cast<int>(plan.layers.size());
  if (!input.empty() && input.size() != 2 && input.size() != static_cast<std::size_t>(width) + 1)
    throw spec_error("feature_maps: input must be [test index, layer] or the " + std::to_string(width) +
                     " input values then the layer, got " + std::to_string(input.size()) + " values");
  const int layer = input.empty() ? 0 : whole(input.back(), 0, depth - 1, "feature_maps: the layer");
  int index = -1, label = -1;
  std::vector<double> x;
  if (input.size() == static_cast<std::size_t>(width) + 1) {
    x.assign(input.begin(), input.end() - 1);
    for (double p : x)
      if (!std::isfinite(p)) throw spec_error("feature_maps: the input values must be finite numbers");
  } else {
    int count = 0;
    const std::string set = digit_set(e, count);
    index = input.empty() ? 0 : whole(input[0], 0, count - 1, "feature_maps: the " + set + " index");
    x = e.set_input_rows(set, index, 1);
    const std::vector<std::uint8_t> labels = e.true_classes();   // the same set's
    if (static_cast<std::size_t>(index) < labels.size()) label = labels[static_cast<std::size_t>(index)];
  }
  const std::vector<int> widths = e.layer_widths();
  std::size_t total = 0, at = 0;
  for (int i = 0; i < depth; ++i) {
    if (i == layer) at = total;
    total += static_cast<std::size_t>(widths[static_cast<std::size_t>(i)]);
  }
  std::vector<double> all(total);
  e.forward_all(x.data(), 1, all.data());
  const std::size_t last = total - static_cast<std::size_t>(widths.back());
  int predicted = 0;
  for (int k = 1; k < widths.back(); ++k)
    if (all[last + static_cast<std::size_t>(k)] > all[last + static_cast<std::size_t>(predicted)]) predicted = k;
  const shape s = as_image(plan.layers[static_cast<std::size_t>(layer)].out);
  view_data v;
  v.shape = s;
  v.data.assign(all.begin() + static_cast<std::ptrdiff_t>(at),
                all.begin() + static_cast<std::ptrdiff_t>(at + static_cast<std::size_t>(widths[static_cast<std::size_t>(layer)])));
  v.meta = {{"layer", layer}, {"layers", depth}, {"H", s[0]}, {"W", s[1]}, {"C", s[2]}, {"index", index},
            {"label", label}, {"predicted", predicted}, {"probability", all[last + static_cast<std::size_t>(predicted)]}};
  return v;
}

// digit: test digit `index` as the model takes it (input [index], default 0),
// shape the input's, e.g. (28, 28, 1): the page draws the digit whose maps it
// shows from the engine, whatever data files it holds itself. meta: index,
// label (its true class, -1 if unknown), count (the set's digits).
view_data digit(experiment& e, const std::vector<double>& input) {
  int count = 0;
  const std::string set = digit_set(e, count);
  if (input.size() > 1) throw spec_error("digit: input must be [" + set + " index] or nothing (digit 0)");
  const int index = input.empty() ? 0 : whole(input[0], 0, count - 1, "digit: the " + set + " index");
  view_data v;
  v.shape = e.input_shape();
  v.data = e.set_input_rows(set, index, 1);
  const std::vector<std::uint8_t> labels = e.true_classes();
  const int label = static_cast<std::size_t>(index) < labels.size() ? labels[static_cast<std::size_t>(index)] : -1;
  v.meta = {{"index", index}, {"label", label}, {"count", count}};
  return v;
}

// kernels: conv layer `layer`'s kernels, shape (KH, KW, C, F), Keras' layout
// (input [layer]; default: the first conv layer). meta: layer, KH, KW, C, F.
view_data kernels(experiment& e, const std::vector<double>& input) {
  const std::vector<layer_spec>& layers = e.spec().layers;
  const int depth = static_cast<int>(layers.size());
  std::string convs;
  int layer = -1;
  for (int i = 0; i < depth; ++i)
    if (layers[static_cast<std::size_t>(i)].type == "conv2d") {
      if (layer < 0) layer = i;
      convs += (convs.empty() ? "" : ", ") + std::to_string(i);
    }
  if (input.size() > 1) throw spec_error("kernels: input must be [layer] or nothing (the first conv layer)");
  if (!input.empty()) layer = whole(input[0], 0, depth - 1, "kernels: the layer");
  if (layer < 0 || layers[static_cast<std::size_t>(layer)].type != "conv2d")
    throw spec_error("kernels: layer " + std::to_string(layer) + " is not a conv2d layer (conv layers: " +
                     (convs.empty() ? "none" : convs) + ")");
  const std::string& name = layers[static_cast<std::size_t>(layer)].name;
  for (const param_info& p : e.param_layout()) {
    if (p.name != name) continue;
    std::vector<double> all(e.param_count());
    e.copy_params(all.data());
    view_data v;
    v.shape = p.shape;
    v.data.assign(all.begin() + static_cast<std::ptrdiff_t>(p.offset),
                  all.begin() + static_cast<std::ptrdiff_t>(p.offset + p.count()));
    v.meta = {{"layer", layer}, {"KH", p.shape[0]}, {"KW", p.shape[1]}, {"C", p.shape[2]}, {"F", p.shape[3]}};
    return v;
  }
  throw spec_error("kernels: no parameters named " + quoted_text(name));
}

// layers: the model summary (Keras' model.summary()): one row per layer,
// [H, W, C, parameters] of its output (features (N) as (1, 1, N)), shape
// (layers, 4). meta: each layer's name (its type first: conv2d_0,
// max_pool_0, flatten, dense_0, ...) -> its index, in order.
view_data layers(experiment& e, const std::vector<double>&) {
  const model_plan plan = plan_of(e);
  const std::vector<layer_spec>& specs = e.spec().layers;
  view_data v;
  v.shape = {static_cast<int>(plan.layers.size()), 4};
  for (std::size_t i = 0; i < plan.layers.size(); ++i) {
    const shape s = as_image(plan.layers[i].out);
    v.data.insert(v.data.end(), {double(s[0]), double(s[1]), double(s[2]), double(plan.layers[i].params)});
    v.meta.emplace_back(specs[i].name, static_cast<double>(i));
  }
  return v;
}

}  // namespace

const lab_row cnn_lab = {
    "cnn",
    "MNIST with a convolutional network",
    "Convolution and pooling read digits by their strokes: see a digit's feature maps after every layer and "
    "the kernels the network learns, and walk the book's steps from 98.8 % towards 99.6 %.",
    experiment_kind::supervised,
    {{"feature_maps", "one digit's activations after a layer, (H, W, C): input [test index, layer] or pixels then layer",
      feature_maps},
     {"digit", "a test digit as the model takes it, in its input shape: input [test index]", digit},
     {"kernels", "a conv layer's kernels, (KH, KW, C, F): input [layer], the first conv layer by default", kernels},
     {"layers", "the model summary: each layer's output (H, W, C) and parameter count; meta names the layers", layers},
     {"predicted", "the predicted class of every test digit", predicted_view},
     {"confusion", "test digits by true and predicted class", confusion_view}},
    {"mnist-train", "mnist-test"},
    nullptr,   // "Test loss: 0.0312" / "Test accuracy: 0.9902", as the lecture's Keras script prints them
};

}  // namespace synapse
