// bindings/bindings.cpp: registers the engine with Embind. Nothing else lives
// here; the behaviour is in session.cpp and engine/.
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>
#include <nlohmann/json.hpp>

#include "engine/cli/cli.h"
#include "engine/data/catalog.h"
#include "engine/data/data_store.h"
#include "engine/kernels/gemm.h"
#include "engine/labs/labs.h"
#include "engine/spec/json_text.h"
#include "engine/spec/knobs.h"
#include "session.h"

namespace {

using namespace synapse;

std::string presets_table() {
  try {
    return presets_json().dump();
  } catch (const std::exception& e) {
    return nlohmann::json{{"error", e.what()}}.dump();
  }
}

std::string labs_table() {
  try {
    return labs_json().dump();
  } catch (const std::exception& e) {
    return nlohmann::json{{"error", e.what()}}.dump();
  }
}

// Data set `name` (data/catalog.h) as CSV, at most `rows` rows (negative:
// all): what `synapse data NAME --rows N` prints, for the page's download.
struct csv_result {
  bool ok = true;
  std::string error, csv;
};

csv_result data_csv(const std::string& name, double rows) {
  csv_result r;
  try {
    if (!(rows >= -1 && rows <= 1e8)) throw spec_error("rows: must be -1 (all) or 0..100000000");
    std::ostringstream out;
    write_data_csv(name, static_cast<long>(rows), out);
    r.csv = out.str();
  } catch (const std::bad_alloc&) {
    r.ok = false;
    r.error = name + ": out of memory while writing the CSV (ask for fewer rows)";
  } catch (const std::exception& e) {
    r.ok = false;
    r.error = e.what();
  }
  return r;
}

// Checks knob values one by one against a preset, for share links; then, if
// each is fine and the preset's data is loaded, all of them together as
// building the run would (shapes through the model, batch, memory: a kernel
// larger than its input is refused here, before the run is replaced), named
// after the knob the refusal starts with ("model" if none). Returns
// {"errors": [{"knob": k, "message": m}, ...]} (empty list: all fine).
std::string check_knobs(const std::string& preset_name, const std::string& knobs_json) {
  nlohmann::json errors = nlohmann::json::array();
  try {
    const preset& p = find_preset(preset_name);
    const nlohmann::json knobs = nlohmann::json::parse(knobs_json);
    knob_values all;
    for (auto it = knobs.begin(); it != knobs.end(); ++it) {
      nlohmann::json doc = preset_document(p);
      const std::string value = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
      all.emplace_back(it.key(), value);
      try {
        apply_knob(p.knobs, doc, it.key(), value);
        parse_spec(doc);
      } catch (const std::exception& e) {
        errors.push_back({{"knob", it.key()}, {"message", e.what()}});
      }
    }
    bool data_ready = true;
    try {
      check_fits(spec_from_preset(preset_name, {}));
    } catch (const std::exception&) {
      data_ready = false;   // the preset itself does not build yet (its data): building the run will say why
    }
    if (errors.empty() && !all.empty() && data_ready) {
      try {
        check_fits_named(spec_from_preset(preset_name, all));
      } catch (const std::exception& e) {
        const std::string why = e.what();
        std::string knob = "model";
        for (const auto& [name, value] : all)
          if (why.rfind(name + ":", 0) == 0) knob = name;
        errors.push_back({{"knob", knob}, {"message", why}});
      }
    }
  } catch (const std::exception& e) {
    errors.push_back({{"knob", "lab"}, {"message", e.what()}});
  }
  return nlohmann::json{{"errors", errors}}.dump();
}

// The files the host read for the next run_cli (path -> bytes), each filled
// in place through cli_file_buffer as the page fills a saved state
// (session::state_input): bytes cross as bytes, with one copy.
std::map<std::string, std::string>& cli_files() {
  static std::map<std::string, std::string> files;
  return files;
}

// A buffer of `size` bytes for the host to fill with file `path` (read for the
// next run_cli): a Uint8Array view, empty if `size` is absurd or memory runs out.
emscripten::val cli_file_buffer(const std::string& path, double size) {
  using emscripten::typed_memory_view;
  static std::uint8_t none = 0;
  if (!(size >= 0 && size <= 256e6)) return emscripten::val(typed_memory_view(0, &none));
  try {
    std::string& bytes = cli_files()[path];
    bytes.assign(static_cast<std::size_t>(size), '\0');
    return emscripten::val(typed_memory_view(bytes.size(), reinterpret_cast<std::uint8_t*>(&bytes[0])));
  } catch (const std::bad_alloc&) {
    cli_files().erase(path);
    return emscripten::val(typed_memory_view(0, &none));
  }
}

// The synapse command line on this module: args_json is ["run", "xor", ...];
// a file the host read is in cli_files (cli_file_buffer), and why one could
// not be read is in errors_json, {path: an errno name (cli.h)}; any other
// file is missing (ENOENT). write(path, bytes) writes a file the run makes at
// the moment it makes it (bytes: a Uint8Array view of WASM memory, valid only
// during the call) and returns "" or why it could not (an errno name). Prints
// through the module's print/printErr; returns the exit code. The files are
// dropped when it returns.
int run_cli(const std::string& args_json, const std::string& errors_json, emscripten::val write) {
  struct drop_files {
    ~drop_files() { cli_files().clear(); }
  } drop;
  try {
    const auto args = nlohmann::json::parse(args_json).get<std::vector<std::string>>();
    const auto errors = nlohmann::json::parse(errors_json);
    cli_io io{std::cout, std::cerr, [&](const std::string& path, std::size_t max_bytes, std::string& contents) {
                const auto f = cli_files().find(path);
                if (f == cli_files().end()) {
                  const auto e = errors.find(path);
                  contents = e != errors.end() && e->is_string() ? e->get<std::string>() : "ENOENT";
                  return false;
                }
                if (f->second.size() > max_bytes) {
                  contents = "EFBIG";
                  return false;
                }
                contents = f->second;
                return true;
              },
              [&](const std::string& path, const std::string& bytes, std::string& error) {
                const auto view = emscripten::typed_memory_view(bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
                error = write(path, emscripten::val(view)).as<std::string>();
                return error.empty();
              }};
    const int code = synapse_main(args, io);
    std::cout.flush();
    std::cerr.flush();
    return code;
  } catch (const std::exception& e) {
    std::cerr << "synapse: " << e.what() << std::endl;
    return 2;
  }
}

// A buffer for the host to fill with data file `name` (e.g. "mnist-train.bin"):
// a Uint8Array view, empty if `size` is absurd or memory runs out.
emscripten::val data_file_buffer(const std::string& name, double size) {
  using emscripten::typed_memory_view;
  static std::uint8_t none = 0;
  if (!(size >= 0 && size <= 256e6)) return emscripten::val(typed_memory_view(0, &none));
  try {
    auto& bytes = provide_data_file(name, static_cast<std::size_t>(size));
    return emscripten::val(typed_memory_view(bytes.size(), bytes.data()));
  } catch (const std::bad_alloc&) {
    return emscripten::val(typed_memory_view(0, &none));
  }
}

// Seconds per float32 product C (n,n) = A (n,n) · B (n,n) with the engine's
// gemm (for bench/): the median of `reps` samples after two warm-up ones, each
// sample timing `inner` products. A Worker's clock ticks in 0.1 ms steps,
// about a tenth of one 256³ product, so one product per sample would round
// the figure to steps of ~10 %; bench/browser/tfjs-worker.js times TensorFlow.js
// the same way.
double bench_gemm(int n, int reps, int inner) {
  if (n < 1 || n > 2048 || reps < 1 || reps > 1000 || inner < 1 || inner > 1000) return -1;
  const std::size_t size = static_cast<std::size_t>(n) * n;
  std::vector<float> A(size), B(size), C(size);
  for (std::size_t i = 0; i < size; ++i) {
    A[i] = static_cast<float>((i * 7 + 3) % 17) / 17.0f - 0.5f;
    B[i] = static_cast<float>((i * 5 + 1) % 13) / 13.0f - 0.5f;
  }
  std::vector<double> seconds;
  for (int r = -2; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < inner; ++i)
      gemm(false, false, n, n, n, A.data(), n, B.data(), n, C.data(), n, false);
    const auto t1 = std::chrono::steady_clock::now();
    if (r >= 0) seconds.push_back(std::chrono::duration<double>(t1 - t0).count() / inner);
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

// Which WebAssembly build this module is: "relaxed-simd" (the opt-in build,
// compiled with -mrelaxed-simd: the packed gemm multiplies and adds in one
// instruction, fused on most CPUs, so results are not bit-identical to the
// native runner) or "simd128" (the reference build). Loaders report it, so a
// fallback from one to the other is never silent.
std::string engine_build() {
#if defined(__wasm_relaxed_simd__)
  return "relaxed-simd";
#else
  return "simd128";
#endif
}

// The engine's memory, for tests that look for leaks: the bytes malloc has
// handed out and not taken back (dlmalloc's count, free blocks excluded), and
// the size of the WebAssembly memory, which only ever grows.
struct memory_use {
  double malloc_bytes = 0, memory_bytes = 0;
};

memory_use engine_memory() {
  const struct mallinfo m = mallinfo();
  return {static_cast<double>(m.uordblks), static_cast<double>(emscripten_get_heap_size())};
}

}  // namespace

EMSCRIPTEN_BINDINGS(synapse) {
  // the most bytes runCli takes of an experiment file (bin/synapse.mjs reads no more)
  emscripten::constant("maxExperimentBytes", static_cast<double>(max_experiment_bytes));
  using namespace emscripten;
  value_object<call_result>("CallResult")
      .field("ok", &call_result::ok)
      .field("error", &call_result::error);
  value_object<step_metrics>("StepMetrics")
      .field("ok", &step_metrics::ok)
      .field("error", &step_metrics::error)
      .field("step", &step_metrics::step)
      .field("ran", &step_metrics::ran)
      .field("done", &step_metrics::done)
      .field("diverged", &step_metrics::diverged)
      .field("diverging", &step_metrics::diverging)
      .field("divergingStep", &step_metrics::diverging_step)
      .field("divergingLoss", &step_metrics::diverging_loss)
      .field("firstLoss", &step_metrics::first_loss)
      .field("lastError", &step_metrics::last_error);
  value_object<csv_result>("CsvResult")
      .field("ok", &csv_result::ok)
      .field("error", &csv_result::error)
      .field("csv", &csv_result::csv);
  value_object<memory_use>("MemoryUse")
      .field("mallocBytes", &memory_use::malloc_bytes)
      .field("memoryBytes", &memory_use::memory_bytes);
  class_<session>("Session")
      .constructor<>()
      .function("_configure", &session::configure)
      .function("_configureDocument", &session::configure_document)
      .function("_run", &session::run)
      .function("_phase", &session::phase)
      .function("configured", &session::configured)
      .function("_describe", &session::describe)
      .function("_curve", &session::curve)
      .function("_reports", &session::reports)
      .function("_params", &session::params)
      .function("_updateFlips", &session::update_flips)
      .function("_outputs", &session::outputs)
      .function("_predictedClasses", &session::predicted_classes)
      .function("_forwardInput", &session::forward_input)
      .function("_forwardRun", &session::forward_run)
      .function("_viewInput", &session::view_input)
      .function("_view", &session::view)
      .function("_saveState", &session::save_state)
      .function("_stateInput", &session::state_input)
      .function("_loadState", &session::load_state);
  function("presetsTable", &presets_table);
  function("labsTable", &labs_table);
  function("_dataCsv", &data_csv);
  function("checkKnobs", &check_knobs);
  function("runCli", &run_cli);
  function("cliFileBuffer", &cli_file_buffer);
  function("dataFileBuffer", &data_file_buffer);
  function("benchGemm", &bench_gemm);
  function("engineBuild", &engine_build);
  function("memoryUse", &engine_memory);
}
