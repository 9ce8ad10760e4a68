// train/supervised.cpp: the supervised kind of experiment (XOR, MNIST, the
// autoencoder): one model, its targets given by the data, one loss. It
// combines the training pieces: a batcher (shuffled or sequential), the
// schedule (iterations or epochs, learning-rate decay, early stopping), the
// regularizer, evaluation on the data's named sets, the divergence guard,
// and one optimizer per sub-model (a frozen one is skipped for the step).
// A model with stateful layers (the LSTM lab's version 3) trains in order,
// its carried state reset at every epoch's end, and is measured as Keras'
// stateful predict does: from a reset state, carried from batch to batch.
#include <algorithm>
#include <cmath>

#include "../data/dataset.h"
#include "../layers/registry.h"
#include "batcher.h"
#include "evaluation.h"
#include "experiment.h"
#include "full_batch.h"
#include "layer_speed.h"
#include "model_experiment.h"
#include "regularizer.h"
#include "schedule.h"
#include "supervised_state.h"   // and supervised.h

namespace synapse {
namespace {

// Values (of T) a run keeps: parameters with gradients, optimizer state and
// a best-weights copy; per example of a batch, what each layer keeps (the
// layer registry's plan: outputs, masks), two gradient buffers, the logits of
// a fused loss and the converted inputs and targets; and what the layers keep
// whatever the batch (the plan's scratch: conv2d's im2col chunks).
double training_values(const experiment_spec& s, int batch, const shape& x_shape, int x_width, int y_width) {
  const model_plan plan = plan_model(x_shape, s.layers);
  const double out = static_cast<double>(shape_size(plan.layers.back().out));
  const double per_example = x_width + y_width + static_cast<double>(plan.per_example) +
                             2 * static_cast<double>(plan.widest) + (loss_is_fused(s.loss) ? out : 0);
  const double n = static_cast<double>(plan.params), state = optimizer_values_per_param(s.opt, n);
  return n * (2 + state + (s.patience > 0 ? 1 : 0)) + per_example * batch +
         static_cast<double>(plan.scratch);
}

bool is_stateful(const experiment_spec& s) {
  return std::any_of(s.layers.begin(), s.layers.end(), [](const layer_spec& l) { return l.stateful; });
}

// The batch size, refused if larger than the training set or if training
// would need more memory than the engine allows (fit_error; checked before
// any of it is allocated: the WASM heap cannot grow past its maximum).
template <class T>
int checked_batch(const experiment_spec& s, const data_splits<T>& d) {
  const int n = d.train->count(), x_width = d.train->x_width(), y_width = d.train->y_width();
  if (s.batch_size > n)
    throw spec_error("batch_size: " + std::to_string(s.batch_size) + " is larger than the training set (" +
                     std::to_string(n) + " examples)");
  const int batch = s.batch_size <= 0 ? n : s.batch_size;
  check_full_batch(s, batch, n);
  check_watched_set(s, d.validation != nullptr);
  if (is_stateful(s)) {
    for (const auto& [name, set] : d.named)
      if (set->count() % batch != 0) {
        std::string fits;
        for (int b = 1; b <= n; ++b)
          if (n % b == 0 && std::all_of(d.named.begin(), d.named.end(), [&](const auto& p) { return p.second->count() % b == 0; }))
            fits += (fits.empty() ? "" : ", ") + std::to_string(b);
        throw spec_error("batch_size: a stateful run carries each row's state to the same row of the next batch, so "
                         "the batch size must divide every set (" + name + " has " + std::to_string(set->count()) +
                         " examples); " + std::to_string(batch) + " does not. Sizes that do: " + fits);
      }
  }
  const double bytes = static_cast<double>(sizeof(T)) * training_values(s, batch, d.train->x_shape(), x_width, y_width);
  if (bytes > static_cast<double>(max_training_bytes))
    throw fit_error("model: training needs about " + std::to_string(static_cast<long long>(bytes / 1e6)) +
                    " MB (parameters, optimizer state, activations for batch " + std::to_string(batch) +
                    "), more than the " + std::to_string(max_training_bytes / 1000000) +
                    " MB the engine allows: use a smaller batch_size or smaller layers");
  return batch;
}

template <class T>
class supervised final : public model_experiment<T, supervised<T>> {
  friend class model_experiment<T, supervised<T>>; friend struct synapse::supervised_state;
  using experiment::spec_;
  using experiment::step_;
  using experiment::total_steps_;
  using experiment::steps_per_epoch_;
  using experiment::done_;
  using experiment::diverged_;
  using experiment::reports_;
  using experiment::metrics_;
  using experiment::flips_;

