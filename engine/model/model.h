// model/model.h: a stack of layers with its parameters and gradients in two
// flat blocks (so zero_grad is one fill and an optimizer one loop) and every
// activation buffer sized once for max_batch rows. Built once; forward and
// backward never allocate.
#pragma once

#include <memory>
#include <vector>

#include "../layers/layer.h"

namespace synapse {

// A named sub-model: layers [first, first + count), parameters
// [param_offset, param_offset + param_count) of the block.
struct part_range {
  std::string name;
  int first = 0, count = 0;
  std::size_t param_offset = 0, param_count = 0;
  int in_width = 0, out_width = 0;
};

template <class T>
class model {
 public:
  // Throws spec_error if the layers do not fit together or are too large.
  // With fused_output, the last layer (dense) keeps its pre-activations
  // (logits()) and backward() takes dL/dz for it: for the cross-entropies.
  // parts: named sub-models in layer order covering every layer (empty: one
  // part, "model").
  model(int input_width, const std::vector<layer_spec>& layers, int max_batch,
        bool fused_output = false, const std::vector<part_spec>& parts = {});
  // The same for examples of any shape: a sequence (T, F) for a recurrent
  // first layer (a row of x is then T·F values, step-major).
  model(const shape& input, const std::vector<layer_spec>& layers, int max_batch,
        bool fused_output = false, const std::vector<part_spec>& parts = {});

  void init(rng& g, init_scheme s);
  // Every stateful layer's carried state back to zeros (layer::reset_state).
  void reset_state();
  // Every layer's carried state, in layer order (these allocate): saved
  // before other batches run through a stateful model, loaded after, the
  // carry is as if they had not. load_state throws std::invalid_argument
  // if the size is not save_state's.
  std::vector<T> save_state() const;
  void load_state(const std::vector<T>& state);
  // x has at most max_batch rows; returns the output rows (valid until the next forward).
  cmat<T> forward(cmat<T> x, bool training);
  // The sub-model parts()[p] alone: x (rows, its in_width) -> its output
  // rows (an encoder's code, a decoder's reconstruction).
  cmat<T> forward_part(std::size_t p, cmat<T> x, bool training);
  const std::vector<part_range>& parts() const { return parts_; }
  // For views (inference mode, a max_batch of rows at a time, doubles in and
  // out; these allocate): part p's outputs for `rows` inputs, (rows, its
  // out_width) into out; and every layer's outputs, layer after layer,
  // (rows, width_i) each, into out.
  void predict_part(std::size_t p, const double* x, int rows, std::vector<double>& out);
  void forward_all(const double* x, int rows, double* out);
  // Index of the part named `name`; throws spec_error naming the parts.
  std::size_t part_index(const std::string& name) const;
  // Part p's layers add nothing to the parameter gradients while frozen
  // (gradients still flow through them to the parts before).
  void freeze_part(std::size_t p, bool frozen) {
    const part_range& r = parts_.at(p);
    for (int i = r.first; i < r.first + r.count; ++i) layers_[static_cast<std::size_t>(i)]->freeze_params(frozen);
  }
  // Accumulates parameter gradients for the last forward; dy_out (output
  // shape) is consumed as scratch. dx (input shape) is assigned if given.
  void backward(cmat<T> x, mat<T> dy_out, mat<T> dx = {});
  // The same through part p alone, after forward_part(p, x): its parameter
  // gradients accumulate, the other parts' are not touched.
  void backward_part(std::size_t p, cmat<T> x, mat<T> dy_out, mat<T> dx = {});
  // The gradient block is zero after construction; the trainer keeps it so
  // between steps with optimizer::step_and_clear rather than calling this.
  void zero_grads();
  // Where the loss writes dL/dy for `rows` rows.
  mat<T> output_grad(int rows) { return {grad_a_.data(), rows, out_width()}; }

  T* params() { return params_.data(); }
  const T* params() const { return params_.data(); }
  T* grads() { return grads_.data(); }
  std::size_t param_count() const { return params_.size(); }
  int input_width() const { return in_; }
  int out_width() const { return layers_.back()->out_width(); }
  int max_batch() const { return max_batch_; }
  std::size_t depth() const { return layers_.size(); }
  const layer<T>& at(std::size_t i) const { return *layers_[i]; }
  layer<T>& at(std::size_t i) { return *layers_[i]; }
  // Output of layer i from the last forward, `rows` rows.
  cmat<T> activations(std::size_t i, int rows) const {
    return {acts_[i].data(), rows, layers_[i]->out_width()};
  }
  std::vector<param_info> param_layout() const;
  // The last forward's output pre-activations (fused_output only).
  cmat<T> logits(int rows) const { return {logits_.data(), rows, out_width()}; }

 private:
  cmat<T> forward_range(std::size_t first, std::size_t end, cmat<T> x, bool training);
  void backward_range(std::size_t first, std::size_t end, cmat<T> x, mat<T> dy_out, mat<T> dx);

  int in_, max_batch_;
  std::vector<part_range> parts_;
  std::vector<std::unique_ptr<layer<T>>> layers_;
  std::vector<T> params_, grads_;
  std::vector<std::vector<T>> acts_;   // (max_batch, out_i) per layer
  std::vector<T> grad_a_, grad_b_;     // ping-pong dy/dx, (max_batch, widest)
  std::vector<T> logits_;              // (max_batch, out) when fused
};

}  // namespace synapse
