// layers/layer.h: the interface every layer implements.
//
// Life cycle: the model asks param_count(), then calls bind() once with views
// into its flat parameter and gradient blocks and the largest batch it will
// see; bind() may allocate (scratch). forward() and backward() never allocate.
// backward() accumulates parameter gradients (+=) so several passes (LSTM steps,
// a GAN's real then fake batch, micro-batches) add up; it may overwrite dy (it
// turns it into dz in place) and assigns dx unless dx.data is null.
//
// A layer is built from sizes (registry.h turns a spec into them and plans
// its shapes and sizes before anything is allocated). Fusions across layers
// are capabilities a layer offers through the virtuals at the end (all off by
// default); the model asks, it never casts to a concrete layer type.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "../rng.h"
#include "../spec/spec.h"
#include "../tensor.h"
#include "shape.h"

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
  const shape& in_shape() const { return in_shape_; }     // one example's
  const shape& out_shape() const { return out_shape_; }
  int in_width() const { return in_width_; }               // their sizes
  int out_width() const { return out_width_; }
  virtual std::size_t param_count() const = 0;
  virtual void bind(T* params, T* grads, std::size_t offset, int max_batch) = 0;
  virtual void init(rng& g, init_scheme s) = 0;
  virtual void forward(cmat<T> x, mat<T> y, bool training) = 0;
  virtual void backward(cmat<T> x, cmat<T> y, mat<T> dy, mat<T> dx) = 0;
  virtual std::vector<param_info> params() const = 0;

  // ---- fusions a layer may offer (the model wires them once, at build) ----
  // Loss fusion: forward also copies the output pre-activations z to
  // `logits` (max_batch x out) and backward takes dL/dz for dL/dy. False:
  // this layer cannot be the output of a fused loss.
  virtual bool fuse_output(T* /*logits*/) { return false; }
  bool output_fused() const { return output_fused_; }
  // Activation-gradient hand-over between neighbours: a layer whose output
  // is f(z) with f relu or leaky relu says so (out_gate); the next layer, if
  // it can multiply its dx by f'(x) in its own product's store, accepts
  // (gate_input_gradient); then the first skips its activation backward
  // (take_dz: the dy it gets is already dz).
  virtual bool out_gate(activation& /*f*/, T& /*slope*/) const { return false; }
  virtual bool gate_input_gradient(activation /*f*/, T /*slope*/) { return false; }
  virtual void take_dz() {}

  // While frozen, backward() still assigns dx but adds nothing to the
  // parameter gradients (a frozen part's weight gradients would only be
  // thrown away: the GAN's generator step through its discriminator).
  void freeze_params(bool frozen) { params_frozen_ = frozen; }

  // ---- recurrent layers' capabilities (lstm, simple_rnn; no-ops elsewhere) ----
  // A stateful layer starts each forward from the final state of the
  // previous one (row i from row i); this puts that carried state back to
  // zeros (the start of a new sequence, a new epoch).
  virtual void reset_state() {}
  // The carried state as plain values, so a caller can run other batches (a
  // view served in the middle of a stateful epoch) and then put the carry
  // back: state_size() values (0: none), copied out by save_state and back
  // in by load_state.
  virtual std::size_t state_size() const { return 0; }
  virtual void save_state(T* /*out*/) const {}
  virtual void load_state(const T* /*in*/) {}
  // After backward: for each time step t (out[t], T values), the norm of
  // dL/dh_t over the whole batch, sqrt(sum over rows and units of its
  // squares): how far the gradient survives back in time. False, out
  // untouched: this layer has no time steps.
  virtual bool time_gradient_norms(std::vector<double>& /*out*/) const { return false; }
  // A layer that draws random numbers while training (dropout's masks) lends
  // its own generator, whose state a saved run keeps; the others: null.
  virtual rng* generator() { return nullptr; }

 protected:
  bool params_frozen_ = false;
  layer(shape in, shape out)
      : in_shape_(std::move(in)), out_shape_(std::move(out)),
        in_width_(static_cast<int>(shape_size(in_shape_))), out_width_(static_cast<int>(shape_size(out_shape_))) {}
  bool output_fused_ = false;

 private:
  shape in_shape_, out_shape_;
  int in_width_, out_width_;
};

}  // namespace synapse
