// labs/class_views.h: views any classifying lab serves (the MNIST lab's, the
// CNN lab's), from the experiment's predicted and true classes of the test
// set (or, without one, the training set).
#pragma once

#include <vector>

#include "labs.h"

namespace synapse {

// predicted: the predicted class of every test example (file order), shape (n).
view_data predicted_view(experiment& e, const std::vector<double>& input);
// confusion: counts of (true class, predicted class) over the test set,
// shape (classes, classes), rows the true class.
view_data confusion_view(experiment& e, const std::vector<double>& input);

}  // namespace synapse
