// The LSTM lab's data and experiment: the airline CSV as the lecture reads it
// (scaling, split, windows checked against tests/golden/airline_windows.py),
// bad CSVs and knobs refused with the reason, the presets' shapes and
// parameter counts (Keras'), RMSE in passengers, the forecast view, and a
// stateful run that views do not disturb.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "engine/data/catalog.h"
#include "engine/data/data_store.h"
#include "engine/data/dataset.h"
#include "engine/data/series.h"
#include "engine/labs/labs.h"
#include "engine/spec/knobs.h"

using namespace synapse;

namespace {

void use_build_data() { set_data_dir(std::string(SYNAPSE_SOURCE_DIR) + "/build/data"); }

std::string refusal_of_csv(const std::string& text) {
  try {
    parse_series_csv("bad.csv", text);
  } catch (const spec_error& e) {
    return e.what();
  }
  return "(accepted)";
}

std::string refusal(const char* preset, const knob_values& v) {
  use_build_data();
  try {
    make_experiment(spec_from_preset(preset, v));
  } catch (const spec_error& e) {
    return e.what();
  }
  return "(accepted)";
}

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

}  // namespace

TEST_CASE("the airline series is scaled, split and windowed as the lecture's create_dataset", "[airline]") {
  use_build_data();
  const time_series s = parse_series_csv("airline-passengers.csv", *open_text_file("airline-passengers.csv"));
  REQUIRE(s.values.size() == 144);
  CHECK(s.labels.front() == "1949-01");
  CHECK(s.labels.back() == "1960-12");
  CHECK(s.values.front() == 112);
  CHECK(s.values.back() == 432);
  CHECK(series_split(144, 0.67) == 96);
  data_spec spec;
  spec.name = "airline";
  const data_splits<double> d = load_data<double>(spec);
  REQUIRE(d.train->count() == 90);   // tests/golden/airline_windows.py: 90 and 42 windows at look_back 5
  REQUIRE(d.test->count() == 42);
  CHECK(d.train->x_shape() == shape{1, 5});
  CHECK(d.rmse_scale == 518);
  std::vector<double> x(5), y(1), sx, sy;
  for (int i = 0; i < 90; ++i) {
    const std::uint32_t idx = static_cast<std::uint32_t>(i);
    d.train->fill(&idx, 1, x.data(), y.data());
    if (i == 0) {
      CHECK(x[0] == Approx(0.015444015444015444).epsilon(1e-15));
      CHECK(x[4] == Approx(0.032818532818532815).epsilon(1e-15));
      CHECK(y[0] == Approx(0.059845559845559844).epsilon(1e-15));
    }
    sx.insert(sx.end(), x.begin(), x.end());
    sy.push_back(y[0]);
  }
  CHECK(sum(sx) == Approx(93.02702702702703).epsilon(1e-13));
  CHECK(sum(sy) == Approx(19.764478764478767).epsilon(1e-13));
  std::uint32_t first = 0;
  d.test->fill(&first, 1, x.data(), y.data());
  CHECK(x[0] == Approx(0.40733590733590735).epsilon(1e-15));
  CHECK(y[0] == Approx(0.6138996138996139).epsilon(1e-15));
  spec.window = "steps";
  spec.look_back = 3;
  const data_splits<double> steps = load_data<double>(spec);
  CHECK(steps.train->x_shape() == shape{3, 1});
  CHECK(steps.train->count() == 92);
}

TEST_CASE("a broken series CSV is refused naming the line and what is wrong", "[airline]") {
  CHECK(refusal_of_csv("Month,Passengers\n1949-01,112\n1949-02,abc\n") == "bad.csv line 3: \"abc\" is not a number");
  CHECK(refusal_of_csv("Month,Passengers\n1949-01,112\n1949-02,\n") ==
        "bad.csv line 3: the value of \"1949-02\" is missing");
  CHECK(refusal_of_csv("Month,Passengers\n1949-01,112,7\n") ==
        "bad.csv line 2: expected 2 fields (label, value), found 3");
  CHECK(refusal_of_csv("") == "bad.csv: empty file (expected a header row, then label,value rows)");
  CHECK(refusal_of_csv("Month,Passengers\n") == "bad.csv: no rows after the header");
  CHECK(refusal_of_csv("Month,Passengers\n1949-01,inf\n") == "bad.csv line 2: \"inf\" is not a number");
  // numbers as JSON writes them: no hex, no sign, nothing after a NUL
  CHECK(refusal_of_csv("Month,Passengers\n1949-01,0x10\n") == "bad.csv line 2: \"0x10\" is not a number");
  CHECK(refusal_of_csv("Month,Passengers\n1949-01,+5\n") == "bad.csv line 2: \"+5\" is not a number");
  CHECK(refusal_of_csv(std::string("Month,Passengers\n1949-01,12\0 junk\n", 34)) ==
        "bad.csv line 2: \"12\\u0000 junk\" is not a number");
  CHECK(refusal_of_csv("Month,Passengers\n1949-01,1e999\n") ==
        "bad.csv line 2: \"1e999\" is too large for a number (the largest is about 1.8e308)");
  // quoted fields and CRLF line ends, as spreadsheets write them
  const time_series s = parse_series_csv("ok.csv", "\"Month\",\"Passengers\"\r\n\"1949-01\",112\r\n\"1949-02\",118\r\n");
  CHECK(s.values == std::vector<double>{112, 118});
  CHECK(s.labels[1] == "1949-02");
}

