#include "model.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "../layers/registry.h"
#include "../spec/json_text.h"

namespace synapse {

template <class T>
model<T>::model(int input_width, const std::vector<layer_spec>& specs, int max_batch,
                bool fused_output, const std::vector<part_spec>& parts)
    : model(shape{input_width}, specs, max_batch, fused_output, parts) {}

template <class T>
model<T>::model(const shape& input, const std::vector<layer_spec>& specs, int max_batch,
                bool fused_output, const std::vector<part_spec>& parts)
    : in_(static_cast<int>(shape_size(input))), max_batch_(max_batch) {
  if (specs.empty()) throw spec_error("model.layers: needs at least one layer");
  // Shapes and sizes from the layer registry, in 64 bits (wasm32's size_t is
  // 32), checked before anything is built.
  const model_plan plan = plan_model(input, specs);
  const std::uint64_t total = plan.params, acts = static_cast<std::uint64_t>(max_batch) * plan.per_example;
  const std::uint64_t scratch = 2 * static_cast<std::uint64_t>(max_batch) * plan.widest;
  if (total > max_parameters || acts + scratch + plan.scratch > 4 * static_cast<std::uint64_t>(max_parameters))
    throw spec_error("model: " + std::to_string(total) + " parameters and " +
                     std::to_string(acts + scratch + plan.scratch) + " activations are too large (at most " +
                     std::to_string(max_parameters) + " parameters)");
  shape in = input;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    layers_.push_back(make_layer<T>(specs[i], in));
    in = plan.layers[i].out;
  }
  if (fused_output) {
    logits_.assign(static_cast<std::size_t>(max_batch) * layers_.back()->out_width(), T(0));
    if (!layers_.back()->fuse_output(logits_.data()))
      throw spec_error("model.layers: the loss needs an output layer that can give its logits (dense)");
  }
  // A layer whose output is relu or leaky relu hands its activation gradient
  // to the next layer when that one can fuse it into its dx product.
  for (std::size_t i = 1; i < layers_.size(); ++i) {
    activation f;
    T slope;
    if (layers_[i - 1]->out_gate(f, slope) && layers_[i]->gate_input_gradient(f, slope)) layers_[i - 1]->take_dz();
  }
  params_.assign(static_cast<std::size_t>(total), T(0));
  grads_.assign(static_cast<std::size_t>(total), T(0));
  grad_a_.assign(static_cast<std::size_t>(scratch / 2), T(0));
  grad_b_.assign(static_cast<std::size_t>(scratch / 2), T(0));
  std::size_t offset = 0;
  for (auto& l : layers_) {
    l->bind(params_.data() + offset, grads_.data() + offset, offset, max_batch);
    offset += l->param_count();
    acts_.emplace_back(static_cast<std::size_t>(max_batch) * l->out_width(), T(0));
  }
  std::vector<part_spec> given = parts;
  if (given.empty()) given.push_back({"model", 0, static_cast<int>(layers_.size()), {}});
  int next = 0;
  for (const part_spec& p : given) {
    if (p.first != next || p.count < 1 || p.first + p.count > static_cast<int>(layers_.size()))
      throw spec_error("model.parts: part " + quoted_text(p.name) + " does not follow the previous one");
    part_range r;
    r.name = p.name;
    r.first = p.first;
    r.count = p.count;
    for (int i = 0; i < p.first; ++i) r.param_offset += layers_[i]->param_count();
    for (int i = p.first; i < p.first + p.count; ++i) r.param_count += layers_[i]->param_count();
    r.in_width = layers_[p.first]->in_width();
    r.out_width = layers_[p.first + p.count - 1]->out_width();
    parts_.push_back(r);
    next = p.first + p.count;
  }
  if (next != static_cast<int>(layers_.size())) throw spec_error("model.parts: the parts do not cover every layer");
}

template <class T>
std::size_t model<T>::part_index(const std::string& name) const {
  std::string names;
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    if (parts_[i].name == name) return i;
    names += (i ? ", " : "") + parts_[i].name;
  }
  throw spec_error("unknown part " + quoted_text(name) + " (this model's parts: " + names + ")");
}

template <class T>
cmat<T> model<T>::forward_part(std::size_t p, cmat<T> x, bool training) {
  const part_range& r = parts_.at(p);
  return forward_range(static_cast<std::size_t>(r.first), static_cast<std::size_t>(r.first + r.count), x, training);
}

template <class T>
void model<T>::init(rng& g, init_scheme s) {
  for (auto& l : layers_) l->init(g, s);
}

template <class T>
void model<T>::reset_state() {
  for (auto& l : layers_) l->reset_state();
}

