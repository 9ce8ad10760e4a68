// train/adversarial.cpp: the adversarial kind of experiment (the GAN lab).
//
// The model has two parts, "generator" (noise -> an image) and
// "discriminator" (an image -> the logit of "real"), each with its own
// optimizer. One step, as the lecture's loop (Keras' train_on_batch):
//   d_steps times: draw B noise vectors and generate B fakes (inference
//     mode), draw B real images at random with replacement, and update the
//     discriminator on the 2B batch [reals; fakes] with labels [real_label;
//     0] (one-sided label smoothing), binary cross-entropy from its logits;
//   then draw B new noise vectors, label them 1, and update the generator
//     through the discriminator: gradients flow through the discriminator
//     (its dropout active) to the generator, while the discriminator's
//     weights and optimizer state stay as they are (its part is frozen).
// Per step it measures d_loss, g_loss, d_real (the discriminator's mean
// output on the reals) and d_fake (on the fakes). A fixed batch of noise,
// drawn once after initialisation, is what the `samples` view generates from,
// so the student watches the same 100 digits sharpen.
#include <algorithm>
#include <cmath>

#include "../data/dataset.h"
#include "../losses/loss.h"
#include "adversarial.h"
#include "model_experiment.h"

namespace synapse {
namespace {

constexpr int samples_count = 100;

template <class T>
class adversarial final : public model_experiment<T, adversarial<T>> {
  friend class model_experiment<T, adversarial<T>>;
  using experiment::spec_;
  using experiment::step_;
  using experiment::total_steps_;
  using experiment::steps_per_epoch_;
  using experiment::done_;
  using experiment::diverged_;
  using experiment::reports_;
  using experiment::metrics_;

 public:
  explicit adversarial(const experiment_spec& s)
      : model_experiment<T, adversarial<T>>(s),
        data_(load_data<T>(s.data)),
        batch_(checked_batch(s, data_.train->count())),
        model_(s.noise_size, s.layers, 2 * batch_, true, s.parts),
        gen_(s.seed),
        width_(data_.train->x_width()) {
    if (model_.parts().size() != 2 || model_.parts()[0].name != "generator" || model_.parts()[1].name != "discriminator")
      throw spec_error("model.parts: a GAN has two parts, \"generator\" then \"discriminator\"");
    if (model_.parts()[0].out_width != width_)
      throw spec_error("model.parts[0]: the generator gives " + std::to_string(model_.parts()[0].out_width) +
                       " values per example, but an image of data \"" + s.data.name + "\" has " +
                       std::to_string(width_));
    if (model_.out_width() != 1) throw spec_error("model.parts[1]: the discriminator must end in one unit");
    model_.init(gen_, s.init);
    for (std::size_t k = 0; k < 2; ++k)
      optimizers_.push_back(make_optimizer<T>(s.parts[k].opt, model_.parts()[k].param_count));
    fixed_noise_.resize(static_cast<std::size_t>(samples_count) * s.noise_size);
    for (double& z : fixed_noise_) z = gen_.normal();
    noise_.resize(static_cast<std::size_t>(batch_) * s.noise_size);
    images_.resize(static_cast<std::size_t>(2 * batch_) * width_);
    labels_.resize(static_cast<std::size_t>(2 * batch_));
    index_.resize(static_cast<std::size_t>(batch_));
    scratch_y_.resize(static_cast<std::size_t>(batch_) * data_.train->y_width());
    total_steps_ = s.iterations;
    steps_per_epoch_ = 0;
    for (const char* name : {"d_loss", "g_loss", "d_real", "d_fake"})
      metrics_->push_back({name, words(name), name[2] == 'l' ? "" : "probability", metric_per::step});
    reports_.reserve(static_cast<std::size_t>(s.iterations / s.report_every) + 2);
  }

  long run(long n, double* curve) override {
    long ran = 0;
    while (ran < n && !done_) {
      double d_loss = 0, d_real = 0, d_fake = 0;
      for (int k = 0; k < spec_.d_steps; ++k) discriminator_step(d_loss, d_real, d_fake);
      const double g_loss = generator_step();
      if (!std::isfinite(d_loss) || !std::isfinite(g_loss)) {   // the divergence guard
        diverged_ = done_ = true;
        push_report(d_loss, g_loss, d_real, d_fake);
        break;
      }
      if (curve) curve[ran] = d_loss;
      ++step_;
      ++ran;
      if (step_ % spec_.report_every == 0 || step_ == total_steps_) push_report(d_loss, g_loss, d_real, d_fake);
      if (step_ == total_steps_) done_ = true;
    }
    return ran;
  }

  void run_phase(const std::string& part) override {
    double l = 0, r = 0, f = 0;
    if (part == "discriminator") return discriminator_step(l, r, f);
    if (part == "generator") return static_cast<void>(generator_step());
    throw spec_error("phase: \"" + part + "\" is not a phase of a GAN step (discriminator, generator)");
  }
  const std::vector<double>& fixed_noise() const override { return fixed_noise_; }

