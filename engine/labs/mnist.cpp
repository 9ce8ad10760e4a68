// labs/mnist.cpp: the MNIST lab (the Keras notebook, the book's chapters 1-5)
// and its views (a classifier's: class_views.h; the hidden layers' speed of
// learning: train/layer_speed.h).
#include "class_views.h"
#include "labs.h"

namespace synapse {
namespace {

// layer_speed: (measurements, 1 + hidden layers): the epoch (fractional: step
// / steps per epoch), then each hidden layer's ||dC/db||, first layer first.
view_data layer_speed_view(experiment& e, const std::vector<double>&) {
  const std::vector<double>& rows = e.layer_speeds();
  const std::size_t layers = e.layer_speed_layers(), width = layers + 1;
  view_data v;
  v.shape = {static_cast<int>(width ? rows.size() / width : 0), static_cast<int>(width)};
  v.data = rows;
  const double per_epoch = static_cast<double>(e.steps_per_epoch() > 0 ? e.steps_per_epoch() : 1);
  for (std::size_t i = 0; i < v.data.size(); i += width) v.data[i] /= per_epoch;
  v.meta = {{"layers", static_cast<double>(layers)}};
  return v;
}

}  // namespace

const lab_row mnist_lab = {
    "mnist",
    "MNIST with a multilayer perceptron",
    "Real handwritten digits: a perceptron learns to read them in a few epochs; watch the training and "
    "validation curves, the confusion matrix and the digits it gets wrong.",
    experiment_kind::supervised,
    {{"predicted", "the predicted class of every test digit", predicted_view},
     {"confusion", "test digits by true and predicted class", confusion_view},
     {"layer_speed",
      "each hidden layer's speed of learning, ||dC/db|| over the first 1,000 training digits, as training goes "
      "(presets with report.layer_speed: mnist-deep-2/3/4)",
      layer_speed_view}},
    {"mnist-train", "mnist-test"},
    nullptr,
};

}  // namespace synapse
