// train/trainer.cpp: experiment<T>, the supervised training loop.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "../data/dataset.h"
#include "../model/model.h"
#include "experiment.h"

namespace synapse {
namespace {

template <class T>
class supervised final : public experiment {
 public:
  explicit supervised(const experiment_spec& s)
      : experiment(s),
        data_(load_data<T>(s.data)),
        n_(data_.train->count()),
        batch_(checked_batch(s, n_, data_.train->x_width(), data_.train->y_width())),
        model_(data_.train->x_width(), s.layers, batch_, loss_is_fused(s.loss)),
        gen_(s.seed) {
    if (model_.out_width() != data_.train->y_width())
      throw spec_error("model.layers: the last layer has " + std::to_string(model_.out_width()) +
                       " units but data \"" + s.data.name + "\" has " +
                       std::to_string(data_.train->y_width()) + " target column(s)");
    model_.init(gen_, s.init);
    opt_ = make_optimizer<T>(s.opt, model_.param_count());
    steps_per_epoch_ = (n_ + batch_ - 1) / batch_;
    total_steps_ = s.epochs > 0 ? steps_per_epoch_ * s.epochs : s.iterations;
    reports_.reserve(static_cast<std::size_t>(s.epochs > 0 ? s.epochs : s.iterations / s.report_every) + 2);
    order_.resize(n_);
    std::iota(order_.begin(), order_.end(), 0u);
    pos_ = n_;
    cmat<T> x, y;
    direct_ = batch_ == n_ && data_.train->rows(0, n_, x, y);
    bx_.resize(static_cast<std::size_t>(batch_) * data_.train->x_width());
    by_.resize(static_cast<std::size_t>(batch_) * data_.train->y_width());
    if (s.update_flips) {
      flips_.assign(model_.param_count(), 0);
      prev_positive_.assign(model_.param_count(), 0);
    }
    for (const param_info& p : model_.param_layout())
      if (p.name.size() < 5 || p.name.compare(p.name.size() - 5, 5, ".bias") != 0)
        weights_.push_back({p.offset, static_cast<std::size_t>(p.rows) * p.cols});
    if (s.patience > 0 && s.restore_best) best_params_.resize(model_.param_count());
  }

  long run(long n, double* curve) override {
    long ran = 0;
    const bool epochs = spec_.epochs > 0;
    while (ran < n && !done_) {
      cmat<T> x, y;
      next_batch(x, y);
      const cmat<T> yhat = model_.forward(x, true);
      const double error = abs_error_sum(yhat, y) / static_cast<double>(yhat.size());
      const double loss = loss_sum(spec_.loss, yhat, model_.logits(x.rows), y) /
                              loss_normaliser(spec_.loss, x.rows, yhat.cols) +
                          penalty();
      if (!std::isfinite(error) || !std::isfinite(loss)) {
        diverged_ = done_ = true;
        report r;
        r.step = step_;
        r.error = error;
        r.loss = loss;
        reports_.push_back(r);
        break;
      }
      if (curve) curve[ran] = epochs ? loss : error;
      if (epochs) {
        epoch_loss_ += loss * x.rows;
        epoch_correct_ += correct_count(yhat, y);
        epoch_seen_ += x.rows;
      } else if (step_ % spec_.report_every == 0) {
        report r;
        r.step = step_;
        r.error = error;
        r.loss = loss;
        reports_.push_back(r);
      }
      mat<T> dy = model_.output_grad(x.rows);
      loss_gradient(spec_.loss, yhat, y, dy);
      // The gradient block is zero here: the model starts with it zeroed and
      // step_and_clear leaves it so, zeroing each gradient as the optimizer
      // reads it (no separate pass over the block, as zero_grads() would be).
      model_.backward(x, dy);
      if (spec_.l2 > 0 || spec_.l1 > 0) add_penalty_gradient();
      if (!flips_.empty()) count_flips();
      opt_->step_and_clear(model_.params(), model_.grads(), model_.param_count());
      ++step_;
      ++ran;
      if (epochs && step_ % steps_per_epoch_ == 0) end_epoch();
      if (step_ == total_steps_) finish();
    }
    return ran;
  }

