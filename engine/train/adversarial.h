// train/adversarial.h: the adversarial kind of experiment (adversarial.cpp).
#pragma once

#include <memory>

#include "experiment.h"

namespace synapse {

std::unique_ptr<experiment> make_adversarial(const experiment_spec& spec);

}  // namespace synapse