TEST_CASE("a CSV cell in a refusal is escaped and shortened", "[airline]") {
  // a tab, an escape code and a NUL in a cell: one line, each escaped
  CHECK(refusal_of_csv(std::string("Month,Passengers\n1949-01,1\t2\x1b[31m\0\n", 35)) ==
        "bad.csv line 2: \"1\\t2\\u001b[31m\\u0000\" is not a number");
  CHECK(refusal_of_csv("Month,Passengers\n1949\xe2\x80\xa8-01,\n") ==
        "bad.csv line 2: the value of \"1949\\u2028-01\" is missing");
  // a 5,000-character cell: its first 60 characters and its length
  const std::string cell = "4" + std::string(4999, 'a');
  CHECK(refusal_of_csv("Month,Passengers\n1949-01," + cell + "\n") ==
        "bad.csv line 2: \"4" + std::string(59, 'a') + "\"... (5000 bytes) is not a number");
}

TEST_CASE("bad LSTM knobs and a series too short for a window are refused with the allowed values", "[airline]") {
  CHECK(refusal("lstm-airline", {{"look_back", "0"}}) == "look_back: must be an integer in 1..40, got \"0\"");
  // the test part has 48 values: a window of 47 would leave none
  CHECK(refusal("lstm-airline", {{"look_back", "40"}}) == "(accepted)");
  std::string text = "Month,Passengers\n";
  for (int i = 0; i < 12; ++i) text += "m" + std::to_string(i) + "," + std::to_string(100 + i * (i % 3)) + "\n";
  auto& bytes = provide_data_file("short.csv", text.size());
  std::copy(text.begin(), text.end(), bytes.begin());
  experiment_spec s = spec_from_preset("lstm-airline", {});
  s.data.file = "short.csv";   // 8 training and 4 test values: look_back 5 leaves no test window
  try {
    make_experiment(s);
    FAIL("accepted");
  } catch (const spec_error& e) {
    CHECK(std::string(e.what()) ==
          "look_back: must be an integer in 1..2 (the 4 values of the test part of short.csv must leave at least one "
          "window), got 5");
  }
  CHECK(refusal("lstm-airline-stateful", {{"batch_size", "4"}}) ==
        "batch_size: a stateful run carries each row's state to the same row of the next batch, so the batch size "
        "must divide every set (train has 90 examples); 4 does not. Sizes that do: 1, 2, 3, 6");
  CHECK(refusal("lstm-airline-stateful", {{"batch_size", "6"}}) == "(accepted)");
  CHECK(refusal("lstm-airline", {{"stateful", "maybe"}}) == "stateful: must be one of off|on, got \"maybe\"");
  CHECK(refusal("lstm-airline", {{"recurrent_activation", "relu"}}) ==
        "recurrent_activation: must be one of sigmoid|hard_sigmoid, got \"relu\"");
}

TEST_CASE("the LSTM presets build the lecture's models with Keras' parameter counts", "[airline]") {
  use_build_data();
  const auto count = [](const char* preset) { return make_experiment(spec_from_preset(preset, {}))->param_count(); };
  CHECK(count("lstm-airline") == 68608 + 129);          // LSTM(128) on (1, 5), Dense(1)
  CHECK(count("lstm-airline-steps") == 66560 + 129);    // on (5, 1)
  CHECK(count("lstm-airline-stateful") == 96 + 5);      // LSTM(4) on (5, 1)
  CHECK(count("lstm-airline-stacked") == 96 + 144 + 5); // LSTM(4) -> LSTM(4)
  CHECK(count("rnn-airline") == 128 * (1 + 128 + 1) + 129);
  auto e = make_experiment(spec_from_preset("lstm-airline-stacked", {}));
  CHECK(e->layer_widths() == std::vector<int>{5 * 4, 4, 1});   // the first returns its whole sequence
}

TEST_CASE("an LSTM run reports the loss per epoch and the train and test RMSE in passengers", "[airline]") {
  use_build_data();
  auto e = make_experiment(spec_from_preset("lstm-airline", {{"epochs", "2"}, {"units", "8"}}));
  std::vector<std::string> names;
  for (const auto& m : e->metrics()) names.push_back(m.name + ":" + metric_per_name(m.per));
  CHECK(names == std::vector<std::string>{"loss:epoch", "train_rmse:final", "test_rmse:final", "batch_loss:step"});
  e->run(1000, nullptr);
  REQUIRE(e->done());
  const report& r = e->reports().back();
  // RMSE in passengers: the root of the mean squared error of the scaled predictions, times max - min
  std::vector<double> out;
  const std::vector<double> x = e->set_inputs("test"), y = e->set_targets("test");
  e->predict_part("model", x.data(), static_cast<int>(y.size()), out);
  double se = 0;
  for (std::size_t i = 0; i < y.size(); ++i) se += (out[i] - y[i]) * (out[i] - y[i]);
  CHECK(r["test_rmse"] == Approx(std::sqrt(se / static_cast<double>(y.size())) * 518).epsilon(1e-5));
  CHECK(r["train_rmse"] > 0);
  std::ostringstream text;
  find_lab("lstm").final_text(r, text);
  CHECK(text.str().rfind("Train Score: ", 0) == 0);
  CHECK(text.str().find(" RMSE\nTest Score: ") != std::string::npos);
  CHECK(e->outputs().empty());   // no "Output After Training" table for a series
}

