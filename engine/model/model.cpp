#include "model.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "../layers/dense.h"
#include "../layers/dropout.h"

namespace synapse {

template <class T>
model<T>::model(int input_width, const std::vector<layer_spec>& specs, int max_batch,
                bool fused_output, const std::vector<part_spec>& parts)
    : in_(input_width), max_batch_(max_batch) {
  if (specs.empty()) throw spec_error("model.layers: needs at least one layer");
  // Sizes in 64 bits (wasm32's size_t is 32), checked before anything is built.
  std::uint64_t total = 0, acts = 0;
  std::uint64_t width = static_cast<std::uint64_t>(input_width), widest = width;
  for (const auto& s : specs) {
    if (s.type == "dropout") {
      acts += static_cast<std::uint64_t>(max_batch) * width * 2;   // output and mask
      continue;
    }
    if (s.type != "dense") throw spec_error("model.layers: unknown layer type \"" + s.type + "\"");
    total += width * static_cast<std::uint64_t>(s.units) + (s.bias ? s.units : 0);
    width = static_cast<std::uint64_t>(s.units);
    widest = std::max(widest, width);
    acts += static_cast<std::uint64_t>(max_batch) * width;
  }
  const std::uint64_t scratch = 2 * static_cast<std::uint64_t>(max_batch) * widest;
  if (total > max_parameters || acts + scratch > 4 * static_cast<std::uint64_t>(max_parameters))
    throw spec_error("model: " + std::to_string(total) + " parameters and " +
                     std::to_string(acts + scratch) + " activations are too large (at most " +
                     std::to_string(max_parameters) + " parameters)");
  int in = input_width;
  for (const auto& s : specs) {
    if (s.type == "dropout") {
      layers_.push_back(std::make_unique<dropout_layer<T>>(s.rate, in));
      continue;
    }
    layers_.push_back(std::make_unique<dense_layer<T>>(s, in));
    in = s.units;
  }
  if (fused_output) {
    auto* last = dynamic_cast<dense_layer<T>*>(layers_.back().get());
    if (!last) throw spec_error("model.layers: the loss needs a dense output layer");
    logits_.assign(static_cast<std::size_t>(max_batch) * last->out_width(), T(0));
    last->fuse_output(logits_.data());
  }
  // Adjacent dense layers, the first with relu or leaky relu: its activation
  // gradient is fused into the second's dx product (dense.h).
  for (std::size_t i = 1; i < layers_.size(); ++i) {
    auto* prev = dynamic_cast<dense_layer<T>*>(layers_[i - 1].get());
    auto* next = dynamic_cast<dense_layer<T>*>(layers_[i].get());
    if (!prev || !next || prev->fused_output() ||
        (prev->act() != activation::relu && prev->act() != activation::leaky_relu))
      continue;
    next->gate_input_gradient(prev->act(), prev->slope());
    prev->take_dz();
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
  if (given.empty()) given.push_back({"model", 0, static_cast<int>(layers_.size())});
  int next = 0;
  for (const part_spec& p : given) {
    if (p.first != next || p.count < 1 || p.first + p.count > static_cast<int>(layers_.size()))
      throw spec_error("model.parts: part \"" + p.name + "\" does not follow the previous one");
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
  throw spec_error("unknown part \"" + name + "\" (this model's parts: " + names + ")");
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
  const int B = x.rows;
  mat<T> dy = dy_out;
  for (std::size_t i = layers_.size(); i-- > 0;) {
    const cmat<T> in = i == 0 ? x : activations(i - 1, B);
    mat<T> d;
    if (i > 0) d = mat<T>(dy.data == grad_a_.data() ? grad_b_.data() : grad_a_.data(), B,
                          layers_[i]->in_width());
    else d = dx;
    layers_[i]->backward(in, activations(i, B), dy, d);
    dy = d;
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
