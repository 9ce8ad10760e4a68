// labs/gan.cpp: the GAN lab (the lecture's MNIST GAN) and its views. The
// playground counts steps (one discriminator and one generator update); the
// lecture's "epoch" is batch_size = 128 of them, printed beside.
#include <cmath>
#include <cstdio>

#include "labs.h"

namespace synapse {
namespace {

// Images of side x side from the generator, shape (k, side, side) (side: the
// square root of its output; MNIST's 28).
view_data images(experiment& e, const std::vector<double>& noise) {
  view_data v;
  const int nz = e.input_width(), k = static_cast<int>(noise.size()) / nz;
  e.predict_part("generator", noise.data(), k, v.data);
  const int width = k ? static_cast<int>(v.data.size()) / k : 0;
  const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(width))));
  v.shape = side * side == width ? std::vector<int>{k, side, side} : std::vector<int>{k, width};
  return v;
}

// samples: the generator's images of the run's fixed noise batch (100,
// drawn once after initialisation), shape (100, 28, 28), values in [-1, 1].
view_data samples(experiment& e, const std::vector<double>&) { return images(e, e.fixed_noise()); }

// generate: the generator's images of the noise vectors given (k x noise
// size numbers: a latent walk's points), shape (k, 28, 28).
view_data generate(experiment& e, const std::vector<double>& input) {
  const std::size_t nz = static_cast<std::size_t>(e.input_width());
  if (input.empty() || input.size() % nz != 0 || input.size() > 256 * nz)
    throw spec_error("generate: give 1 to 256 noise vectors of " + std::to_string(nz) + " numbers each");
  for (double d : input)
    if (!std::isfinite(d)) throw spec_error("generate: the noise must be finite numbers");
  return images(e, input);
}

// phase_batch: what the last phase of a step trained on (experiment::
// last_phase), one row per example, shape (rows, 3 + image width): the
// target it was trained toward, the discriminator's verdict on it during the
// update (dropout active), its verdict now (for a generator phase: on what
// the updated generator now makes of the same noise), then the image the
// discriminator saw. The first meta.real_rows rows are real images. meta:
// phase (1 discriminator, 2 generator, 0 none yet), step (the step it
// belongs to), next (the phase due: 1 or 2), side (of the square image).
view_data phase_batch(experiment& e, const std::vector<double>&) {
  const phase_record& r = e.last_phase();
  view_data v;
  const int rows = r.rows, width = rows ? static_cast<int>(r.inputs.size() / r.targets.size()) : 0;
  std::vector<double> now, images;
  if (rows) {
    if (r.phase == "generator") {
      e.predict_part("generator", r.noise.data(), rows, images);
      e.predict_part("discriminator", images.data(), rows, now);
    } else {
      e.predict_part("discriminator", r.inputs.data(), rows, now);
    }
  }
  v.shape = {rows, 3 + width};
  v.data.reserve(static_cast<std::size_t>(rows) * (3 + width));
  for (int i = 0; i < rows; ++i) {
    v.data.push_back(r.targets[i]);
    v.data.push_back(r.verdicts[i]);
    v.data.push_back(now[i]);
    const auto row = r.inputs.begin() + static_cast<std::ptrdiff_t>(i) * width;
    v.data.insert(v.data.end(), row, row + width);
  }
  const auto code = [](const std::string& phase) { return phase == "discriminator" ? 1.0 : phase == "generator" ? 2.0 : 0.0; };
  v.meta = {{"phase", code(r.phase)}, {"step", static_cast<double>(r.step)}, {"next", code(e.next_phase())},
            {"real_rows", r.real_rows}, {"side", std::round(std::sqrt(static_cast<double>(width)))}};
  return v;
}

// One line per report: "step 1280 (the lecture's epoch 10.0): d_loss 0.6012 - g_loss 0.9871 - d_real 0.7410 - d_fake 0.2873"
void report_text(const experiment& e, const report& r, std::ostream& out) {
  char line[200];
  const double epoch = e.spec().batch_size > 0 ? static_cast<double>(r.step) / e.spec().batch_size : 0;
  std::snprintf(line, sizeof line, "step %ld (the lecture's epoch %.1f): d_loss %.4f - g_loss %.4f - d_real %.4f - d_fake %.4f",
                r.step, epoch, r["d_loss"], r["g_loss"], r["d_real"], r["d_fake"]);
  out << line << "\n";
}

}  // namespace

const lab_row gan_lab = {
    "gan",
    "A GAN on MNIST",
    "Two networks trained against each other: a generator turns noise into digits while a discriminator "
    "learns to tell them from real ones; watch the samples sharpen.",
    experiment_kind::adversarial,
    {{"samples", "the generator's digits for the run's fixed noise batch (100)", samples},
     {"generate", "the generator's digits for the noise vectors given", generate},
     {"phase_batch", "what the last phase of a step trained on: 8 reals and 8 fakes (or the generator's 8), with the "
                     "discriminator's verdicts during the update and now", phase_batch}},
    {"mnist-train"},
    nullptr,
    report_text,
};

}  // namespace synapse
