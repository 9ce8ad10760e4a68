// spec/spec.h: an experiment description, the data every consumer builds from.
//
// On disk and on the wire it is JSON (see presets.cpp for complete examples):
//   { "lab": "xor", "precision": "f64", "seed": 1,
//     "data": {"name": "xor"},
//     "model": {"init": "numpy_uniform",
//               "layers": [{"type": "dense", "units": 4, "activation": "sigmoid",
//                           "bias": false, "name": "synapse_0"}, ...]},
//     (or a shorthand the knobs edit (spec/shorthands.h): "mlp": {...}, the
//      perceptron, "recurrent": {...}, "cnn": {...} with "mlp": {...}, conv-pool
//      blocks then dense layers; or "parts": [{"name": "encoder",
//      "layers": [...]}, {"name": "decoder", "layers": [...]}], named sub-models)
//     "loss": "summed_error",
//     "optimizer": {"type": "sgd", "lr": 1},
//     "schedule": {"iterations": 60000, "batch_size": 0, "shuffle": false},
//     "report": {"every": 10000, "update_flips": true} }
// parse_spec() checks every field and names the bad one by its path
// ("model.layers[0].units: must be an integer in 1..65536, got 0").
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "../data/dataset.h"
#include "../kernels/activations.h"
#include "../losses/loss.h"
#include "../optim/optimizer.h"

namespace synapse {

// A user-facing error: bad input, named precisely. Never a crash.
struct spec_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A run refused because it would not fit: the memory it would need, checked
// before anything is allocated. make_experiment names the knobs that cause it.
struct fit_error : spec_error {
  using spec_error::spec_error;
};

enum class precision { f32, f64 };

// How the learning rate moves with the epochs (train/schedule.h has the formulas):
//   none         constant
//   step         lr * factor^floor(e / every)
//   exponential  lr * factor^e
//   plateau      the book's chapter 3: times factor (0.5: halved) whenever the
//                monitored validation figure has not improved for `every`
//                epochs; the run stops once the rate is down to 1/128 of its start
enum class lr_schedule_kind { none, step, exponential, plateau };
const char* lr_schedule_name(lr_schedule_kind k);
const char* lr_schedule_choices();

// Weight initialisation (biases start at zero):
//   numpy_uniform   2 * random() - 1, drawn layer by layer in row-major order
//                   (the numpy post's, bit-exact with np.random.seed)
//   normal          N(0, 1)
//   normal_scaled   N(0, 1 / n_in)               (the book's chapter 3)
//   glorot_uniform  U(-l, l), l = sqrt(6 / (n_in + n_out))   (Keras' default)
//   he_normal       N(0, 2 / n_in)
enum class init_scheme { numpy_uniform, normal, normal_scaled, glorot_uniform, he_normal };
const char* init_name(init_scheme s);
const char* init_choices();

// Keras' padding of a window (conv2d, pools) sliding over an input of n with
// stride s: 'valid' takes whole windows only, out = floor((n - k) / s) + 1;
// 'same' gives out = ceil(n / s), padding max((out - 1)·s + k - n, 0) with
// the extra one at the bottom/right (TensorFlow's rule).
enum class padding { valid, same };

struct layer_spec {
  std::string type = "dense";
  std::string name;   // e.g. "synapse_0"; defaults to "dense_<i>"
  int units = 1;
  activation act = activation::linear;
  double slope = 0.01;   // leaky_relu's a
  bool bias = true;
  double rate = 0.5;     // dropout: the fraction of units dropped
  // lstm, simple_rnn (act is simple_rnn's, tanh by default):
  bool return_sequences = false;   // every step's h (T, units), else the last one (units)
  bool stateful = false;           // row i of a batch continues row i of the previous one
  activation recurrent_act = activation::sigmoid;   // lstm's gates: sigmoid or hard_sigmoid
  // conv2d and the pools (max_pool, average_pool, l2_pool) on images (H, W, C);
  // act, slope and bias serve conv2d too:
  int filters = 1;                       // conv2d's output channels
  std::array<int, 2> window = {1, 1};    // conv2d's kernel_size, a pool's pool_size (rows, columns)
  std::array<int, 2> strides = {1, 1};   // (rows, columns)
  padding pad = padding::valid;          // Keras': 'valid' uses whole windows, 'same' zero-pads
};

// A named sub-model: layers [first, first + count) of the model (an
// autoencoder's encoder and decoder; a GAN's generator and discriminator).
// Each is a contiguous range of the parameter block with its own optimizer,
// usable alone (model::forward_part) and freezable for a step.
struct part_spec {
  std::string name;
  int first = 0, count = 0;
  optimizer_spec opt;   // its own optimizer ("optimizer" in the part, else the experiment's)
};

struct experiment_spec {
  std::string lab;
  precision prec = precision::f32;
  std::uint32_t seed = 1;
  data_spec data;
  init_scheme init = init_scheme::glorot_uniform;
  std::vector<layer_spec> layers;
  std::vector<part_spec> parts;     // in layer order, covering every layer; one "model" part if not given
  loss_kind loss = loss_kind::mse;
  optimizer_spec opt;
  long iterations = 0;              // steps to train, or
  int epochs = 0;                   // passes over the training set (one of the two)
  int batch_size = 0;               // 0 = full batch
  bool shuffle = true;
  // Regularisation of dense weights (not biases), added to the loss:
  // l2 * sum w^2 + l1 * sum |w|. The book's lambda is l2 = lambda / (2 n).
  double l2 = 0, l1 = 0;
  // Learning-rate schedule ("schedule": {"lr_schedule": {"kind", "factor",
  // "every"}}), applied at the end of each epoch (train/schedule.h).
  lr_schedule_kind lr_schedule = lr_schedule_kind::none;
  double lr_factor = 0.5;
  int lr_every = 10;
  // Early stopping: stop when `monitor` has not improved for `patience`
  // epochs (0: never); restore_best puts back the best epoch's weights
  // (also when the epochs run out first: the run keeps its best network).
  int patience = 0;
  std::string monitor = "val_loss";   // or "val_accuracy"
  bool restore_best = true;
  // adversarial (lab "gan"): the generator's noise inputs, the label of real
  // images (0.9: one-sided label smoothing) and discriminator updates per
  // generator update.
  int noise_size = 100;
  double real_label = 0.9;
  int d_steps = 1;
  // The universality lab's hand-set first weights (labs/universality.cpp):
  // "bumps" is the book's chapter 4 construction, pairs of sigmoids of weight
  // `steepness` making one bump each; "none" keeps the init scheme's draw.
  std::string construction = "none";
  double steepness = 1000;
  long report_every = 1;
  bool update_flips = false;        // count sign changes of each weight's update
  int layer_speed = 0;              // epoch runs: measure each hidden layer's speed this often per epoch (train/layer_speed.h)
  // Where it came from (spec_from_preset): the preset and the knob values set
  // on it, so that a refusal can name the knob that caused it; empty for a
  // document given whole.
  std::string preset;
  std::vector<std::pair<std::string, std::string>> knobs;
};

// Limits a spec must respect (also quoted by the knob table).
constexpr int max_units = 65536;
constexpr long max_iterations = 100000000;
constexpr double max_lr = 1e6;
constexpr std::size_t max_parameters = 16u << 20;
// What one run may keep in memory for training. The WASM heap's maximum is
// 512 MB (CMakeLists.txt); MNIST's bytes take 55 MB of it and a page may hold
// a second run (the batch-size exercise), so one run gets 200 MB.
constexpr std::size_t max_training_bytes = 200000000;

experiment_spec parse_spec(const nlohmann::json& doc);

}  // namespace synapse
