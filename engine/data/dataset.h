// data/dataset.h: where training examples come from.
//
// A dataset hands out examples by index, converting them to the model's
// scalar type a batch at a time (MNIST stays as bytes in memory: 55 MB
// instead of 220 MB of floats). Sets already stored as T (the XOR tables)
// also lend their rows directly, so a full-batch step copies nothing.
//
// Built-in sets (load_data):
//   xor         X = [[0,0,1],[0,1,1],[1,0,1],[1,1,1]] (third column: constant
//               1 standing in for a bias), y = [0,1,1,0]   (the numpy post)
//   xor-warmup  X = [[0,1],[0,1],[1,0],[1,0]], y = [0,0,1,1] (its one-layer warm-up)
//   mnist       28x28 digits, pixels / 255 (or scaled to [-1, 1]), labels
//               one-hot over 10; train: the first 60,000 - validation of the
//               training file, validation: the rest, test: the 10,000 test set;
//               each example the 784 values (784) ("flat") or an image
//               (28, 28, 1) ("images", for a conv first layer: the same values
//               in the same order); "expand" adds to the training part each
//               image shifted one pixel down, up, right and left (the book's
//               expand_mnist.py: 5x the images, made as each batch is filled);
//               "digits" keeps only those classes' images (the book's "0 versus
//               1 first"), before train_limit and the validation split
//   airline     the airline passengers (data/series.h): min-max scaled,
//               split 67 / 33 %, windows of look_back values, the next value
//               the target; each window an example of shape (1, look_back)
//               ("features", the lecture's version 1) or (look_back, 1)
//               ("steps"); final sets train and test, reported as RMSE in
//               passengers
//   autoencoder the lecture's points [x, 2x - 1 + noise] drawn with Python's
//               random (data/autoencoder_data.h), target = input; train: the
//               clean pairs, validation and test: the test pairs, and two
//               more sets evaluated at the end: noisy and wrong
//   curve       one curve y = f(x) on [0, 1] as (x, y) points (data/curve_data.h):
//               a built-in one ("curve": hills, wave, step, book) or the one a
//               student drew ("drawn"); input x, target y
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../layers/shape.h"
#include "../tensor.h"

namespace synapse {

template <class T>
class dataset {
 public:
  virtual ~dataset() = default;
  virtual const std::string& name() const = 0;
  virtual int count() const = 0;
  virtual int x_width() const = 0;
  virtual int y_width() const = 0;
  // One example's input shape, as the model's first layer takes it.
  virtual shape x_shape() const { return {x_width()}; }
  // x (n, x_width) and y (n, y_width) receive the examples idx[0..n).
  virtual void fill(const std::uint32_t* idx, int n, T* x, T* y) const = 0;
  // Rows [first, first + n) without copying, when stored as T; else false.
  virtual bool rows(int first, int n, cmat<T>& x, cmat<T>& y) const = 0;
  // Class labels (argmax of y) when the targets are one-hot; else null.
  virtual const std::uint8_t* labels() const { return nullptr; }
};

template <class T>
struct data_splits {
  std::unique_ptr<dataset<T>> train, validation, test;   // validation, test may be null
  std::vector<std::unique_ptr<dataset<T>>> extra;         // more sets a lab evaluates
  // Every set by the name a view or a metric uses ("train", "validation",
  // "test", "noisy", ...), and the sets measured once at the end of an epoch
  // run as (metric prefix, set): MNIST's {test}; the autoencoder's {clean:
  // train, test, noisy, wrong}, reported as clean_loss, test_loss, ...
  std::vector<std::pair<std::string, const dataset<T>*>> named, final_sets;
  // > 0: the final sets are reported as root-mean-square errors in the data's
  // own units, sqrt(mse) * rmse_scale (the airline series' max - min), as
  // <set>_rmse, instead of <set>_loss.
  double rmse_scale = 0;

  const dataset<T>* find(const std::string& name) const {
    for (const auto& [n, set] : named)
      if (n == name) return set;
    return nullptr;
  }
};

struct data_spec {
  std::string name;                 // "xor" | "xor-warmup" | "mnist" | "autoencoder" | "airline"
  std::string scale = "unit";       // mnist pixels: "unit" = p/255, "symmetric" = p/127.5 - 1
  double validation_split = 0;      // fraction of the training file held out (Keras' rule: the last part)
  int train_limit = 0;              // use only the first N training examples (0 = all): quick runs
  bool test_set = true;             // mnist: load the test file too (a GAN trains on the training file alone)
  bool images = false;              // mnist: each example (28, 28, 1) ("shape": "images"), else (784) ("flat")
  bool expand = false;              // mnist: the training part with its one-pixel shifts (5x)
  // mnist: the classes kept (training, validation and test alike; each label
  // stays its own one-hot column of 10); empty or all ten: every image
  std::vector<int> digits;
  // autoencoder: Python's random.seed, the set sizes, the noise amplitudes
  // (clean and test pairs, noisy pairs) and the wrong pairs' slope
  std::uint64_t seed = 24601;
  int train = 10000, test = 2000;
  double noise = 0.1, noisy_noise = 0.3, wrong_slope = 1.5;
  // airline: the CSV file, the window length, each window as one step of
  // look_back features ("features") or look_back steps of one ("steps"),
  // and the fraction of the series that trains
  std::string file = "airline-passengers.csv";
  int look_back = 5;
  std::string window = "features";
  double train_fraction = 0.67;
  // curve (the universality lab, data/curve_data.h): a built-in curve or "drawn"
  std::string curve = "hills";
};

// Throws spec_error naming the data set or file if it cannot be had.
template <class T>
data_splits<T> load_data(const data_spec& spec);

const char* dataset_choices();

}  // namespace synapse
