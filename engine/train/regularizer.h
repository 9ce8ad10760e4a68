// train/regularizer.h: l2 * sum w^2 + l1 * sum |w| over the parameters marked
// regularized (weights, not biases: param_info::regularized), added to the
// loss, and its gradient 2 l2 w + l1 sign(w) added to the gradient block. The
// book's lambda is l2 = lambda / (2 n). Sums in double, in parameter order.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "../layers/layer.h"

namespace synapse {

template <class T>
class regularizer {
 public:
  regularizer(double l2, double l1, const std::vector<param_info>& layout) : l2_(l2), l1_(l1) {
    for (const param_info& p : layout)
      if (p.regularized) ranges_.push_back({p.offset, p.count()});
  }

  bool active() const { return l2_ > 0 || l1_ > 0; }

  double penalty(const T* w) const {
    if (!active()) return 0;
    double sq = 0, ab = 0;
    for (const auto& [first, count] : ranges_)
      for (std::size_t i = first; i < first + count; ++i) {
        const double v = w[i];
        sq += v * v;
        ab += v < 0 ? -v : v;
      }
    return l2_ * sq + l1_ * ab;
  }

  void add_gradient(const T* w, T* g) const {
    if (!active()) return;
    const T two_l2 = static_cast<T>(2 * l2_), l1 = static_cast<T>(l1_);
    for (const auto& [first, count] : ranges_)
      for (std::size_t i = first; i < first + count; ++i) {
        const T sign = w[i] > T(0) ? T(1) : (w[i] < T(0) ? T(-1) : T(0));
        g[i] = g[i] + (two_l2 * w[i] + l1 * sign);
      }
  }

 private:
  double l2_, l1_;
  std::vector<std::pair<std::size_t, std::size_t>> ranges_;   // (offset, count)
};

}  // namespace synapse
