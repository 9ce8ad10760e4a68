// spec/presets.cpp: the labs' presets (complete experiment documents) and the
// knob rows they expose. Hyper-parameters are the source materials' (see
// ../shared/EXPERIMENTS.md in the repository that hands out the labs).
#include "knobs.h"

namespace synapse {
namespace {

const knob alpha_knob{"alpha", "/optimizer/lr", knob_type::number, 0, max_lr, true, nullptr,
                      "learning rate: each step moves the weights by alpha times the gradient"};
const knob xor_hidden_knob{"hidden", "/model/layers/0/units", knob_type::integer, 1, 4096, false,
                           nullptr, "units in the hidden layer"};
const knob iterations_knob{"iterations", "/schedule/iterations", knob_type::integer, 1,
                           static_cast<double>(max_iterations), false, nullptr,
                           "training steps (full batch: one step sees every example)"};
const knob seed_knob{"seed", "/seed", knob_type::integer, 0, 4294967295.0, false, nullptr,
                     "seeds the weight initialisation (numpy's np.random.seed) and any shuffling"};
const knob precision_knob{"precision", "/precision", knob_type::choice, 0, 0, false, "f64|f32",
                          "f64 reproduces the numpy post digit for digit; f32 does not"};
const knob xor_activation_knob{"activation", "/model/layers/0/activation", knob_type::choice, 0, 0,
                               false, "sigmoid|tanh|relu|leaky_relu|linear",
                               "the hidden layer's activation (the post uses sigmoid)"};
const knob xor_output_knob{"output", "/model/layers/1/activation", knob_type::choice, 0, 0, false,
                           "sigmoid|linear|tanh",
                           "the output unit's activation; linear lets a large alpha diverge"};
const knob init_knob{"init", "/model/init", knob_type::choice, 0, 0, false,
                     "numpy_uniform|normal|normal_scaled|glorot_uniform|he_normal",
                     "weight initialisation; numpy_uniform is the post's 2*random()-1"};

// The numpy blog post, part 2: 3 -> hidden -> 1, sigmoid, no biases.
const char* const xor_document = R"({
  "lab": "xor",
  "precision": "f64",
  "seed": 1,
  "data": {"name": "xor"},
  "model": {
    "init": "numpy_uniform",
    "layers": [
      {"type": "dense", "name": "synapse_0", "units": 4, "activation": "sigmoid", "bias": false},
      {"type": "dense", "name": "synapse_1", "units": 1, "activation": "sigmoid", "bias": false}
    ]
  },
  "loss": "summed_error",
  "optimizer": {"type": "sgd", "lr": 1},
  "schedule": {"iterations": 60000, "batch_size": 0, "shuffle": false},
  "report": {"every": 10000, "update_flips": true}
})";

// The post's one-layer warm-up: one 2x1 weight matrix.
const char* const xor_warmup_document = R"({
  "lab": "xor",
  "precision": "f64",
  "seed": 1,
  "data": {"name": "xor-warmup"},
  "model": {
    "init": "numpy_uniform",
    "layers": [
      {"type": "dense", "name": "synapse_0", "units": 1, "activation": "sigmoid", "bias": false}
    ]
  },
  "loss": "summed_error",
  "optimizer": {"type": "sgd", "lr": 1},
  "schedule": {"iterations": 10000, "batch_size": 0, "shuffle": false},
  "report": {"every": 10000, "update_flips": true}
})";

const knob batch_size_knob{"batch_size", "/schedule/batch_size", knob_type::integer, 1, 60000, false,
                           nullptr, "examples per mini-batch (one update each)"};
const knob epochs_knob{"epochs", "/schedule/epochs", knob_type::integer, 1, 1000, false, nullptr,
                       "passes over the training set"};
const knob optimizer_knob{"optimizer", "/optimizer/type", knob_type::choice, 0, 0, false,
                          "sgd|rmsprop|adagrad|adadelta|adam", "how gradients become updates (Keras' formulas)"};
const knob lr_knob{"lr", "/optimizer/lr", knob_type::number, 0, 100, true, nullptr, "learning rate"};
const knob mlp_hidden_knob{"hidden", "/model/mlp/hidden", knob_type::integer_list, 1, 4096, false,
                           nullptr, "hidden layer sizes, e.g. 200,60 (none: a linear classifier)"};
