#include "session.h"

#include "engine/train/state.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "engine/labs/labs.h"
#include "engine/spec/json_text.h"
#include "engine/spec/knobs.h"

namespace synapse {
namespace {

using json = nlohmann::json;
using emscripten::typed_memory_view;
using emscripten::val;

template <class R, class F>
R guarded(F f) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    R r;
    r.ok = false;
    r.error = "out of memory: the model or data is too large for the browser's WASM heap";
    return r;
  } catch (const std::exception& e) {
    R r;
    r.ok = false;
    r.error = e.what();
    return r;
  } catch (...) {
    R r;
    r.ok = false;
    r.error = "unknown engine error";
    return r;
  }
}

constexpr long max_run_steps = 1L << 24;
constexpr int max_forward_rows = 1 << 16;

}  // namespace

call_result session::configure(const std::string& preset, const std::string& knobs_json) {
  return guarded<call_result>([&] {
    json knobs;
    try {
      knobs = json::parse(knobs_json);
    } catch (const json::exception&) {
      throw spec_error("knobs: not a JSON object");
    }
    if (!knobs.is_object()) throw spec_error("knobs: not a JSON object");
    knob_values values;
    for (auto it = knobs.begin(); it != knobs.end(); ++it) {
      if (!it.value().is_string()) throw spec_error(it.key() + ": value must be text");
      values.emplace_back(it.key(), it.value().get<std::string>());
    }
    json doc;
    const experiment_spec spec = spec_from_preset(preset, values, &doc);
    auto fresh = make_experiment(spec);   // may throw: the old run stays
    exp_ = std::move(fresh);
    document_ = doc.dump();
    curve_len_ = 0;
    return call_result{};
  });
}

call_result session::configure_document(const std::string& experiment_json) {
  return guarded<call_result>([&] {
    json doc;
    try {
      doc = parse_json_text(experiment_json);   // strict, depth-limited (spec/json_text.h)
    } catch (const spec_error& e) {
      const std::string m = e.what();   // the reader names "experiment:" itself on most paths
      throw spec_error(m.rfind("experiment:", 0) == 0 ? m : "experiment: " + m);
    }
    const experiment_spec spec = parse_spec(doc);
    auto fresh = make_experiment(spec);
    exp_ = std::move(fresh);
    document_ = doc.dump();
    curve_len_ = 0;
    return call_result{};
  });
}

// The run's step and how it stands (done, diverged, diverging), after run() or phase().
static void where_run_is(const experiment& e, step_metrics& m) {
  m.step = static_cast<double>(e.step());
  m.done = e.done();
  m.diverged = e.diverged();
  const explosion_watch& w = e.explosion();
  m.diverging = w.diverging();
  m.diverging_step = static_cast<double>(w.step);
  m.diverging_loss = w.loss;
  m.first_loss = w.first_loss;
}

step_metrics session::run(double n) {
  return guarded<step_metrics>([&] {
    if (!exp_) throw spec_error("run: configure an experiment first");
    if (!(n >= 0 && n <= max_run_steps))
      throw spec_error("run: steps must be in 0.." + std::to_string(max_run_steps));
    const long steps = static_cast<long>(n);
    if (curve_.size() < static_cast<std::size_t>(steps)) curve_.resize(steps);  // outside the loop
    step_metrics m;
    m.ran = static_cast<double>(exp_->run(steps, curve_.data()));
    curve_len_ = static_cast<long>(m.ran);
    where_run_is(*exp_, m);
    m.last_error = curve_len_ > 0 ? curve_[curve_len_ - 1] : std::numeric_limits<double>::quiet_NaN();
    return m;
  });
}

step_metrics session::phase(const std::string& part) {
  return guarded<step_metrics>([&] {
    if (!exp_) throw spec_error("phase: configure an experiment first");
    if (curve_.empty()) curve_.resize(1);
    step_metrics m;
    m.ran = static_cast<double>(exp_->run_phase(part, curve_.data()));
    curve_len_ = static_cast<long>(m.ran);
    where_run_is(*exp_, m);
    m.last_error = curve_len_ > 0 ? curve_[0] : std::numeric_limits<double>::quiet_NaN();
    return m;
  });
}

std::string session::describe() const {
  if (!exp_) return "null";
  json d;
  d["experiment"] = json::parse(document_);
  d["lab"] = exp_->spec().lab;
  d["input_width"] = exp_->input_width();
  d["layer_widths"] = exp_->layer_widths();
  json params = json::array();
  for (const auto& p : exp_->param_layout()) {
    // rows x cols: a matrix, or 1 x n for a vector (the page's network drawing)
    const int rows = p.shape.size() > 1 ? p.shape[0] : 1;
    params.push_back({{"name", p.name}, {"shape", p.shape}, {"rows", rows},
                      {"cols", static_cast<int>(p.count() / static_cast<std::size_t>(rows))},
                      {"offset", p.offset}, {"regularized", p.regularized}});
  }
  d["params"] = params;
  d["param_count"] = exp_->param_count();
  json parts = json::array();
  for (const auto& p : exp_->parts())
    parts.push_back({{"name", p.name}, {"first_layer", p.first}, {"layers", p.count}, {"param_offset", p.param_offset},
                     {"param_count", p.param_count}, {"in_width", p.in_width}, {"out_width", p.out_width}});
  d["parts"] = parts;
  const bool epochs = exp_->epochs() > 0;
  d["schedule"] = {{"unit", epochs ? "epochs" : "iterations"},
                   {"steps_per_epoch", epochs ? exp_->steps_per_epoch() : 0},
                   {"epochs", exp_->epochs()},
                   {"total_steps", exp_->total_steps()}};
  json sets = json::object();
  for (const auto& [name, count] : exp_->sets()) sets[name] = count;
  d["data"] = sets;
  json metrics = json::array();
  for (const auto& m : exp_->metrics())
    metrics.push_back({{"name", m.name}, {"label", m.label}, {"unit", m.unit}, {"per", metric_per_name(m.per)}});
  d["metrics"] = metrics;
  json views = json::array();
  for (const auto& v : find_lab(exp_->spec().lab).views) views.push_back(v.name);
  for (const auto& v : common_views()) views.push_back(v.name);
  d["views"] = views;
  return d.dump();
}

