// labs/lstm.cpp: the LSTM lab (the lecture's airline passengers) and its
// views. The data are the series' windows (data/series.h): each example the
// look_back months before a month, its target that month, min-max scaled;
// the model a recurrent stack then Dense(1). The views put the network's
// predictions back in passengers, month by month, beside the series.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "../data/data_store.h"
#include "../data/series.h"
#include "labs.h"

namespace synapse {
namespace {

constexpr int max_ahead = 60;   // months the forecast view runs past the series
const double nan = std::numeric_limits<double>::quiet_NaN();

// forecast: one row per month of the series and `ahead` months past it
// (input[0], 0..60, default 12), shape (months, 4): the passengers, the
// prediction of the training windows' target months, of the test windows',
// and the forecast fed back on itself (each predicted month becomes the last
// value of the next window), NaN where a column has no value. Stateful models
// predict the training windows from a reset state, then the test windows and
// the forecast from another, carried month to month, as the lecture does.
// meta: split (the first test month's row), look_back, start_year and
// start_month (from a "YYYY-MM" first label; 0 if it is not one).
view_data forecast(experiment& e, const std::vector<double>& input) {
  int ahead = 12;
  if (!input.empty()) {
    if (!(input[0] >= 0 && input[0] <= max_ahead))
      throw spec_error("forecast: months ahead must be in 0.." + std::to_string(max_ahead));
    ahead = static_cast<int>(input[0]);
  }
  const data_spec& d = e.spec().data;
  const time_series s = parse_series_csv(d.file, *open_text_file(d.file));
  const min_max_scaler m = fit_min_max(s);
  const int n = static_cast<int>(s.values.size()), k = d.look_back, split = series_split(n, d.train_fraction);
  view_data v;
  v.shape = {n + ahead, 4};
  v.data.assign(static_cast<std::size_t>(n + ahead) * 4, nan);
  for (int i = 0; i < n; ++i) v.data[static_cast<std::size_t>(i) * 4] = s.values[static_cast<std::size_t>(i)];
  std::vector<double> out;
  // training windows: the window at i predicts month i + k
  std::vector<double> x = e.set_inputs("train");
  const int train_rows = static_cast<int>(x.size()) / k;
  e.predict_part("model", x.data(), train_rows, out);
  for (int i = 0; i < train_rows; ++i) v.data[static_cast<std::size_t>(i + k) * 4 + 1] = m.unscale(out[i]);
  // test windows (from split), then the forecast: the test windows and the
  // future ones so far, predicted in one carried run each time
  x = e.set_inputs("test");
  const int test_rows = static_cast<int>(x.size()) / k;
  std::vector<double> last(s.values.end() - k, s.values.end());
  for (double& value : last) value = m.scale(value);
  for (int step = 0; step <= ahead; ++step) {
    const int rows = static_cast<int>(x.size()) / k;
    e.predict_part("model", x.data(), rows, out);
    if (step == 0) {
      for (int i = 0; i < test_rows; ++i) v.data[static_cast<std::size_t>(split + i + k) * 4 + 2] = m.unscale(out[i]);
    } else {
      const double next = out[static_cast<std::size_t>(rows - 1)];
      v.data[static_cast<std::size_t>(n + step - 1) * 4 + 3] = m.unscale(next);
      last.erase(last.begin());
      last.push_back(next);
    }
    if (step < ahead) x.insert(x.end(), last.begin(), last.end());
  }
  int year = 0, month = 0;
  if (std::sscanf(s.labels.front().c_str(), "%4d-%2d", &year, &month) != 2 || month < 1 || month > 12) year = month = 0;
  v.meta = {{"split", split}, {"look_back", k}, {"start_year", year}, {"start_month", month}};
  return v;
}

// time_gradients: for each recurrent layer, the norm of the loss gradient
// reaching each of its time steps in the last training step, shape (layers,
// T), step 0 first; it shrinks going back in time where a plain recurrent
// layer forgets and holds where an LSTM remembers.
view_data time_gradients(experiment& e, const std::vector<double>&) {
  view_data v;
  const std::vector<std::vector<double>> norms = e.time_gradient_norms();
  const int T = norms.empty() ? 0 : static_cast<int>(norms.front().size());
  v.shape = {static_cast<int>(norms.size()), T};
  for (const auto& layer : norms) v.data.insert(v.data.end(), layer.begin(), layer.end());
  return v;
}

// The lecture's lines: "Train Score: 20.06 RMSE" and "Test Score: 53.28 RMSE".
void final_text(const report& last, std::ostream& out) {
  char line[120];
  std::snprintf(line, sizeof line, "Train Score: %.2f RMSE\nTest Score: %.2f RMSE", last["train_rmse"],
                last["test_rmse"]);
  out << line << "\n";
}

}  // namespace

const lab_row lstm_lab = {
    "lstm",
    "An LSTM on the airline passengers",
    "A recurrent network learns 12 years of monthly airline passengers from windows of past months and "
    "forecasts the rest; see its predictions bend to the series, and the gradient fade back in time without "
    "an LSTM's memory.",
    experiment_kind::supervised,
    {{"forecast", "the series in passengers with the training and test predictions and a forecast fed back on itself",
      forecast},
     {"time_gradients", "the gradient's norm reaching each time step of each recurrent layer in the last step",
      time_gradients}},
    {"airline"},
    final_text,
};

}  // namespace synapse
