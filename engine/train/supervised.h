// train/supervised.h: the supervised kind of experiment (supervised.cpp).
#pragma once

#include <memory>

#include "experiment.h"

namespace synapse {

std::unique_ptr<experiment> make_supervised(const experiment_spec& spec);
// Throws what make_supervised would for the data, the batch size and the
// memory (fit_error), allocating nothing but the data sets' views.
void check_supervised(const experiment_spec& spec);

}  // namespace synapse
