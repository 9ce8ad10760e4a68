#include "cli.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <sstream>
#include <iomanip>
#include <nlohmann/json.hpp>

#include "../data/catalog.h"
#include "../data/data_store.h"
#include "../format.h"
#include "../spec/json_text.h"
#include "../spec/knobs.h"
#include "../labs/labs.h"
#include "../train/experiment.h"
#include "png.h"
#include "state_flags.h"

namespace synapse {
namespace {

using json = nlohmann::json;

const char* const usage =
    "usage: synapse presets [--format text|json]\n"
    "       synapse run <preset | experiment.json> [--set knob=value]... [--format text|jsonl]\n"
    "                   [--data-dir DIR]   (MNIST files; default: build/data beside the binary)\n"
    "                   [--confusion]      (after training: confusion matrix, per-class accuracy)\n"
    "                   [--samples FILE.png [--samples-every N]]   (gan: the samples grid at the end,\n"
    "                                      and FILE-<step>.png every N steps)\n"
    "                   [--stop-at STEP] [--save FILE] [--load FILE]   (the run's state, train/state.h)\n"
    "       synapse data [NAME [--rows N]]    (the data sets; NAME as CSV with a header row)\n";

struct run_args {
  std::string target, format = "text";
  knob_values knobs;
  bool confusion = false;
  long rows = -1;   // data: rows to print (-1: all)
  std::string samples;       // run: the samples grid's PNG file
  long samples_every = 0;    // run: also FILE-<step>.png every N steps
  std::string save, load;    // run: the state file written at the end / continued from
  long stop_at = 0;          // run: stop at this step (0: at the end)
};

// The lab's samples view as a PNG grid (10 a row, 2-pixel gaps, [-1, 1] to
// grey), written to `path`.
void write_samples(experiment& exp, const std::string& path, cli_io& io) {
  const view_data v = serve_view(exp, "samples", {});
  if (v.shape.size() != 3) throw spec_error("--samples: the samples are not images");
  int w = 0, h = 0;
  const std::vector<std::uint8_t> grid = image_grid(v.data.data(), v.shape[0], v.shape[1], v.shape[2], 10, 2, -1, 1, w, h);
  write_run_file(path, png_gray8(w, h, grid.data()), io);
}

// "grid.png" at step 640 -> "grid-640.png".
std::string numbered(const std::string& path, long step) {
  const std::size_t dot = path.rfind('.'), slash = path.rfind('/');
  const bool ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return (ext ? path.substr(0, dot) : path) + "-" + std::to_string(step) + (ext ? path.substr(dot) : ".png");
}

// Rows: true class; columns: predicted class (the MNIST lab's confusion view).
std::vector<std::vector<long>> confusion_matrix(experiment& exp) {
  const view_data v = serve_view(exp, "confusion", {});
  const std::size_t classes = v.shape.empty() ? 0 : static_cast<std::size_t>(v.shape[0]);
  std::vector<std::vector<long>> m(classes, std::vector<long>(classes, 0));
  for (std::size_t r = 0; r < classes; ++r)
    for (std::size_t c = 0; c < classes; ++c) m[r][c] = static_cast<long>(v.data[r * classes + c]);
  return m;
}

bool looks_like_file(const std::string& t) {
  return t.find('/') != std::string::npos ||
         (t.size() > 5 && t.compare(t.size() - 5, 5, ".json") == 0);
}

// An experiment file: its bytes read strictly (spec/json_text.h), its lab
// checked before a knob is looked up in the lab's table; every refusal
// starts with the file's name.
experiment_spec load_spec(const run_args& a, cli_io& io, json& out) {
  if (!looks_like_file(a.target)) return spec_from_preset(a.target, a.knobs, &out);
  const std::string file = escaped(a.target);
  std::string text;
  if (!io.read_file(a.target, max_experiment_bytes, text))
    throw spec_error(file + ": cannot read file: " + read_failure(text, max_experiment_bytes, "an experiment file"));
  try {
    json doc = parse_json_text(text);
    if (!doc.is_object()) throw spec_error("experiment: must be a JSON object, got " + shown(doc));
    if (!doc.contains("lab")) throw spec_error("lab: missing");
    if (!doc["lab"].is_string()) throw spec_error("lab: must be a string, got " + shown(doc["lab"]));
    const std::string lab = find_lab(doc["lab"].get<std::string>()).name;
    for (const auto& [k, v] : a.knobs) apply_knob(knobs_for_lab(lab), doc, k, v);
    out = doc;
    return parse_spec(doc);
  } catch (const spec_error& e) {
    throw spec_error(file + ": " + e.what());
  }
}

// The report's measured figures of the given kinds, in the declared order.
std::string jsonl_fields(const experiment& exp, const report& r, bool final_ones) {
  std::string out;
  const auto& defs = exp.metrics();
  for (std::size_t i = 0; i < defs.size(); ++i)
    if ((defs[i].per == metric_per::final_report) == final_ones && !std::isnan(r.values[i]))
      out += ",\"" + defs[i].name + "\":" + shortest(r.values[i]);
  return out;
}

std::string jsonl_report(const experiment& exp, const report& r) {
  return std::string("{") + (r.epoch > 0 ? "\"epoch\":" + std::to_string(r.epoch) + "," : "") +
         "\"step\":" + std::to_string(r.step) + jsonl_fields(exp, r, false) + "}";
}

// Keras' progress line: "469/469 - 2.1s - loss: 0.2700 - accuracy: 0.9210 - ..."
std::string keras_line(const experiment& exp, const report& r, long steps, double seconds) {
  std::ostringstream s;
  s << steps << "/" << steps << " - " << std::fixed << std::setprecision(1) << seconds << "s";
  s << std::setprecision(4);
  const auto& defs = exp.metrics();
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (defs[i].per == metric_per::epoch && !std::isnan(r.values[i])) s << " - " << defs[i].name << ": " << r.values[i];
  return s.str();
}

// The final figures: the lab's own words, else "Test loss: 0.0712" lines.
void final_text(const experiment& exp, const report& last, std::ostream& out) {
  const lab_row& lab = find_lab(exp.spec().lab);
  if (lab.final_text) return lab.final_text(last, out);
  const auto& defs = exp.metrics();
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].per != metric_per::final_report || std::isnan(last.values[i])) continue;
    std::string label = defs[i].label;
    if (!label.empty() && label[0] >= 'a' && label[0] <= 'z') label[0] = static_cast<char>(label[0] - 'a' + 'A');
    out << label << ": " << significant(last.values[i], 6) << "\n";
  }
}