template <class T>
std::vector<T> model<T>::save_state() const {
  std::size_t n = 0;
  for (const auto& l : layers_) n += l->state_size();
  std::vector<T> state(n);
  n = 0;
  for (const auto& l : layers_) {
    l->save_state(state.data() + n);
    n += l->state_size();
  }
  return state;
}

template <class T>
void model<T>::load_state(const std::vector<T>& state) {
  std::size_t n = 0;
  for (const auto& l : layers_) n += l->state_size();
  if (state.size() != n)
    throw std::invalid_argument("model::load_state: this model keeps " + std::to_string(n) + " state values, got " +
                                std::to_string(state.size()));
  n = 0;
  for (auto& l : layers_) {
    l->load_state(state.data() + n);
    n += l->state_size();
  }
}

template <class T>
cmat<T> model<T>::forward(cmat<T> x, bool training) {
  return forward_range(0, layers_.size(), x, training);
}

template <class T>
cmat<T> model<T>::forward_range(std::size_t first, std::size_t end, cmat<T> x, bool training) {
  cmat<T> in = x;
  for (std::size_t i = first; i < end; ++i) {
    mat<T> out(acts_[i].data(), x.rows, layers_[i]->out_width());
    layers_[i]->forward(in, out, training);
    in = out;
  }
  return in;
}

template <class T>
void model<T>::backward(cmat<T> x, mat<T> dy_out, mat<T> dx) {
  backward_range(0, layers_.size(), x, dy_out, dx);
}

template <class T>
void model<T>::backward_part(std::size_t p, cmat<T> x, mat<T> dy_out, mat<T> dx) {
  const part_range& r = parts_.at(p);
  backward_range(static_cast<std::size_t>(r.first), static_cast<std::size_t>(r.first + r.count), x, dy_out, dx);
}

// Layers [first, end) backwards; x is layer first's input, dy_out dL/dy of
// layer end - 1 (consumed as scratch), dx (layer first's input shape) assigned if given.
template <class T>
void model<T>::backward_range(std::size_t first, std::size_t end, cmat<T> x, mat<T> dy_out, mat<T> dx) {
  const int B = x.rows;
  mat<T> dy = dy_out;
  for (std::size_t i = end; i-- > first;) {
    const cmat<T> in = i == first ? x : activations(i - 1, B);
    mat<T> d;
    if (i > first) d = mat<T>(dy.data == grad_a_.data() ? grad_b_.data() : grad_a_.data(), B,
                              layers_[i]->in_width());
    else d = dx;
    layers_[i]->backward(in, activations(i, B), dy, d);
    dy = d;
  }
}

template <class T>
void model<T>::predict_part(std::size_t p, const double* x, int rows, std::vector<double>& out) {
  const part_range& r = parts_.at(p);
  std::vector<T> chunk(static_cast<std::size_t>(max_batch_) * r.in_width);
  out.assign(static_cast<std::size_t>(rows) * r.out_width, 0.0);
  for (int r0 = 0; r0 < rows; r0 += max_batch_) {
    const int b = std::min(max_batch_, rows - r0);
    for (std::size_t i = 0; i < static_cast<std::size_t>(b) * r.in_width; ++i)
      chunk[i] = static_cast<T>(x[static_cast<std::size_t>(r0) * r.in_width + i]);
    const cmat<T> y = forward_part(p, cmat<T>(chunk.data(), b, r.in_width), false);
    std::copy(y.data, y.data + y.size(), out.begin() + static_cast<std::ptrdiff_t>(r0) * r.out_width);
  }
}

template <class T>
void model<T>::forward_all(const double* x, int rows, double* out) {
  std::vector<T> chunk(static_cast<std::size_t>(max_batch_) * in_);
  std::vector<std::size_t> offsets;
  std::size_t at = 0;
  for (const auto& l : layers_) {
    offsets.push_back(at);
    at += static_cast<std::size_t>(rows) * l->out_width();
  }
  for (int r0 = 0; r0 < rows; r0 += max_batch_) {
    const int b = std::min(max_batch_, rows - r0);
    for (std::size_t i = 0; i < static_cast<std::size_t>(b) * in_; ++i)
      chunk[i] = static_cast<T>(x[static_cast<std::size_t>(r0) * in_ + i]);
    forward(cmat<T>(chunk.data(), b, in_), false);
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      const cmat<T> a = activations(l, b);
      std::copy(a.data, a.data + a.size(), out + offsets[l] + static_cast<std::size_t>(r0) * a.cols);
    }
  }
}

template <class T>
void model<T>::zero_grads() {
  std::fill(grads_.begin(), grads_.end(), T(0));
}

template <class T>
std::vector<param_info> model<T>::param_layout() const {
  std::vector<param_info> all;
  for (const auto& l : layers_)
    for (auto& p : l->params()) all.push_back(p);
  return all;
}

template class model<float>;
template class model<double>;

}  // namespace synapse