  int input_width() const override { return data_.train->x_width(); }
  std::vector<int> layer_widths() const override {
    std::vector<int> w;
    for (std::size_t i = 0; i < model_.depth(); ++i) w.push_back(model_.at(i).out_width());
    return w;
  }
  std::vector<param_info> param_layout() const override { return model_.param_layout(); }
  std::size_t param_count() const override { return model_.param_count(); }
  void copy_params(double* out) const override {
    std::copy(model_.params(), model_.params() + model_.param_count(), out);
  }

  void forward_all(const double* x, int rows, double* out) override {
    const int xw = data_.train->x_width();
    std::vector<T> chunk(static_cast<std::size_t>(batch_) * xw);
    std::size_t layer_offset = 0;
    std::vector<std::size_t> offsets;
    for (int w : layer_widths()) {
      offsets.push_back(layer_offset);
      layer_offset += static_cast<std::size_t>(rows) * w;
    }
    for (int r0 = 0; r0 < rows; r0 += batch_) {
      const int b = std::min(batch_, rows - r0);
      for (std::size_t i = 0; i < static_cast<std::size_t>(b) * xw; ++i)
        chunk[i] = static_cast<T>(x[static_cast<std::size_t>(r0) * xw + i]);
      model_.forward(cmat<T>(chunk.data(), b, xw), false);
      for (std::size_t l = 0; l < model_.depth(); ++l) {
        const cmat<T> a = model_.activations(l, b);
        std::copy(a.data, a.data + a.size(), out + offsets[l] + static_cast<std::size_t>(r0) * a.cols);
      }
    }
  }

