// cli/state_flags.h: synapse run's flags for a run's state (train/state.h):
//   --stop-at STEP   stop once the run has made STEP updates (before its end)
//   --save FILE      write the run's state when it stops or ends
//   --load FILE      continue the run saved in FILE (the same experiment)
#pragma once

#include <cstdlib>
#include <string>

#include "../data/data_store.h"
#include "../spec/json_text.h"
#include "../spec/spec.h"
#include "../train/state.h"
#include "cli.h"

namespace synapse {

constexpr std::size_t max_state_bytes = std::size_t(256) << 20;   // a saved MNIST CNN is about 7 MB

// Takes flag s with value v into a (true) or leaves it to the caller (false).
template <class Args>
bool state_flag(const std::string& s, const std::string& v, Args& a) {
  if (s == "--save" || s == "--load") {
    if (v.empty()) throw spec_error(s + ": needs a file name");
    (s == "--save" ? a.save : a.load) = v;
    return true;
  }
  if (s != "--stop-at") return false;
  char* end = nullptr;
  const long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < 1 || n > 1000000000)
    throw spec_error("--stop-at: must be an integer in 1..1000000000, got " + quoted_text(v));
  a.stop_at = static_cast<long>(n);
  return true;
}

// Runs f; a refusal it throws is prefixed with the file's name.
template <class F>
void with_file(const std::string& path, F f) {
  try {
    f();
  } catch (const spec_error& e) {
    throw spec_error(escaped(path) + ": " + e.what());
  }
}

// Writes a file the run makes (--save, --samples) through the host; one that
// cannot be written is refused as "<path>: cannot write file: <why>", worded
// as a file that cannot be read (data/data_store.h read_failure).
inline void write_run_file(const std::string& path, const std::string& bytes, cli_io& io) {
  std::string code;
  if (!io.write_file(path, bytes, code))
    throw spec_error(escaped(path) + ": cannot write file: " + read_failure(code, 0, "a file"));
}

// --load FILE into exp before it trains.
inline void load_state_file(experiment& exp, const std::string& document, const std::string& path, cli_io& io) {
  if (path.empty()) return;
  std::string bytes;
  if (!io.read_file(path, max_state_bytes, bytes))
    throw spec_error(escaped(path) + ": cannot read file: " + read_failure(bytes, max_state_bytes, "a saved run's file"));
  with_file(path, [&] { load_run(exp, document, bytes); });
}

// --save FILE once the run stops or ends. True if it stopped before its end
// (--stop-at), which is then said: {"stopped":true,"step":N} or "Stopped at step N".
inline bool save_state_file(experiment& exp, const std::string& document, const std::string& path, cli_io& io, bool jsonl) {
  if (!path.empty()) write_run_file(path, save_run(exp, document), io);
  if (exp.done()) return false;
  const std::string step = std::to_string(exp.step());
  io.out << (jsonl ? "{\"stopped\":true,\"step\":" + step + "}\n" : "Stopped at step " + step + "\n");
  return true;
}

}  // namespace synapse