  std::vector<std::pair<std::string, int>> sets() const override { return {{"train", data_.train->count()}}; }
  std::vector<double> set_inputs(const std::string&) const override {
    throw spec_error("the GAN lab serves no data set as a view (synapse data mnist-train prints it)");
  }
  std::vector<double> set_targets(const std::string& s) const override { return set_inputs(s); }
  std::vector<double> example_losses(const std::string& s) override { return set_inputs(s); }
  std::vector<double> outputs() override { return {}; }
  std::vector<std::uint8_t> predicted_classes() override { return {}; }
  std::vector<std::uint8_t> true_classes() const override { return {}; }

 private:
  static int checked_batch(const experiment_spec& s, int n) {
    if (s.batch_size < 1) throw spec_error("batch_size: a GAN needs a batch size of at least 1");
    if (s.batch_size > n)
      throw spec_error("batch_size: " + std::to_string(s.batch_size) + " is larger than the training set (" +
                       std::to_string(n) + " images)");
    return s.batch_size;
  }

  static std::string words(const std::string& name) {
    if (name == "d_loss") return "discriminator loss";
    if (name == "g_loss") return "generator loss";
    if (name == "d_real") return "discriminator's mean output on real images";
    return "discriminator's mean output on generated images";
  }

  void draw_noise() {
    for (T& z : noise_) z = static_cast<T>(gen_.normal());
  }

  // One discriminator update on [reals; fakes]; adds its loss and mean outputs.
  void discriminator_step(double& loss, double& real, double& fake) {
    const int B = batch_, nz = spec_.noise_size;
    draw_noise();
    const cmat<T> fakes = model_.forward_part(0, cmat<T>(noise_.data(), B, nz), false);
    std::copy(fakes.data, fakes.data + fakes.size(), images_.begin() + static_cast<std::ptrdiff_t>(B) * width_);
    for (int i = 0; i < B; ++i) index_[i] = gen_.interval(static_cast<std::uint32_t>(data_.train->count() - 1));
    data_.train->fill(index_.data(), B, images_.data(), scratch_y_.data());
    for (int i = 0; i < 2 * B; ++i) labels_[i] = i < B ? static_cast<T>(spec_.real_label) : T(0);
    const cmat<T> x(images_.data(), 2 * B, width_), y(labels_.data(), 2 * B, 1);
    const cmat<T> p = model_.forward_part(1, x, true);
    const double l = loss_sum(spec_.loss, p, model_.logits(2 * B), y) / loss_normaliser(spec_.loss, 2 * B, 1);
    double sum_real = 0, sum_fake = 0;
    for (int i = 0; i < B; ++i) sum_real += p.data[i], sum_fake += p.data[B + i];
    mat<T> dy = model_.output_grad(2 * B);
    loss_gradient(spec_.loss, p, y, dy);
    model_.backward_part(1, x, dy);
    this->apply(1);
    loss += l / spec_.d_steps;
    real += sum_real / B / spec_.d_steps;
    fake += sum_fake / B / spec_.d_steps;
  }

  // One generator update through the frozen discriminator; its loss.
  double generator_step() {
    const int B = batch_, nz = spec_.noise_size;
    draw_noise();
    for (int i = 0; i < B; ++i) labels_[i] = T(1);
    const cmat<T> z(noise_.data(), B, nz), y(labels_.data(), B, 1);
    const cmat<T> p = model_.forward(z, true);
    const double l = loss_sum(spec_.loss, p, model_.logits(B), y) / loss_normaliser(spec_.loss, B, 1);
    mat<T> dy = model_.output_grad(B);
    loss_gradient(spec_.loss, p, y, dy);
    // Through the frozen discriminator: its weights and moments stay, and its
    // weight gradients are not even computed (about a tenth of the step).
    model_.freeze_part(1, true);
    model_.backward(z, dy);
    model_.freeze_part(1, frozen_[1]);
    this->apply(0);
    return l;
  }

  void push_report(double d_loss, double g_loss, double d_real, double d_fake) {
    report r(metrics_);
    r.step = step_;
    r.values[0] = d_loss, r.values[1] = g_loss, r.values[2] = d_real, r.values[3] = d_fake;
    reports_.push_back(r);
  }

  data_splits<T> data_;
  int batch_;
  model<T> model_;
  rng gen_;
  int width_;
  std::vector<std::unique_ptr<optimizer<T>>> optimizers_;   // generator, discriminator
  std::vector<bool> frozen_ = {false, false};
  std::vector<double> fixed_noise_;                          // (100, noise_size), for the samples view
  std::vector<T> noise_, images_, labels_, scratch_y_;
  std::vector<std::uint32_t> index_;
};

}  // namespace

std::unique_ptr<experiment> make_adversarial(const experiment_spec& spec) {
  if (spec.prec == precision::f64) return std::make_unique<adversarial<double>>(spec);
  return std::make_unique<adversarial<float>>(spec);
}

}  // namespace synapse