const knob mlp_activation_knob{"activation", "/model/mlp/activation", knob_type::choice, 0, 0, false,
                               "relu|sigmoid|tanh|leaky_relu|linear", "the hidden layers' activation"};
const knob mlp_dropout_knob{"dropout", "/model/mlp/dropout", knob_type::number, 0, 0.99, false, nullptr,
                            "fraction of hidden units dropped per mini-batch while training (< 1)"};
const knob f32_precision_knob{"precision", "/precision", knob_type::choice, 0, 0, false, "f32|f64",
                              "f32 as Keras trains; f64 for checking"};
const knob mnist_init_knob{"init", "/model/init", knob_type::choice, 0, 0, false,
                           "glorot_uniform|he_normal|normal|normal_scaled",
                           "weight initialisation: Keras' glorot_uniform, the book's normal or normal_scaled"};
const knob loss_knob{"loss", "/loss", knob_type::choice, 0, 0, false,
                     "categorical_crossentropy|quadratic|cross_entropy",
                     "the cost (cross_entropy and quadratic need a sigmoid output: see output)"};
const knob output_knob{"output", "/model/mlp/output", knob_type::choice, 0, 0, false, "softmax|sigmoid",
                       "the output layer's activation"};
const knob l2_knob{"l2", "/regularization/l2", knob_type::number, 0, 1, false, nullptr,
                   "L2 penalty l2 * sum w^2 on the weights (the book's lambda is l2 = lambda / 2n)"};
const knob train_limit_knob{"train_limit", "/data/train_limit", knob_type::integer, 0, 60000, false,
                            nullptr, "train on only the first N training images (0 = all): quick runs"};

// The Keras notebook: 784 -> 200 relu -> 60 relu -> 10 softmax, Adam, batch 128, 5 epochs.
const char* const mnist_mlp_document = R"({
  "lab": "mnist",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "mnist", "validation_split": 0, "train_limit": 0},
  "model": {
    "init": "glorot_uniform",
    "mlp": {"hidden": [200, 60], "activation": "relu", "dropout": 0, "outputs": 10, "output": "softmax"}
  },
  "loss": "categorical_crossentropy",
  "regularization": {"l2": 0},
  "optimizer": {"type": "adam", "lr": 0.001},
  "schedule": {"epochs": 5, "batch_size": 128, "shuffle": true}
})";

// The book's chapter 1: [784, 30, 10] sigmoid, quadratic cost, SGD 3.0, batch 10,
// 30 epochs, 50,000 / 10,000 training / validation.
const char* const mnist_nielsen_document = R"({
  "lab": "mnist",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "mnist", "validation_split": 0.16666666666666666, "train_limit": 0},
  "model": {
    "init": "normal",
    "mlp": {"hidden": [30], "activation": "sigmoid", "dropout": 0, "outputs": 10, "output": "sigmoid"}
  },
  "loss": "quadratic",
  "optimizer": {"type": "sgd", "lr": 3.0},
  "schedule": {"epochs": 30, "batch_size": 10, "shuffle": true}
})";

// Chapter 3: cross-entropy cost, N(0, 1/n_in) weights, SGD 0.5, batch 10, and
// L2 with lambda 5.0 over n = 50,000 examples: l2 = lambda / 2n = 5e-5.
const char* const mnist_nielsen_ch3_document = R"({
  "lab": "mnist",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "mnist", "validation_split": 0.16666666666666666, "train_limit": 0},
  "model": {
    "init": "normal_scaled",
    "mlp": {"hidden": [30], "activation": "sigmoid", "dropout": 0, "outputs": 10, "output": "sigmoid"}
  },
  "loss": "cross_entropy",
  "regularization": {"l2": 5e-05},
  "optimizer": {"type": "sgd", "lr": 0.5},
  "schedule": {"epochs": 30, "batch_size": 10, "shuffle": true}
})";

const knob encoder_units_knob{"encoder_units", "/model/parts/0/layers/0/units", knob_type::integer, 1, 4096, false,
                              nullptr, "units in the encoder's hidden layer (the lecture: 32)"};
const knob code_knob{"code", "/model/parts/0/layers/1/units", knob_type::integer, 1, 4096, false, nullptr,
                     "the code size: the encoder's output, the bottleneck (the lecture: 16)"};
