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
// so the student watches the same 100 digits sharpen. The divergence guard
// (experiment.h, divergence.h) watches the step's d_loss + g_loss: NaN or
// infinite stops the run as diverged; exploding far above the first step's
// marks it diverging, as for the supervised trainer.
//
// A step can also be taken phase by phase (run_phase: the discriminator's
// d_steps updates, then the generator's, which counts the step), and each
// phase keeps the first 8 reals and fakes it trained on with the
// discriminator's verdicts (last_phase): the page's Step-D, Step-G and slow
// mode show them.
#include <algorithm>
#include <cmath>

#include "../data/dataset.h"
#include "../losses/loss.h"
#include "adversarial.h"
#include "model_experiment.h"

namespace synapse {
namespace {

constexpr int samples_count = 100;
constexpr int shown_per_kind = 8;   // reals and fakes kept of each phase's batch (last_phase)

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
    const std::size_t shown = static_cast<std::size_t>(std::min(batch_, shown_per_kind));
    shown_.inputs.resize(2 * shown * static_cast<std::size_t>(width_));
    shown_.noise.resize(shown * static_cast<std::size_t>(s.noise_size));
    shown_.verdicts.resize(2 * shown);
    shown_.targets.resize(2 * shown);
    shown_.phase.reserve(16);   // the phase names fit: no allocation when a step names its phase
    total_steps_ = s.iterations;
    steps_per_epoch_ = 0;
    for (const char* name : {"d_loss", "g_loss", "d_real", "d_fake"})
      metrics_->push_back({name, words(name), name[2] == 'l' ? "" : "probability", metric_per::step});
    reports_.reserve(static_cast<std::size_t>(s.iterations / s.report_every) + 2);
  }

  long run(long n, double* curve) override {
    long ran = 0;
    while (ran < n && !done_) {
      while (d_done_ < spec_.d_steps) discriminator_phase();
      if (!generator_phase(curve ? curve + ran : nullptr)) break;
      ++ran;
    }
    return ran;
  }

  long run_phase(const std::string& part, double* curve) override {
    if (part != "discriminator" && part != "generator")
      throw spec_error("phase: \"" + part + "\" is not a phase of a GAN step (discriminator, generator)");
    if (done_) throw spec_error("phase: the run is over (step " + std::to_string(step_) + ")");
    if (part != next_phase())
      throw spec_error(part == "generator"
                           ? "phase: the discriminator's update comes first (" + std::to_string(spec_.d_steps) +
                                 " per step, " + std::to_string(d_done_) + " done)"
                           : "phase: the discriminator has had its update(s) of step " + std::to_string(step_ + 1) +
                                 "; the generator's comes next");
    if (part == "discriminator") {
      discriminator_phase();
      return 0;
    }
    return generator_phase(curve) ? 1 : 0;
  }
  std::string next_phase() const override { return d_done_ < spec_.d_steps ? "discriminator" : "generator"; }
  const phase_record& last_phase() const override { return shown_; }
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

  // A saved GAN run (train/state.h): the progress and reports; both parts'
  // weights and optimizer states; the run's one random stream (the noise and
  // the real images drawn); a step begun phase by phase (the discriminator
  // updates done and their figures so far) and the last phase's examples.
  // The samples' fixed noise is drawn at construction, the same in every run.
  void visit_kind_state(state_io& io) {
    this->visit_progress(io);
    this->visit_model_state(io);
    io.section("the GAN's random stream and phase");
    gen_.visit_state(io);
    io.value(d_done_);
    if (io.loading() && (d_done_ < 0 || d_done_ > spec_.d_steps)) throw spec_error("saved state: d_steps done out of range");
    io.value(d_loss_);
    io.value(d_real_);
    io.value(d_fake_);
    io.text(shown_.phase, 15);
    io.value(shown_.step);
    io.value(shown_.rows);
    io.value(shown_.real_rows);
    io.fixed(shown_.inputs);
    io.fixed(shown_.noise);
    io.fixed(shown_.verdicts);
    io.fixed(shown_.targets);
  }

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

  // One of the step's d_steps discriminator updates; sums into the step's figures.
  void discriminator_phase() {
    discriminator_step(d_loss_, d_real_, d_fake_);
    ++d_done_;
  }

  // The step's generator update, then the step is counted (the divergence
  // guard, the curve, the report). False if the step diverged.
  bool generator_phase(double* curve) {
    const double g_loss = generator_step();
    const double d_loss = d_loss_, d_real = d_real_, d_fake = d_fake_;
    d_done_ = 0;
    d_loss_ = d_real_ = d_fake_ = 0;
    if (!this->guard_loss(step_, d_loss + g_loss)) {   // the divergence guard (divergence.h), on the step's two losses
      diverged_ = done_ = true;
      push_report(d_loss, g_loss, d_real, d_fake);
      return false;
    }
    if (curve) *curve = d_loss;
    ++step_;
    if (step_ % spec_.report_every == 0 || step_ == total_steps_) push_report(d_loss, g_loss, d_real, d_fake);
    if (step_ == total_steps_) done_ = true;
    return true;
  }

  // Keeps the first shown rows of each kind of the batch just trained on:
  // inputs (rows of images_ or of the generator's output), their noise, the
  // verdicts p and the targets labels_. No allocation (sized at construction).
  void keep_shown(const char* phase, const T* reals, const T* fakes, const T* p, int real_rows) {
    const int k = static_cast<int>(shown_.targets.size()) / 2;
    shown_.phase = phase;
    shown_.step = step_ + 1;
    shown_.real_rows = real_rows ? k : 0;
    shown_.rows = shown_.real_rows + k;
    const std::size_t w = static_cast<std::size_t>(width_), nz = static_cast<std::size_t>(spec_.noise_size);
    std::size_t at = 0;
    if (real_rows) {
      std::copy(reals, reals + k * w, shown_.inputs.begin());
      for (int i = 0; i < k; ++i) shown_.verdicts[i] = p[i], shown_.targets[i] = labels_[i];
      at = static_cast<std::size_t>(k);
    }
    std::copy(fakes, fakes + k * w, shown_.inputs.begin() + static_cast<std::ptrdiff_t>(at * w));
    std::copy(noise_.begin(), noise_.begin() + static_cast<std::ptrdiff_t>(k * nz), shown_.noise.begin());
    for (int i = 0; i < k; ++i)
      shown_.verdicts[at + i] = p[(real_rows ? batch_ : 0) + i], shown_.targets[at + i] = labels_[(real_rows ? batch_ : 0) + i];
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
    keep_shown("discriminator", images_.data(), images_.data() + static_cast<std::ptrdiff_t>(B) * width_, p.data, B);
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
    const part_range& g = model_.parts()[0];
    keep_shown("generator", nullptr, model_.activations(static_cast<std::size_t>(g.first + g.count - 1), B).data, p.data, 0);
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
  int d_done_ = 0;                            // discriminator updates done in the current step
  double d_loss_ = 0, d_real_ = 0, d_fake_ = 0;   // their figures so far
  phase_record shown_;
};

}  // namespace

std::unique_ptr<experiment> make_adversarial(const experiment_spec& spec) {
  if (spec.prec == precision::f64) return std::make_unique<adversarial<double>>(spec);
  return std::make_unique<adversarial<float>>(spec);
}

}  // namespace synapse
