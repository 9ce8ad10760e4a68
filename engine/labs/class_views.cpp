// labs/class_views.cpp: the views of a classifier (class_views.h).
#include "class_views.h"

#include <algorithm>

namespace synapse {

view_data predicted_view(experiment& e, const std::vector<double>&) {
  const std::vector<std::uint8_t> p = e.predicted_classes();
  view_data v;
  v.shape = {static_cast<int>(p.size())};
  v.data.assign(p.begin(), p.end());
  return v;
}

view_data confusion_view(experiment& e, const std::vector<double>&) {
  const std::vector<std::uint8_t> truth = e.true_classes(), guess = e.predicted_classes();
  int classes = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) classes = std::max({classes, truth[i] + 1, guess[i] + 1});
  view_data v;
  v.shape = {classes, classes};
  v.data.assign(static_cast<std::size_t>(classes) * classes, 0.0);
  for (std::size_t i = 0; i < truth.size(); ++i) v.data[static_cast<std::size_t>(truth[i]) * classes + guess[i]] += 1;
  return v;
}

}  // namespace synapse
