// labs/mnist.cpp: the MNIST lab (the Keras notebook, the book's chapters 1-3)
// and its views.
#include <algorithm>

#include "labs.h"

namespace synapse {
namespace {

// predicted: the predicted class of every test example (file order), shape (n).
view_data predicted(experiment& e, const std::vector<double>&) {
  const std::vector<std::uint8_t> p = e.predicted_classes();
  view_data v;
  v.shape = {static_cast<int>(p.size())};
  v.data.assign(p.begin(), p.end());
  return v;
}

// confusion: counts of (true class, predicted class) over the test set,
// shape (classes, classes), rows the true class.
view_data confusion(experiment& e, const std::vector<double>&) {
  const std::vector<std::uint8_t> truth = e.true_classes(), guess = e.predicted_classes();
  int classes = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) classes = std::max({classes, truth[i] + 1, guess[i] + 1});
  view_data v;
  v.shape = {classes, classes};
  v.data.assign(static_cast<std::size_t>(classes) * classes, 0.0);
  for (std::size_t i = 0; i < truth.size(); ++i) v.data[static_cast<std::size_t>(truth[i]) * classes + guess[i]] += 1;
  return v;
}

}  // namespace

const lab_row mnist_lab = {
    "mnist",
    "MNIST with a multilayer perceptron",
    "Real handwritten digits: a perceptron learns to read them in a few epochs; watch the training and "
    "validation curves, the confusion matrix and the digits it gets wrong.",
    experiment_kind::supervised,
    {{"predicted", "the predicted class of every test digit", predicted},
     {"confusion", "test digits by true and predicted class", confusion}},
    {"mnist-train", "mnist-test"},
    nullptr,
};

}  // namespace synapse
