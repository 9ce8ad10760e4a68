// train/batcher.h: where a training step's examples come from.
//
// Shuffled or sequential mini-batches over one data set: each pass over the
// set (an epoch) starts with a fresh permutation of the example order when
// shuffling (from the run's generator, so the seed fixes it), and the last
// batch of a pass is short when the batch size does not divide the set
// (Keras' behaviour). A full batch of a set stored as T is lent without a
// copy. Buffers are sized once, at construction; next() and rows_of() never
// allocate. (Windowed batches, for sequences, are the LSTM lab's to add.)
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "../data/dataset.h"
#include "../rng.h"

namespace synapse {

template <class T>
class batcher {
 public:
  batcher(const dataset<T>& set, int batch, bool shuffle)
      : set_(set), n_(set.count()), batch_(batch), shuffle_(shuffle), order_(static_cast<std::size_t>(n_)),
        index_(static_cast<std::size_t>(batch)), bx_(static_cast<std::size_t>(batch) * set.x_width()),
        by_(static_cast<std::size_t>(batch) * set.y_width()) {
    std::iota(order_.begin(), order_.end(), 0u);
    cmat<T> x, y;
    direct_ = batch_ == n_ && set_.rows(0, n_, x, y);
    pos_ = n_;
  }

  int batch() const { return batch_; }
  int count() const { return n_; }
  int steps_per_epoch() const { return (n_ + batch_ - 1) / batch_; }

  // The next mini-batch (at most batch() rows).
  void next(rng& g, cmat<T>& x, cmat<T>& y) {
    if (direct_) {
      set_.rows(0, n_, x, y);
      return;
    }
    if (pos_ >= n_) {
      if (shuffle_) g.shuffle(order_.begin(), static_cast<std::uint32_t>(order_.size()));
      pos_ = 0;
    }
    const int b = std::min(batch_, n_ - pos_);
    set_.fill(order_.data() + pos_, b, bx_.data(), by_.data());
    pos_ += b;
    x = cmat<T>(bx_.data(), b, set_.x_width());
    y = cmat<T>(by_.data(), b, set_.y_width());
  }

  // Where the pass stands: its position and example order (train/state_io.h).
  template <class IO>
  void visit_state(IO& io) {
    io.value(pos_);
    io.fixed(order_);
  }

  // Examples [r0, r0 + b) of any set with this set's widths (b <= batch()),
  // borrowed when stored as T, else converted into the batch buffers (which
  // the next next() overwrites).
  void rows_of(const dataset<T>& set, int r0, int b, cmat<T>& x, cmat<T>& y) {
    if (set.rows(r0, b, x, y)) return;
    for (int i = 0; i < b; ++i) index_[i] = static_cast<std::uint32_t>(r0 + i);
    set.fill(index_.data(), b, bx_.data(), by_.data());
    x = cmat<T>(bx_.data(), b, set.x_width());
    y = cmat<T>(by_.data(), b, set.y_width());
  }

 private:
  const dataset<T>& set_;
  int n_, batch_;
  bool shuffle_, direct_ = false;
  int pos_ = 0;
  std::vector<std::uint32_t> order_, index_;
  std::vector<T> bx_, by_;
};

}  // namespace synapse