std::string number_list(const std::vector<double>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + shortest(v[i]);
  return s + "]";
}

int run(const run_args& a, cli_io& io) {
  json doc;
  const experiment_spec spec = load_spec(a, io, doc);
  auto exp = make_experiment(spec);
  load_state_file(*exp, doc.dump(), a.load, io);
  const bool jsonl = a.format == "jsonl";
  const bool epochs = spec.epochs > 0;
  if (!jsonl && spec.lab == "xor") io.out << "Training With Alpha:" << shortest(spec.opt.lr) << "\n";
  std::size_t printed = 0;
  if (!a.samples.empty()) {
    bool has = false;
    for (const auto& v : find_lab(spec.lab).views) has = has || std::string(v.name) == "samples";
    if (!has) throw spec_error("--samples: the " + spec.lab + " lab draws no samples (the gan lab does)");
  }
  const long chunk = epochs ? exp->steps_per_epoch()
                     : a.samples_every > 0 ? a.samples_every
                                          : std::min<long>(spec.report_every, 1L << 16);
  auto started = std::chrono::steady_clock::now();
  while (!exp->done() && (a.stop_at == 0 || exp->step() < a.stop_at)) {
    exp->run(std::min(chunk - exp->step() % chunk, a.stop_at ? a.stop_at - exp->step() : chunk), nullptr);
    if (a.samples_every > 0 && !exp->diverged() && exp->step() % a.samples_every == 0)
      write_samples(*exp, numbered(a.samples, exp->step()), io);
    const auto& reports = exp->reports();
    for (; printed < reports.size(); ++printed) {
      const report& r = reports[printed];
      if (exp->diverged() && printed + 1 == reports.size()) break;
      if (jsonl) {
        io.out << jsonl_report(*exp, r) << "\n";
      } else if (epochs) {
        const auto now = std::chrono::steady_clock::now();
        io.out << "Epoch " << r.epoch << "/" << spec.epochs << "\n"
               << keras_line(*exp, r, exp->steps_per_epoch(), std::chrono::duration<double>(now - started).count())
               << "\n";
        started = now;
      } else if (const auto lab_line = find_lab(spec.lab).report_text) {
        lab_line(*exp, r, io.out);
      } else {
        io.out << "Error after " << r.step << " iterations:" << significant(r["error"], 12) << "\n";
      }
    }
    io.out.flush();
  }
  if (save_state_file(*exp, doc.dump(), a.save, io, jsonl)) return 0;   // stopped (--stop-at)
  if (!a.samples.empty() && !exp->diverged()) write_samples(*exp, a.samples, io);
  if (exp->diverged()) {
    const long at = exp->reports().back().step;
    if (jsonl) io.out << "{\"done\":true,\"step\":" << at << ",\"diverged\":true}\n";
    else io.out << "diverged at step " << at << ": the loss became NaN or infinite ("
                << (spec.lab == "xor" ? "alpha " : "the learning rate ") << shortest(spec.opt.lr)
                << " is likely too large)\n";
    io.out.flush();
    return 3;
  }
  const report& last = exp->reports().back();
  const std::vector<double> out = exp->outputs();
  const explosion_watch& exploded = exp->explosion();
  if (jsonl) {
    io.out << "{\"done\":true,\"step\":" << exp->step();
    if (exploded.diverging())
      io.out << ",\"diverging\":true,\"diverging_step\":" << exploded.step << ",\"diverging_loss\":" << shortest(exploded.loss);
    io.out << jsonl_fields(*exp, last, true);
    if (!out.empty()) io.out << ",\"outputs\":" << number_list(out);
    const auto& flips = exp->update_flips();
    if (!flips.empty())
      io.out << ",\"update_flips\":" << number_list(std::vector<double>(flips.begin(), flips.end()));
    if (a.confusion) {
      io.out << ",\"confusion\":[";
      const auto m = confusion_matrix(*exp);
      for (std::size_t r = 0; r < m.size(); ++r)
        io.out << (r ? "," : "") << number_list(std::vector<double>(m[r].begin(), m[r].end()));
      io.out << "]";
    }
    io.out << "}\n";
  } else {
    final_text(*exp, last, io.out);
    if (!out.empty()) {
      io.out << "Output After Training:\n";
      for (double v : out) io.out << significant(v, 8) << "\n";
    }
    if (a.confusion) {
      const auto m = confusion_matrix(*exp);
      io.out << "Confusion matrix (rows: true class, columns: predicted), per-class accuracy:\n";
      for (std::size_t r = 0; r < m.size(); ++r) {
        long total = 0;
        for (std::size_t c = 0; c < m.size(); ++c) {
          io.out << std::setw(6) << m[r][c];
          total += m[r][c];
        }
        io.out << "   " << r << ": " << std::fixed << std::setprecision(4)
               << (total ? static_cast<double>(m[r][r]) / total : 0.0) << std::defaultfloat << "\n";
      }
    }
  }
  if (exploded.diverging()) {
    if (!jsonl)
      io.out << "diverging: the training loss rose to " << significant(exploded.loss, 4) << " at step " << exploded.step
             << ", over " << significant(explosion_watch::explode_ratio, 6) << " times its first value "
             << significant(exploded.first_loss, 4) << " (" << (spec.lab == "xor" ? "alpha " : "the learning rate ")
             << shortest(spec.opt.lr) << " is likely too large)\n";
    io.out.flush();
    return 3;
  }
  io.out.flush();
  return 0;
}

