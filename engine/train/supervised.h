// train/supervised.h: the supervised kind of experiment (supervised.cpp).
#pragma once

#include <memory>

#include "experiment.h"

namespace synapse {

std::unique_ptr<experiment> make_supervised(const experiment_spec& spec);

}  // namespace synapse
