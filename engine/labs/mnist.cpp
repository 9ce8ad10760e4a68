// labs/mnist.cpp: the MNIST lab (the Keras notebook, the book's chapters 1-3)
// and its views (a classifier's: class_views.h).
#include "class_views.h"
#include "labs.h"

namespace synapse {

const lab_row mnist_lab = {
    "mnist",
    "MNIST with a multilayer perceptron",
    "Real handwritten digits: a perceptron learns to read them in a few epochs; watch the training and "
    "validation curves, the confusion matrix and the digits it gets wrong.",
    experiment_kind::supervised,
    {{"predicted", "the predicted class of every test digit", predicted_view},
     {"confusion", "test digits by true and predicted class", confusion_view}},
    {"mnist-train", "mnist-test"},
    nullptr,
};

}  // namespace synapse
