// data/series.h: a time series from a CSV file (the LSTM lab's airline
// passengers), scaled and cut into windows exactly as the lecture does:
//   - the CSV: a header row, then one "label,value" row per time step (the
//     label, e.g. "1949-01", may be quoted); every value a finite number as
//     JSON writes one ("112", "1.5e3"; not "0x10", "+1", "inf");
//   - min-max scaling to [0, 1] fitted on the whole series, with its inverse;
//   - the first int(n * train_fraction) values for training, the rest for
//     testing, split before windowing;
//   - windows of look_back values with the next value as the target, for
//     i in 0 .. len - look_back - 2: the lecture's create_dataset stops one
//     window early, so with 96 training values and look_back 5 there are 90.
#pragma once

#include <string>
#include <vector>

namespace synapse {

struct time_series {
  std::string name;                  // the file's name, for messages
  std::string label_header, value_header;
  std::vector<std::string> labels;   // "1949-01", ...
  std::vector<double> values;
};

// Throws spec_error naming the file, the line and what is wrong.
time_series parse_series_csv(const std::string& name, const std::string& text);

struct min_max_scaler {
  double min = 0, max = 1;
  double scale(double v) const { return (v - min) / (max - min); }
  double unscale(double s) const { return s * (max - min) + min; }
};

// Throws spec_error if the series is constant (nothing to scale by).
min_max_scaler fit_min_max(const time_series& s);

// The lecture's split point: int(n * fraction).
int series_split(int n, double fraction);

// Windows of `values` as the lecture's create_dataset makes them: x (count,
// look_back) row-major, y (count). count = values.size() - look_back - 1.
struct series_windows {
  int count = 0, look_back = 0;
  std::vector<double> x, y;
};
series_windows make_windows(const std::vector<double>& values, int look_back);

}  // namespace synapse