  std::vector<std::uint8_t> predicted_classes() override {
    const dataset<T>& set = data_.test ? *data_.test : *data_.train;
    std::vector<std::uint8_t> out(static_cast<std::size_t>(set.count()));
    const int n = set.count();
    for (int r0 = 0; r0 < n; r0 += batch_) {
      const int b = std::min(batch_, n - r0);
      cmat<T> x, y;
      rows_of(set, r0, b, x, y);
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
    if (!data_.train->rows(0, n_, x, y) || n_ > 4096) return {};
    const std::vector<double> xd(x.data, x.data + x.size());
    std::size_t total = 0;
    for (int w : layer_widths()) total += static_cast<std::size_t>(n_) * w;
    std::vector<double> all(total);
    forward_all(xd.data(), n_, all.data());
    return std::vector<double>(all.end() - static_cast<std::ptrdiff_t>(n_) * model_.out_width(), all.end());
  }

 private:
  // The batch size, refused if larger than the training set or if training
  // would need more memory than the engine allows (checked before any of it
  // is allocated: the WASM heap cannot grow past its maximum).
  static int checked_batch(const experiment_spec& s, int n, int x_width, int y_width) {
    if (s.batch_size > n)
      throw spec_error("batch_size: " + std::to_string(s.batch_size) + " is larger than the training set (" +
                       std::to_string(n) + " examples)");
    const int batch = s.batch_size <= 0 ? n : s.batch_size;
    const double bytes = static_cast<double>(sizeof(T)) * training_values(s, batch, x_width, y_width);
    if (bytes > static_cast<double>(max_training_bytes))
      throw spec_error("model: training needs about " + std::to_string(static_cast<long long>(bytes / 1e6)) +
                       " MB (parameters, optimizer state, activations for batch " + std::to_string(batch) +
                       "), more than the " + std::to_string(max_training_bytes / 1000000) +
                       " MB the engine allows: use a smaller batch_size or smaller layers");
    return batch;
  }

  // Values (of T) a run keeps: parameters with gradients, optimizer state and
  // a best-weights copy; per example of a batch, every layer's output (and a
  // dropout mask), two gradient buffers and the converted inputs and targets.
  static double training_values(const experiment_spec& s, int batch, int x_width, int y_width) {
    double params = 0, per_example = x_width + y_width;
    double width = x_width, widest = x_width;
    for (const layer_spec& l : s.layers) {
      if (l.type == "dropout") {
        per_example += 2 * width;
        continue;
      }
      params += width * l.units + (l.bias ? l.units : 0);
      width = l.units;
      widest = std::max(widest, width);
      per_example += width;
    }
    per_example += 2 * widest + (loss_is_fused(s.loss) ? width : 0);
    const double state = s.opt.kind == optimizer_kind::adam || s.opt.kind == optimizer_kind::adadelta ? 2
                         : s.opt.kind == optimizer_kind::sgd && s.opt.momentum == 0                ? 0
                                                                                                  : 1;
    return params * (2 + state + (s.patience > 0 ? 1 : 0)) + per_example * batch;
  }

  void next_batch(cmat<T>& x, cmat<T>& y) {
    if (direct_) {
      data_.train->rows(0, n_, x, y);
      return;
    }
    if (pos_ >= n_) {
      if (spec_.shuffle) gen_.shuffle(order_.begin(), static_cast<std::uint32_t>(order_.size()));
      pos_ = 0;
    }
    const int b = std::min(batch_, n_ - pos_);
    data_.train->fill(order_.data() + pos_, b, bx_.data(), by_.data());
    pos_ += b;
    x = cmat<T>(bx_.data(), b, data_.train->x_width());
    y = cmat<T>(by_.data(), b, data_.train->y_width());
  }

  // Examples [r0, r0 + b) of a set, borrowed when stored as T, else converted
  // into the batch buffers.
  void rows_of(const dataset<T>& set, int r0, int b, cmat<T>& x, cmat<T>& y) {
    if (set.rows(r0, b, x, y)) return;
    for (int i = 0; i < b; ++i) eval_index_[i] = static_cast<std::uint32_t>(r0 + i);
    set.fill(eval_index_.data(), b, bx_.data(), by_.data());
    x = cmat<T>(bx_.data(), b, set.x_width());
    y = cmat<T>(by_.data(), b, set.y_width());
  }

  struct evaluation {
    double loss = 0, error = 0, accuracy = 0;
  };

  // Inference over a whole set, a batch at a time.
  evaluation evaluate(const dataset<T>& set) {
    evaluation e;
    double loss = 0, err = 0;
    long correct = 0;
    const int n = set.count();
    for (int r0 = 0; r0 < n; r0 += batch_) {
      const int b = std::min(batch_, n - r0);
      cmat<T> x, y;
      rows_of(set, r0, b, x, y);
      const cmat<T> yhat = model_.forward(x, false);
      err += abs_error_sum(yhat, y);
      loss += loss_sum(spec_.loss, yhat, model_.logits(b), y) / loss_normaliser(spec_.loss, 1, yhat.cols);
      correct += correct_count(yhat, y);
    }
    e.error = err / (static_cast<double>(n) * set.y_width());
    // Every normaliser is (per-example factor) x B: divide the per-example sums by n.
    e.loss = loss / static_cast<double>(n);
    if (spec_.loss == loss_kind::summed_error) e.loss = loss / 1.0;   // a sum, not a mean
    e.accuracy = static_cast<double>(correct) / n;
    return e;
  }

  void end_epoch() {
    report r;
    r.step = step_;
    r.epoch = static_cast<int>(step_ / steps_per_epoch_);
    r.loss = epoch_loss_ / epoch_seen_;
    r.accuracy = static_cast<double>(epoch_correct_) / epoch_seen_;
    if (data_.validation) {
      const evaluation v = evaluate(*data_.validation);
      r.val_loss = v.loss;
      r.val_accuracy = v.accuracy;
    }
    epoch_loss_ = 0;
    epoch_correct_ = 0;
    epoch_seen_ = 0;
    reports_.push_back(r);
    schedule_lr(r.epoch);
    if (spec_.patience > 0 && data_.validation) watch(r);
  }

  // l2 sum w^2 + l1 sum |w| over dense weights (0 without regularisation).
  double penalty() const {
    if (spec_.l2 == 0 && spec_.l1 == 0) return 0;
    double sq = 0, ab = 0;
    const T* w = model_.params();
    for (const auto& [first, count] : weights_)
      for (std::size_t i = first; i < first + count; ++i) {
        const double v = w[i];
        sq += v * v;
        ab += v < 0 ? -v : v;
      }
    return spec_.l2 * sq + spec_.l1 * ab;
  }

  void add_penalty_gradient() {
    const T two_l2 = static_cast<T>(2 * spec_.l2), l1 = static_cast<T>(spec_.l1);
    const T* w = model_.params();
    T* g = model_.grads();
    for (const auto& [first, count] : weights_)
      for (std::size_t i = first; i < first + count; ++i) {
        const T sign = w[i] > T(0) ? T(1) : (w[i] < T(0) ? T(-1) : T(0));
        g[i] = g[i] + (two_l2 * w[i] + l1 * sign);
      }
  }

  void schedule_lr(int epoch) {
    if (spec_.lr_decay == "none") return;
    const int times = spec_.lr_decay == "step" ? epoch / spec_.lr_every : epoch;
    double lr = spec_.opt.lr;
    for (int i = 0; i < times; ++i) lr *= spec_.lr_factor;   // no pow(): the same bits everywhere
    opt_->set_lr(lr);
  }

  // Early stopping on the validation figure.
  void watch(const report& r) {
    const bool by_loss = spec_.monitor == "val_loss";
    const double v = by_loss ? r.val_loss : r.val_accuracy;
    const bool better = best_epoch_ == 0 || (by_loss ? v < best_ : v > best_);
    if (better) {
      best_ = v;
      best_epoch_ = r.epoch;
      if (!best_params_.empty()) std::copy(model_.params(), model_.params() + model_.param_count(), best_params_.begin());
      return;
    }
    if (r.epoch - best_epoch_ < spec_.patience) return;
    if (!best_params_.empty()) std::copy(best_params_.begin(), best_params_.end(), model_.params());
    stopped_early_ = true;
    finish();
  }

  // The last report: iteration runs measure the whole training set with the
  // final weights; epoch runs add the test set to the last epoch's report.
  void finish() {
    if (done_) return;
    done_ = true;
    if (spec_.epochs > 0) {
      if (data_.test) {
        const evaluation t = evaluate(*data_.test);
        reports_.back().test_loss = t.loss;
        reports_.back().test_accuracy = t.accuracy;
      }
      return;
    }
    const evaluation e = evaluate(*data_.train);
    report r;
    r.step = step_;
    r.error = e.error;
    r.loss = e.loss;
    reports_.push_back(r);
    if (!std::isfinite(e.error) || !std::isfinite(e.loss)) diverged_ = true;
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
  int n_, batch_;
  model<T> model_;
  rng gen_;
  std::unique_ptr<optimizer<T>> opt_;
  std::vector<std::uint32_t> order_, eval_index_ = std::vector<std::uint32_t>(static_cast<std::size_t>(batch_));
  int pos_ = 0;
  bool direct_ = false;
  std::vector<T> bx_, by_;
  std::vector<std::uint8_t> prev_positive_;
  double epoch_loss_ = 0;
  long epoch_correct_ = 0, epoch_seen_ = 0;
  std::vector<std::pair<std::size_t, std::size_t>> weights_;   // (offset, count) of dense weights
  std::vector<T> best_params_;
  double best_ = 0;
  int best_epoch_ = 0;
  bool stopped_early_ = false;
};

}  // namespace

std::unique_ptr<experiment> make_experiment(const experiment_spec& spec) {
  if (spec.prec == precision::f64) return std::make_unique<supervised<double>>(spec);
  return std::make_unique<supervised<float>>(spec);
}

}  // namespace synapse