TEST_CASE("the forecast view puts the predictions in passengers under their months", "[airline]") {
  use_build_data();
  auto e = make_experiment(spec_from_preset("lstm-airline-steps", {{"epochs", "1"}, {"units", "6"}}));
  e->run(1000, nullptr);
  const view_data v = serve_view(*e, "forecast", {24});
  REQUIRE(v.shape == std::vector<int>{144 + 24, 4});
  const auto at = [&](int row, int col) { return v.data[static_cast<std::size_t>(row) * 4 + col]; };
  CHECK(at(0, 0) == 112);
  CHECK(std::isnan(at(144, 0)));
  for (int row = 0; row < 168; ++row) {
    CHECK(std::isnan(at(row, 1)) == !(row >= 5 && row < 95));     // 90 training windows predict months 5..94
    CHECK(std::isnan(at(row, 2)) == !(row >= 101 && row < 143));  // 42 test windows predict months 101..142
    CHECK(std::isnan(at(row, 3)) == !(row >= 144));               // the forecast past December 1960
  }
  // the test predictions are the model's outputs, unscaled
  std::vector<double> out;
  const std::vector<double> x = e->set_inputs("test");
  e->predict_part("model", x.data(), 42, out);
  CHECK(at(101, 2) == Approx(out[0] * 518 + 104).epsilon(1e-12));
  CHECK(std::isfinite(at(167, 3)));
  double split = 0;
  for (const auto& [k, val] : v.meta)
    if (k == "split") split = val;
  CHECK(split == 96);
  CHECK_THROWS_WITH(serve_view(*e, "forecast", {61}), Catch::Contains("months ahead must be in 0..60"));
  const view_data g = serve_view(*e, "time_gradients", {});
  REQUIRE(g.shape == std::vector<int>{1, 5});
  CHECK(std::all_of(g.data.begin(), g.data.end(), [](double n) { return std::isfinite(n) && n >= 0; }));
}

TEST_CASE("a stateful run is not disturbed by views served in the middle of an epoch", "[airline]") {
  use_build_data();
  const knob_values k = {{"epochs", "3"}};
  auto quiet = make_experiment(spec_from_preset("lstm-airline-stateful", k));
  auto viewed = make_experiment(spec_from_preset("lstm-airline-stateful", k));
  quiet->run(1000, nullptr);
  while (!viewed->done()) {
    viewed->run(37, nullptr);   // not a divisor of the 90 steps of an epoch
    serve_view(*viewed, "forecast", {6});
  }
  std::vector<double> a(quiet->param_count()), b(viewed->param_count());
  quiet->copy_params(a.data());
  viewed->copy_params(b.data());
  CHECK(a == b);
  CHECK(quiet->reports().back()["test_rmse"] == viewed->reports().back()["test_rmse"]);
}

TEST_CASE("synapse data airline prints the series with a header row", "[airline]") {
  use_build_data();
  std::ostringstream out;
  write_data_csv("airline", 3, out);
  CHECK(out.str() == "month,passengers\n1949-01,112\n1949-02,118\n1949-03,132\n");
}

TEST_CASE("the lecture's figures: versions 1 and 3 over seeds 1, 2, 3 (medians)", "[airline][slow]") {
  use_build_data();
  const auto medians = [](const char* preset) {
    std::vector<double> train, test;
    for (const char* seed : {"1", "2", "3"}) {
      auto e = make_experiment(spec_from_preset(preset, {{"seed", seed}}));
      e->run(1L << 30, nullptr);
      train.push_back(e->reports().back()["train_rmse"]);
      test.push_back(e->reports().back()["test_rmse"]);
    }
    std::sort(train.begin(), train.end());
    std::sort(test.begin(), test.end());
    return std::make_pair(train[1], test[1]);
  };
  // The lecture: version 1 train 20.06 / test 53.28; stateful 19.50 / 48.75 (train within 25 %, test 40 %).
  const auto [train1, test1] = medians("lstm-airline");
  CHECK(std::abs(train1 / 20.06 - 1) <= 0.25);
  CHECK(std::abs(test1 / 53.28 - 1) <= 0.40);
  const auto [train3, test3] = medians("lstm-airline-stateful");
  CHECK(std::abs(train3 / 19.50 - 1) <= 0.25);
  CHECK(std::abs(test3 / 48.75 - 1) <= 0.40);
}
