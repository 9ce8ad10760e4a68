// train/state.h: a run saved to bytes and loaded back, the one format the
// page (a model file, the browser's storage) and the CLI (--save, --load)
// share. Little-endian throughout (both builds are):
//
//   "SYNSTATE"              8 bytes, the magic
//   u32 version             1
//   u64 length              of the whole file, the hash included
//   u32 n, n bytes          the experiment document, canonical JSON (keys sorted)
//   u32 bytes per value     4 (f32) or 8 (f64)
//   u32 k, k times          the parameter tensors: u32 name length, name,
//                           u32 rank, rank x u32 dims (describe()'s layout)
//   the run's state         experiment::visit_state: progress and reports,
//                           parameters, optimizer state, generators, batch order
//                           (sections a run does not have take no bytes)
//   u64 hash                FNV-1a 64 of every byte before it
//
// A file is refused (spec_error, one line) when it is not one, is truncated or
// altered (length, hash), or comes from another experiment: the lab, a
// parameter's shape or the first field of the document that differs is named.
// A refused load leaves the run as it was.
#pragma once

#include <string>

#include "experiment.h"

namespace synapse {

constexpr std::uint32_t state_version = 1;

// The run's state after its steps so far. `document` is the experiment it was
// built from (JSON text; stored canonically). Every kind of run saves: the
// supervised trainer with its schedule, early stopping and layer-speed rows
// (supervised_state.h), the GAN (adversarial.cpp), every optimizer
// (optimizer<T>::visit_state).
std::string save_run(experiment& run, const std::string& document);

// Puts a saved state into `run`, built from `document`: its next steps then
// continue the saved run bit for bit. Throws spec_error naming the mismatch.
void load_run(experiment& run, const std::string& document, const std::string& bytes);

}  // namespace synapse