const knob decoder_units_knob{"decoder_units", "/model/parts/1/layers/0/units", knob_type::integer, 1, 4096, false,
                              nullptr, "units in the decoder's hidden layer (the lecture: 32)"};
const knob noise_knob{"noise", "/data/noise", knob_type::number, 0, 10, false, nullptr,
                      "noise amplitude of the clean, test and wrong points: y = 2x - 1 + U(-noise, noise)"};
const knob noisy_noise_knob{"noisy_noise", "/data/noisy_noise", knob_type::number, 0, 10, false, nullptr,
                            "noise amplitude of the noisy points (the anomalies by noise)"};
const knob data_seed_knob{"data_seed", "/data/seed", knob_type::integer, 0, 4294967295.0, false, nullptr,
                          "Python's random.seed for the points (the notebook's 24601: the same points to the bit)"};

// The lecture's autoencoder: 2 -> 32 relu -> 16 relu (the code) | -> 32 relu
// -> 2 tanh; MSE, Keras' default SGD (lr 0.01), batch 100, 200 epochs,
// validated on the test pairs.
const char* const autoencoder_document = R"({
  "lab": "autoencoder",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "autoencoder", "seed": 24601, "train": 10000, "test": 2000,
           "noise": 0.1, "noisy_noise": 0.3, "wrong_slope": 1.5},
  "model": {
    "init": "glorot_uniform",
    "parts": [
      {"name": "encoder", "layers": [
        {"type": "dense", "name": "dense_0", "units": 32, "activation": "relu"},
        {"type": "dense", "name": "code", "units": 16, "activation": "relu"}]},
      {"name": "decoder", "layers": [
        {"type": "dense", "name": "dense_2", "units": 32, "activation": "relu"},
        {"type": "dense", "name": "output", "units": 2, "activation": "tanh"}]}
    ]
  },
  "loss": "mse",
  "optimizer": {"type": "sgd", "lr": 0.01},
  "schedule": {"epochs": 200, "batch_size": 100, "shuffle": true}
})";

}  // namespace

const std::vector<preset>& presets() {
  static const std::vector<preset> table = {
      {"xor", "xor", "XOR with one hidden layer (the numpy blog post)", xor_document,
       {&alpha_knob, &xor_hidden_knob, &iterations_knob, &seed_knob, &precision_knob, &init_knob,
        &xor_activation_knob, &xor_output_knob}},
      {"xor-warmup", "xor", "The post's one-layer warm-up", xor_warmup_document,
       {&alpha_knob, &iterations_knob, &seed_knob, &precision_knob, &init_knob}},
      {"mnist-mlp", "mnist", "MNIST with the Keras notebook's multilayer perceptron", mnist_mlp_document,
       {&batch_size_knob, &epochs_knob, &optimizer_knob, &lr_knob, &mlp_hidden_knob, &mlp_activation_knob,
        &mlp_dropout_knob, &l2_knob, &mnist_init_knob, &seed_knob, &f32_precision_knob, &train_limit_knob}},
      {"mnist-nielsen", "mnist", "MNIST with the book's [784, 30, 10] sigmoid network (chapter 1)",
       mnist_nielsen_document,
       {&batch_size_knob, &epochs_knob, &optimizer_knob, &lr_knob, &mlp_hidden_knob, &mlp_activation_knob,
        &loss_knob, &output_knob, &mnist_init_knob, &seed_knob, &f32_precision_knob, &train_limit_knob}},
      {"mnist-nielsen-ch3", "mnist", "The book's chapter 3 network: cross-entropy, scaled initialisation",
       mnist_nielsen_ch3_document,
       {&batch_size_knob, &epochs_knob, &optimizer_knob, &lr_knob, &mlp_hidden_knob, &mlp_activation_knob,
        &mlp_dropout_knob, &l2_knob, &loss_knob, &mnist_init_knob, &seed_knob, &f32_precision_knob,
        &train_limit_knob}},
      {"autoencoder", "autoencoder", "The lecture's autoencoder: points on a line, anomalies by their reconstruction error",
       autoencoder_document,
       {&encoder_units_knob, &code_knob, &decoder_units_knob, &lr_knob, &optimizer_knob, &epochs_knob,
        &batch_size_knob, &noise_knob, &noisy_noise_knob, &seed_knob, &data_seed_knob, &f32_precision_knob}},
  };
  return table;
}

}  // namespace synapse