int list_presets(const std::string& format, cli_io& io) {
  if (format == "json") {
    io.out << presets_json().dump(1) << "\n";
    return 0;
  }
  for (const auto& p : presets()) {
    io.out << p.name << "  (lab " << p.lab << ")  " << p.title << "\n";
    for (const knob* k : p.knobs)
      io.out << "  " << std::left << std::setw(14) << k->name << std::setw(32) << k->label << " default "
             << std::setw(12) << knob_default(p, *k) << " " << knob_range(*k) << "\n"
             << "  " << std::setw(14) << "" << knob_group_name(k->group) << ": " << k->help
             << (k->alias ? std::string(" (also ") + k->alias + "=)" : std::string()) << "\n";
  }
  return 0;
}

}  // namespace

int synapse_main(const std::vector<std::string>& args, cli_io& io) {
  // data files are read as the experiment file is (data_store.h), for this command only
  struct reader_scope {
    ~reader_scope() { set_file_reader(nullptr); }
  } scope;
  set_file_reader(io.read_file);
  try {
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
      (args.empty() ? io.err : io.out) << usage;
      return args.empty() ? 1 : 0;
    }
    const std::string& cmd = args[0];
    run_args a;
    for (std::size_t i = 1; i < args.size(); ++i) {
      const std::string& s = args[i];
      if (s == "--set" || s == "--format" || s == "--data-dir" || s == "--rows" || s == "--samples" ||
          s == "--samples-every" || s == "--save" || s == "--load" || s == "--stop-at") {
        if (i + 1 >= args.size()) throw spec_error(s + ": needs a value");
        const std::string& v = args[++i];
        if (state_flag(s, v, a)) continue;
        if (s == "--format") {
          a.format = v;
          continue;
        }
        if (s == "--data-dir") {
          if (v.empty()) throw spec_error("--data-dir: needs a directory (\".\" for this one)");
          set_data_dir(v);
          continue;
        }
        if (s == "--samples") {
          if (v.empty()) throw spec_error("--samples: needs a file name");
          a.samples = v;
          continue;
        }
        if (s == "--samples-every") {
          char* end = nullptr;
          const long long n = std::strtoll(v.c_str(), &end, 10);
          if (v.empty() || *end != '\0' || n < 1 || n > 100000000)
            throw spec_error("--samples-every: must be an integer in 1..100000000, got " + quoted_text(v));
          a.samples_every = static_cast<long>(n);
          continue;
        }
        if (s == "--rows") {
          char* end = nullptr;
          const long long n = std::strtoll(v.c_str(), &end, 10);
          if (v.empty() || *end != '\0' || n < 0 || n > 100000000)
            throw spec_error("--rows: must be an integer in 0..100000000, got " + quoted_text(v));
          a.rows = static_cast<long>(n);
          continue;
        }
        const std::size_t eq = v.find('=');
        if (eq == std::string::npos || eq == 0)
          throw spec_error("--set: expected knob=value, got " + quoted_text(v));
        a.knobs.emplace_back(v.substr(0, eq), v.substr(eq + 1));
      } else if (s == "--confusion") {
        a.confusion = true;
      } else if (s.rfind("--", 0) == 0) {
        throw spec_error("unknown option " + quoted_text(s));
      } else if (a.target.empty()) {
        a.target = s;
      } else {
        throw spec_error("unexpected argument " + quoted_text(s));
      }
    }
    if (cmd == "presets") {
      if (a.format != "text" && a.format != "json")
        throw spec_error("--format: must be one of text|json, got " + quoted_text(a.format));
      return list_presets(a.format, io);
    }
    if (cmd == "data") {
      if (a.target.empty()) {
        for (const auto& r : data_catalog()) io.out << std::left << std::setw(19) << r.name << r.about << "\n";
        return 0;
      }
      write_data_csv(a.target, a.rows, io.out);
      io.out.flush();
      return 0;
    }
    if (cmd == "run") {
      if (a.target.empty()) throw spec_error("run: which preset or experiment file? (see synapse presets)");
      if (a.format != "text" && a.format != "jsonl")
        throw spec_error("--format: must be one of text|jsonl, got " + quoted_text(a.format));
      return run(a, io);
    }
    io.err << "synapse: unknown command " << quoted_text(cmd) << "\n" << usage;
    return 1;
  } catch (const spec_error& e) {
    io.err << "synapse: " << one_line(e.what()) << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    io.err << "synapse: out of memory: the model or data is too large for this machine\n";
    return 1;
  } catch (const std::exception& e) {
    io.err << "synapse: internal error: " << one_line(e.what()) << "\n";
    return 2;
  }
}

}  // namespace synapse
