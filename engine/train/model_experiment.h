// train/model_experiment.h: the model-facing half of the experiment
// interface, the same for every kind (supervised, adversarial): shapes and
// parameters, the named parts used alone, freezing, the per-part optimizers'
// state, and a part's optimizer step. A kind derives as
//   class supervised : public model_experiment<T, supervised<T>>
// and keeps `model_`, `optimizers_` (one per part) and `frozen_` (one per
// part) for this base to use (CRTP: its members are built in the kind's own
// order, after its data).
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "experiment.h"

namespace synapse {

template <class T, class Kind>
class model_experiment : public experiment {
 public:
  int input_width() const override { return self().model_.input_width(); }
  shape input_shape() const override { return self().model_.at(0).in_shape(); }
  std::vector<int> layer_widths() const override {
    std::vector<int> w;
    for (std::size_t i = 0; i < self().model_.depth(); ++i) w.push_back(self().model_.at(i).out_width());
    return w;
  }
  std::vector<param_info> param_layout() const override { return self().model_.param_layout(); }
  std::size_t param_count() const override { return self().model_.param_count(); }
  void copy_params(double* out) const override {
    std::copy(self().model_.params(), self().model_.params() + self().model_.param_count(), out);
  }
  void set_params(const double* in) override {
    auto& m = self().model_;
    for (std::size_t i = 0; i < m.param_count(); ++i) m.params()[i] = static_cast<T>(in[i]);
  }
  const std::vector<part_range>& parts() const override { return self().model_.parts(); }
  // Inference for a view: stateful layers start from a reset state and carry
  // it from row to row within the call (Keras' stateful predict after
  // reset_states); the run's own carried state is put back afterwards, so a
  // view never changes the training that follows it.
  void forward_all(const double* x, int rows, double* out) override {
    fresh_state([&] { self().model_.forward_all(x, rows, out); });
  }
  void predict_part(const std::string& part, const double* x, int rows, std::vector<double>& out) override {
    const std::size_t p = self().model_.part_index(part);
    fresh_state([&] { self().model_.predict_part(p, x, rows, out); });
  }
  void set_frozen(const std::string& part, bool frozen) override {
    const std::size_t p = self().model_.part_index(part);
    self().frozen_[p] = frozen;
    self().model_.freeze_part(p, frozen);   // its weight gradients are not computed; apply() skips it
  }
  std::vector<std::vector<double>> time_gradient_norms() const override {
    std::vector<std::vector<double>> out;
    std::vector<double> norms;
    for (std::size_t i = 0; i < self().model_.depth(); ++i)
      if (self().model_.at(i).time_gradient_norms(norms)) out.push_back(norms);
    return out;
  }
  long loss_probes() const override {
    long n = 0;
    for (const auto& o : self().optimizers_) n += o->probes();
    return n;
  }
  void visit_state(state_io& io) override { self().visit_kind_state(io); }   // supervised_state.h, adversarial.cpp
  std::vector<double> optimizer_state(const std::string& part) const override {
    return self().optimizers_[self().model_.part_index(part)]->state();
  }

 protected:
  explicit model_experiment(const experiment_spec& s) : experiment(s) {}

  // The model's part of a saved state, the same for every kind: the
  // parameters, the layers' carried state (a stateful LSTM) and their
  // generators (dropout), then each part's optimizer state.
  void visit_model_state(state_io& io) {
    auto& m = self().model_;
    io.section("the parameters");
    std::vector<T> params(m.params(), m.params() + m.param_count());
    io.fixed(params);
    if (io.loading()) std::copy(params.begin(), params.end(), m.params());
    io.section("the layers' carried state");
    std::vector<T> carried = m.save_state();
    io.fixed(carried);
    if (io.loading()) m.load_state(carried);
    io.section("the layers' generators");
    for (std::size_t i = 0; i < m.depth(); ++i)
      if (rng* g = m.at(i).generator()) g->visit_state(io);
    for (auto& o : self().optimizers_) {
      io.section("the optimizer state");
      o->visit_state(io);
    }
  }

  // Part p's optimizer step on its parameter range; a frozen part's
  // gradients (a regularizer may still have added to them) are cleared instead.
  // Given the step's loss and a probe, a full-batch optimizer can search
  // (optimizer<T>::step_full); the others step as without.
  void apply(std::size_t p, double loss = 0, loss_probe* probe = nullptr) {
    Kind& k = self();
    const part_range& r = k.model_.parts()[p];
    T* grads = k.model_.grads() + r.param_offset;
    T* params = k.model_.params() + r.param_offset;
    if (k.frozen_[p]) std::fill(grads, grads + r.param_count, T(0));
    else if (probe) k.optimizers_[p]->step_full(params, grads, r.param_count, loss, *probe);
    else k.optimizers_[p]->step_and_clear(params, grads, r.param_count);
  }

 private:
  template <class F>
  void fresh_state(F f) {
    auto& m = self().model_;
    const std::vector<T> kept = m.save_state();
    m.reset_state();
    f();
    m.load_state(kept);
  }
  Kind& self() { return static_cast<Kind&>(*this); }
  const Kind& self() const { return static_cast<const Kind&>(*this); }
};

}  // namespace synapse
