// labs/autoencoder.cpp: the autoencoder lab (the lecture's anomaly detection)
// and its views. The model has two parts, "encoder" (the input to the code)
// and "decoder" (the code back to a point); the data are the lecture's four
// sets, named here as the notebook prints them: clean (the training pairs),
// test, noisy and wrong.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "labs.h"

namespace synapse {
namespace {

// The notebook's set names and the run's data sets behind them.
constexpr const char* set_names[4][2] = {{"clean", "train"}, {"test", "test"}, {"noisy", "noisy"}, {"wrong", "wrong"}};

// reconstruction: for each set (clean, test, noisy, wrong) its first m points
// and where the network puts them, shape (4, m, 4): x, y, x', y'. m is
// input[0] if given (1..10000), else 1000.
view_data reconstruction(experiment& e, const std::vector<double>& input) {
  int m = 1000;
  if (!input.empty()) {
    if (!(input[0] >= 1 && input[0] <= 10000)) throw spec_error("reconstruction: points per set must be in 1..10000");
    m = static_cast<int>(input[0]);
  }
  for (const auto& [name, count] : e.sets())
    for (const auto& s : set_names)
      if (name == s[1]) m = std::min(m, count);
  view_data v;
  v.shape = {4, m, 4};
  v.data.reserve(static_cast<std::size_t>(16) * m);
  std::vector<double> out;
  for (const auto& s : set_names) {
    std::vector<double> x = e.set_inputs(s[1]);
    x.resize(static_cast<std::size_t>(2) * m);
    e.predict_part("encoder", x.data(), m, out);
    const std::vector<double> code = out;
    e.predict_part("decoder", code.data(), m, out);
    for (int i = 0; i < m; ++i)
      for (double d : {x[2 * i], x[2 * i + 1], out[2 * i], out[2 * i + 1]}) v.data.push_back(d);
  }
  return v;
}

// errors: every point's reconstruction error (its mean squared error), set
// after set (clean, test, noisy, wrong), shape (total); meta: each set's count.
view_data errors(experiment& e, const std::vector<double>&) {
  view_data v;
  for (const auto& s : set_names) {
    const std::vector<double> l = e.example_losses(s[1]);
    v.data.insert(v.data.end(), l.begin(), l.end());
    v.meta.emplace_back(s[0], static_cast<double>(l.size()));
  }
  v.shape = {static_cast<int>(v.data.size())};
  return v;
}

// code: the encoder's output for the points in input (x, y pairs), shape (k, code size).
view_data code(experiment& e, const std::vector<double>& input) {
  if (input.empty() || input.size() % 2 != 0 || input.size() > 2000)
    throw spec_error("code: give 1 to 1000 points as x, y pairs");
  for (double d : input)
    if (!std::isfinite(d)) throw spec_error("code: the point's coordinates must be finite numbers");
  const int k = static_cast<int>(input.size() / 2);
  view_data v;
  e.predict_part("encoder", input.data(), k, v.data);
  v.shape = {k, static_cast<int>(v.data.size() / k)};
  return v;
}

// The notebook's line: "Clean loss = 0.0008, Test loss = 0.0008 Noisy loss = 0.0042, Wrong loss = 0.0082".
void final_text(const report& last, std::ostream& out) {
  char line[160];
  std::snprintf(line, sizeof line, "Clean loss = %.4f, Test loss = %.4f Noisy loss = %.4f, Wrong loss = %.4f",
                last["clean_loss"], last["test_loss"], last["noisy_loss"], last["wrong_loss"]);
  out << line << "\n";
}

}  // namespace

const lab_row autoencoder_lab = {
    "autoencoder",
    "Autoencoder anomaly detection",
    "A network squeezes points through a 16-number code and rebuilds them; points unlike its training data "
    "come back with larger errors, and a threshold on that error catches them.",
    experiment_kind::supervised,
    {{"reconstruction", "points of each set and where the network puts them", reconstruction},
     {"errors", "every point's reconstruction error, set after set", errors},
     {"code", "the encoder's code for the points given", code}},
    {"autoencoder-train", "autoencoder-test", "autoencoder-noisy", "autoencoder-wrong"},
    final_text,
};

}  // namespace synapse