 public:
  explicit supervised(const experiment_spec& s)
      : model_experiment<T, supervised<T>>(s),
        data_(load_data<T>(s.data)),
        batch_(checked_batch(s, data_)),
        model_(data_.train->x_shape(), s.layers, batch_, loss_is_fused(s.loss), s.parts),
        batches_(*data_.train, batch_, s.shuffle && !is_stateful(s)),   // a stateful run goes in order
        gen_(s.seed),
        regularizer_(s.l2, s.l1, model_.param_layout()),
        schedule_(s),
        stopping_(s, model_.param_count()),
        speed_(model_, s.epochs > 0 ? s.layer_speed : 0, batches_.steps_per_epoch(), s.epochs) {
    if (model_.out_width() != data_.train->y_width())
      throw spec_error("model.layers: the last layer has " + std::to_string(model_.out_width()) +
                       " units but data \"" + s.data.name + "\" has " +
                       std::to_string(data_.train->y_width()) + " target column(s)");
    model_.init(gen_, s.init);
    for (std::size_t k = 0; k < model_.parts().size(); ++k)
      optimizers_.push_back(make_optimizer<T>(with_run_seed(s.parts[k].opt, s.seed), model_.parts()[k].param_count));
    frozen_.assign(model_.parts().size(), false);
    steps_per_epoch_ = batches_.steps_per_epoch();
    total_steps_ = s.epochs > 0 ? steps_per_epoch_ * s.epochs : s.iterations;
    declare_metrics();
    if (speed_.due(0)) speed_.measure(model_, batches_, *data_.train, s.loss, 0);
    reports_.reserve(static_cast<std::size_t>(s.epochs > 0 ? s.epochs : s.iterations / s.report_every) + 2);
    if (s.update_flips) {
      flips_.assign(model_.param_count(), 0);
      prev_positive_.assign(model_.param_count(), 0);
    }
  }

  long run(long n, double* curve) override {
    long ran = 0;
    const bool epochs = spec_.epochs > 0;
    while (ran < n && !done_) {
      cmat<T> x, y;
      batches_.next(gen_, x, y);
      const cmat<T> yhat = model_.forward(x, true);
      const double error = abs_error_sum(yhat, y) / static_cast<double>(yhat.size());
      const double loss = penalised_loss(spec_.loss, yhat, model_.logits(x.rows), y, regularizer_, model_.params());
      if (!std::isfinite(error) || !this->guard_loss(step_, loss)) {   // the divergence guard
        diverged_ = done_ = true;
        report r = fresh(step_);
        if (epochs) r.values[0] = loss;
        else r.values[0] = error, r.values[1] = loss;
        reports_.push_back(r);
        break;
      }
      if (curve) curve[ran] = epochs ? loss : error;
      if (epochs) {
        epoch_loss_ += loss * x.rows;
        epoch_correct_ += correct_count(yhat, y);
        epoch_seen_ += x.rows;
      } else if (step_ % spec_.report_every == 0) {
        report r = fresh(step_);
        r.values[0] = error;
        r.values[1] = loss;
        reports_.push_back(r);
      }
      mat<T> dy = model_.output_grad(x.rows);
      loss_gradient(spec_.loss, yhat, y, dy);
      // The gradient block is zero here: the model starts with it zeroed and
      // step_and_clear leaves it so, zeroing each gradient as the optimizer
      // reads it (no separate pass over the block, as zero_grads() would be).
      model_.backward(x, dy);
      regularizer_.add_gradient(model_.params(), model_.grads());
      if (!flips_.empty()) count_flips();
      for (std::size_t p = 0; p < optimizers_.size(); ++p) this->apply(p, loss, &probe_.on(x, y));
      ++step_;
      ++ran;
      if (speed_.due(step_)) speed_.measure(model_, batches_, *data_.train, spec_.loss, step_);
      if (epochs && step_ % steps_per_epoch_ == 0) {
        if (stateful_) model_.reset_state();   // Keras' model.reset_states() after each epoch's fit
        end_epoch();
      }
      if (step_ == total_steps_) finish();
    }
    return ran;
  }

  double batch_loss(const cmat<T>& x, const cmat<T>& y) {   // a full-batch optimizer's probe (full_batch.h)
    return penalised_loss(spec_.loss, model_.forward(x, true), model_.logits(y.rows), y, regularizer_, model_.params());
  }
  std::vector<std::pair<std::string, int>> sets() const override {
    std::vector<std::pair<std::string, int>> out;
    for (const auto& [name, set] : data_.named) out.emplace_back(name, set->count());
    return out;
  }

  const std::vector<double>& layer_speeds() const override { return speed_.rows(); }
  std::size_t layer_speed_layers() const override { return speed_.layers(); }
  void visit_kind_state(state_io& io) { supervised_state::visit(*this, io); }
  std::vector<double> set_inputs(const std::string& name) const override { return set_columns(name, true); }
  std::vector<double> set_targets(const std::string& name) const override { return set_columns(name, false); }
  std::vector<double> set_input_rows(const std::string& name, int first, int count) const override {
    return set_columns(name, true, first, count);
  }

