// layers/layer.h: the interface every layer implements.
//
// Life cycle: the model asks param_count(), then calls bind() once with views
// into its flat parameter and gradient blocks and the largest batch it will
// see; bind() may allocate (scratch). forward() and backward() never allocate.
// backward() accumulates parameter gradients (+=) so several passes (LSTM steps,
// a GAN's real then fake batch, micro-batches) add up; it may overwrite dy (it
// turns it into dz in place) and assigns dx unless dx.data is null.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "../rng.h"
#include "../spec/spec.h"
#include "../tensor.h"

namespace synapse {

struct param_info {
  std::string name;          // "synapse_0", "dense_1.bias"
  std::vector<int> shape;    // (in, out) for a dense kernel, (out) for a bias
  std::size_t offset = 0;    // into the model's parameter block
  bool regularized = false;  // l1/l2 apply (weights, not biases)
  std::size_t count() const {
    std::size_t n = 1;
    for (int d : shape) n *= static_cast<std::size_t>(d);
    return n;
  }
};

template <class T>
class layer {
 public:
  virtual ~layer() = default;
  virtual const char* kind() const = 0;
  virtual int in_width() const = 0;
  virtual int out_width() const = 0;
  virtual std::size_t param_count() const = 0;
  virtual void bind(T* params, T* grads, std::size_t offset, int max_batch) = 0;
  virtual void init(rng& g, init_scheme s) = 0;
  virtual void forward(cmat<T> x, mat<T> y, bool training) = 0;
  virtual void backward(cmat<T> x, cmat<T> y, mat<T> dy, mat<T> dx) = 0;
  virtual std::vector<param_info> params() const = 0;
};

}  // namespace synapse