val session::curve() const { return val(typed_memory_view(curve_len_, curve_.data())); }

val session::reports() {
  scratch_.clear();
  if (exp_)
    for (const auto& r : exp_->reports()) {
      scratch_.push_back(static_cast<double>(r.step));
      scratch_.push_back(static_cast<double>(r.epoch));
      scratch_.insert(scratch_.end(), r.values.begin(), r.values.begin() + static_cast<std::ptrdiff_t>(exp_->metrics().size()));
    }
  return val(typed_memory_view(scratch_.size(), scratch_.data()));
}

val session::view_input(int n) {
  view_in_.assign(n > 0 && n <= max_forward_rows ? static_cast<std::size_t>(n) : 0, 0.0);
  return val(typed_memory_view(view_in_.size(), view_in_.data()));
}

val session::view(const std::string& name, int n) {
  val out = val::object();
  try {
    if (!exp_) throw spec_error("view: configure an experiment first");
    if (n < 0 || static_cast<std::size_t>(n) > view_in_.size()) throw spec_error("view: input larger than view_input()");
    const std::vector<double> input(view_in_.begin(), view_in_.begin() + n);
    view_data v = serve_view(*exp_, name, input);
    view_out_ = std::move(v.data);
    val shape = val::array();
    for (int d : v.shape) shape.call<void>("push", d);
    val meta = val::object();
    for (const auto& [k, x] : v.meta) meta.set(k, x);
    out.set("ok", true);
    out.set("shape", shape);
    out.set("meta", meta);
    out.set("data", val(typed_memory_view(view_out_.size(), view_out_.data())));
  } catch (const std::bad_alloc&) {
    out.set("ok", false);
    out.set("error", std::string("out of memory while computing view \"") + name + "\"");
  } catch (const std::exception& e) {
    out.set("ok", false);
    out.set("error", std::string(e.what()));
  }
  return out;
}

val session::params() {
  scratch_.assign(exp_ ? exp_->param_count() : 0, 0.0);
  if (exp_) exp_->copy_params(scratch_.data());
  return val(typed_memory_view(scratch_.size(), scratch_.data()));
}

val session::update_flips() const {
  static const std::vector<std::int32_t> none;
  const auto& f = exp_ ? exp_->update_flips() : none;
  return val(typed_memory_view(f.size(), f.data()));
}

val session::outputs() {
  scratch_ = exp_ ? exp_->outputs() : std::vector<double>{};
  return val(typed_memory_view(scratch_.size(), scratch_.data()));
}

val session::predicted_classes() {
  classes_ = exp_ ? exp_->predicted_classes() : std::vector<std::uint8_t>{};
  return val(typed_memory_view(classes_.size(), classes_.data()));
}

val session::forward_input(int rows) {
  const int r = exp_ && rows > 0 && rows <= max_forward_rows ? rows : 0;
  input_.assign(static_cast<std::size_t>(r) * (exp_ ? exp_->input_width() : 0), 0.0);
  return val(typed_memory_view(input_.size(), input_.data()));
}

val session::forward_run(int rows) {
  if (!exp_ || rows <= 0 || static_cast<std::size_t>(rows) * exp_->input_width() > input_.size())
    return val(typed_memory_view(0, output_.data()));
  std::size_t total = 0;
  for (int w : exp_->layer_widths()) total += static_cast<std::size_t>(rows) * w;
  output_.assign(total, 0.0);
  exp_->forward_all(input_.data(), rows, output_.data());
  return val(typed_memory_view(output_.size(), output_.data()));
}

val session::save_state() {
  val r = val::object();
  try {
    if (!exp_) throw spec_error("save: nothing is configured");
    state_ = save_run(*exp_, document_);
    r.set("ok", true);
    r.set("bytes", val(typed_memory_view(state_.size(), reinterpret_cast<const std::uint8_t*>(state_.data()))));
  } catch (const std::exception& e) {
    r.set("ok", false);
    r.set("error", std::string(e.what()));
  }
  return r;
}

val session::state_input(double n) {
  state_.assign(n >= 0 && n <= 256e6 ? static_cast<std::size_t>(n) : 0, '\0');
  return val(typed_memory_view(state_.size(), reinterpret_cast<std::uint8_t*>(&state_[0])));
}

call_result session::load_state(double n) {
  call_result r;
  try {
    if (!exp_) throw spec_error("load: nothing is configured");
    if (n != static_cast<double>(state_.size())) throw spec_error("load: the bytes were not given");
    load_run(*exp_, document_, state_);
  } catch (const std::exception& e) {
    r.ok = false;
    r.error = e.what();
  }
  return r;
}

}  // namespace synapse