  std::vector<double> example_losses(const std::string& name) override {
    return synapse::example_losses(model_, batches_, named_set(name), spec_.loss);
  }

  std::vector<std::uint8_t> predicted_classes() override {
    const dataset<T>& set = data_.test ? *data_.test : *data_.train;
    std::vector<std::uint8_t> out(static_cast<std::size_t>(set.count()));
    const int n = set.count();
    for (int r0 = 0; r0 < n; r0 += batch_) {
      const int b = std::min(batch_, n - r0);
      cmat<T> x, y;
      batches_.rows_of(set, r0, b, x, y);
      const cmat<T> yhat = model_.forward(x, false);
      for (int i = 0; i < b; ++i) {
        const T* row = yhat.row(i);
        int best = 0;
        for (int j = 1; j < yhat.cols; ++j)
          if (row[j] > row[best]) best = j;
        out[static_cast<std::size_t>(r0 + i)] = static_cast<std::uint8_t>(best);
      }
    }
    return out;
  }

  std::vector<std::uint8_t> true_classes() const override {
    const dataset<T>& set = data_.test ? *data_.test : *data_.train;
    if (const std::uint8_t* l = set.labels()) return std::vector<std::uint8_t>(l, l + set.count());
    return {};
  }

  std::vector<double> outputs() override {
    cmat<T> x, y;
    const int n = data_.train->count();
    if (spec_.epochs > 0 || !data_.train->rows(0, n, x, y) || n > 4096) return {};
    const std::vector<double> xd(x.data, x.data + x.size());
    std::size_t total = 0;
    for (int w : this->layer_widths()) total += static_cast<std::size_t>(n) * w;
    std::vector<double> all(total);
    this->forward_all(xd.data(), n, all.data());
    return std::vector<double>(all.end() - static_cast<std::ptrdiff_t>(n) * model_.out_width(), all.end());
  }

 private:
  // A set's inputs (or targets), example after example, as doubles: all, or
  // `count` from `first` (refused outside the set).
  std::vector<double> set_columns(const std::string& name, bool inputs, int first = 0, int count = -1) const {
    const dataset<T>& set = named_set(name);
    if (count < 0) count = set.count() - first;
    if (first < 0 || first + count > set.count())
      throw spec_error("examples " + std::to_string(first) + ".." + std::to_string(first + count - 1) + " of set \"" +
                       name + "\": it has " + std::to_string(set.count()));
    const int n = count, xw = set.x_width(), yw = set.y_width(), w = inputs ? xw : yw;
    std::vector<double> out(static_cast<std::size_t>(n) * w);
    std::vector<T> x(static_cast<std::size_t>(xw)), y(static_cast<std::size_t>(yw));
    for (int i = 0; i < n; ++i) {
      const std::uint32_t idx = static_cast<std::uint32_t>(first + i);
      set.fill(&idx, 1, x.data(), y.data());
      const std::vector<T>& from = inputs ? x : y;
      std::copy(from.begin(), from.end(), out.begin() + static_cast<std::ptrdiff_t>(i) * w);
    }
    return out;
  }

  const dataset<T>& named_set(const std::string& name) const {
    if (const dataset<T>* set = data_.find(name)) return *set;
    std::string names;
    for (const auto& [n, set] : data_.named) names += (names.empty() ? "" : ", ") + n;
    throw spec_error("unknown data set \"" + name + "\" (this run has: " + names + ")");
  }

  void declare_metrics() {
    auto add = [&](std::string name, std::string label, std::string unit, metric_per per) {
      metrics_->push_back({std::move(name), std::move(label), std::move(unit), per});
    };
    if (spec_.epochs == 0) {
      add("error", "mean |output - target|", "", metric_per::step);
      add("loss", "loss", "", metric_per::step);
      return;
    }
    const bool classes = data_.train->labels() != nullptr;
    add("loss", "training loss", "", metric_per::epoch);   // values[0]: also the divergence report's
    if (classes) add("accuracy", "training accuracy", "fraction", metric_per::epoch);
    if (data_.validation) {
      add("val_loss", "validation loss", "", metric_per::epoch);
      if (classes) add("val_accuracy", "validation accuracy", "fraction", metric_per::epoch);
    }
    schedule_metrics(spec_, stopping_.restores(), *metrics_);
    for (const auto& [name, set] : data_.final_sets) {
      if (data_.rmse_scale > 0) {
        add(name + "_rmse", name + " RMSE", "data units", metric_per::final_report);
        continue;
      }
      add(name + "_loss", name + " loss", "", metric_per::final_report);
      if (classes) add(name + "_accuracy", name + " accuracy", "fraction", metric_per::final_report);
    }
    add("batch_loss", "mini-batch loss", "", metric_per::step);
    if (metrics_->size() > max_metrics) throw spec_error("report: too many metrics");
  }

  report fresh(long step) const {
    report r(metrics_);
    r.step = step;
    return r;
  }

  // (const char*: no std::string built per epoch; wasm32's libc++ keeps only
  // 10 characters without allocating, and "val_accuracy" has 12)
  void set(report& r, const char* name, double v) const {
    const int i = metric_index(*metrics_, name);
    if (i >= 0) r.values[static_cast<std::size_t>(i)] = v;
  }

  void end_epoch() {
    report r = fresh(step_);
    r.epoch = static_cast<int>(step_ / steps_per_epoch_);
    set(r, "loss", epoch_loss_ / epoch_seen_);
    set(r, "accuracy", static_cast<double>(epoch_correct_) / epoch_seen_);
    double monitored = 0;
    if (data_.validation) {
      const evaluation v = evaluate(model_, batches_, *data_.validation, spec_.loss);
      set(r, "val_loss", v.loss);
      set(r, "val_accuracy", v.accuracy);
      monitored = spec_.monitor == "val_loss" ? v.loss : v.accuracy;
    }
    if (schedule_.active()) set(r, "lr", schedule_.lr());
    epoch_loss_ = 0;
    epoch_correct_ = 0;
    epoch_seen_ = 0;
    reports_.push_back(r);
    if (schedule_.active()) {
      const double lr = schedule_.after_epoch(r.epoch, monitored);
      for (auto& o : optimizers_) o->set_lr(lr);
    }
    const bool patience_out = stopping_.active() && stopping_.should_stop(r.epoch, monitored, model_.params());
    if (patience_out || schedule_.exhausted()) finish();
  }

  // The last report: iteration runs measure the whole training set with the
  // final weights; epoch runs add the final sets to the last epoch's report.
  void finish() {
    if (done_) return;
    done_ = true;
    if (spec_.epochs > 0) {
      stopping_.restore(model_.params());
      set_final("stopped_epoch", reports_.empty() ? 0 : reports_.back().epoch);
      set_final("best_epoch", stopping_.best_epoch());
      for (const auto& [name, set] : data_.final_sets) {
        if (stateful_) model_.reset_state();   // each set predicted from a fresh state, as the lecture does
        const evaluation e = evaluate(model_, batches_, *set, spec_.loss);
        if (data_.rmse_scale > 0) {
          set_final((name + "_rmse").c_str(), std::sqrt(e.loss) * data_.rmse_scale);
          continue;
        }
        set_final((name + "_loss").c_str(), e.loss);
        set_final((name + "_accuracy").c_str(), e.accuracy);
      }
      return;
    }
    const evaluation e = evaluate(model_, batches_, *data_.train, spec_.loss);
    report r = fresh(step_);
    r.values[0] = e.error;
    r.values[1] = e.loss;
    reports_.push_back(r);
    if (!std::isfinite(e.error) || !std::isfinite(e.loss)) diverged_ = true;
  }

  void set_final(const char* name, double v) {
    if (!reports_.empty()) set(reports_.back(), name, v);
  }

  void count_flips() {
    const T* g = model_.grads();
    for (std::size_t i = 0; i < flips_.size(); ++i) {
      const std::uint8_t positive = g[i] > T(0);
      if (step_ > 0 && positive != prev_positive_[i]) ++flips_[i];
      prev_positive_[i] = positive;
    }
  }

  data_splits<T> data_;
  int batch_;
  model<T> model_;
  batcher<T> batches_;
  rng gen_;
  regularizer<T> regularizer_;
  lr_scheduler schedule_;
  early_stopping<T> stopping_;
  layer_speed<T> speed_;
  std::vector<std::unique_ptr<optimizer<T>>> optimizers_;   // one per part
  batch_probe<supervised, cmat<T>> probe_{*this};
  std::vector<bool> frozen_;
  std::vector<std::uint8_t> prev_positive_;
  bool stateful_ = is_stateful(spec_);
  double epoch_loss_ = 0;
  long epoch_correct_ = 0, epoch_seen_ = 0;
};

}  // namespace

void check_supervised(const experiment_spec& spec) {
  if (spec.prec == precision::f64) checked_batch(spec, load_data<double>(spec.data));
  else checked_batch(spec, load_data<float>(spec.data));
}

std::unique_ptr<experiment> make_supervised(const experiment_spec& spec) {
  if (spec.prec == precision::f64) return std::make_unique<supervised<double>>(spec);
  return std::make_unique<supervised<float>>(spec);
}

}  // namespace synapse
