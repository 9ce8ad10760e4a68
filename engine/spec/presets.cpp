// spec/presets.cpp: the labs' presets (complete experiment documents) and the
// knob rows they expose. Hyper-parameters are the source materials' (see
// ../shared/EXPERIMENTS.md in the repository that hands out the labs).
#include "knobs.h"

#include <stdexcept>
#include <string>

namespace synapse {
namespace {


// The numpy blog post, part 2: 3 -> hidden -> 1, sigmoid, no biases.
const char* const xor_document = R"({
  "lab": "xor",
  "precision": "f64",
  "seed": 1,
  "data": {"name": "xor"},
  "model": {
    "init": "numpy_uniform",
    "mlp": {"hidden": [4], "activation": "sigmoid", "outputs": 1, "output": "sigmoid", "bias": false,
            "names": "synapse_"}
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
    "mlp": {"hidden": [], "activation": "sigmoid", "outputs": 1, "output": "sigmoid", "bias": false,
            "names": "synapse_"}
  },
  "loss": "summed_error",
  "optimizer": {"type": "sgd", "lr": 1},
  "schedule": {"iterations": 10000, "batch_size": 0, "shuffle": false},
  "report": {"every": 10000, "update_flips": true}
})";


// The Keras notebook: 784 -> 200 relu -> 60 relu -> 10 softmax, Adam, batch 128, 5 epochs.
const char* const mnist_mlp_document = R"({
  "lab": "mnist",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "mnist", "validation_split": 0, "train_limit": 0, "digits": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
           "expand": "off"},
  "model": {
    "init": "glorot_uniform",
    "mlp": {"hidden": [200, 60], "activation": "relu", "dropout": 0, "outputs": 10, "output": "softmax"}
  },
  "loss": "categorical_crossentropy",
  "regularization": {"l2": 0, "l1": 0},
  "optimizer": {"type": "adam", "lr": 0.001},
  "schedule": {"epochs": 5, "batch_size": 128, "shuffle": true,
               "lr_schedule": {"kind": "none", "factor": 0.5, "every": 10}}
})";

// The book's chapter 1: [784, 30, 10] sigmoid, quadratic cost, SGD 3.0, batch 10,
// 30 epochs, 50,000 / 10,000 training / validation.
const char* const mnist_nielsen_document = R"({
  "lab": "mnist",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "mnist", "validation_split": 0.16666666666666666, "train_limit": 0,
           "digits": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]},
  "model": {
    "init": "normal",
    "mlp": {"hidden": [30], "activation": "sigmoid", "dropout": 0, "outputs": 10, "output": "sigmoid"}
  },
  "loss": "quadratic",
  "optimizer": {"type": "sgd", "lr": 3.0},
  "schedule": {"epochs": 30, "batch_size": 10, "shuffle": true}
})";

// Chapter 3: cross-entropy cost, N(0, 1/n_in) weights, SGD 0.5, batch 10, and
// L2 with lambda 5.0 over n = 50,000 examples: l2 = lambda / 2n = 5e-5. Its
// toolbox as knobs: l1, expand (250,000 images: the same lambda is l2 = 1e-5),
// patience and the plateau schedule, both watching the validation accuracy
// as the book does, digits and train_limit for quick runs.
const char* const mnist_nielsen_ch3_document = R"({
  "lab": "mnist",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "mnist", "validation_split": 0.16666666666666666, "train_limit": 0,
           "digits": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "expand": "off"},
  "model": {
    "init": "normal_scaled",
    "mlp": {"hidden": [30], "activation": "sigmoid", "dropout": 0, "outputs": 10, "output": "sigmoid"}
  },
  "loss": "cross_entropy",
  "regularization": {"l2": 5e-05, "l1": 0},
  "early_stopping": {"patience": 0, "monitor": "val_accuracy"},
  "optimizer": {"type": "sgd", "lr": 0.5},
  "schedule": {"epochs": 30, "batch_size": 10, "shuffle": true,
               "lr_schedule": {"kind": "none", "factor": 0.5, "every": 10}}
})";

// The book's chapter 5 (the vanishing gradient): network2.py's deeper sigmoid
// networks, [784, 30 x hidden_layers, 10], cross-entropy, N(0, 1/n_in)
// weights, SGD 0.1, batch 10, lambda 5.0 (l2 = 5e-5 over 50,000), 30 epochs,
// each hidden layer's speed of learning measured 5 times per epoch (the book
// draws biases from N(0, 1); ours start at zero).
std::string deep_document(int hidden_layers) {
  std::string hidden;
  for (int i = 0; i < hidden_layers; ++i) hidden += i ? ", 30" : "30";
  return std::string(R"({
  "lab": "mnist",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "mnist", "validation_split": 0.16666666666666666, "train_limit": 0,
           "digits": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]},
  "model": {
    "init": "normal_scaled",
    "mlp": {"hidden": [)") + hidden + R"(], "activation": "sigmoid", "dropout": 0, "outputs": 10, "output": "sigmoid"}
  },
  "loss": "cross_entropy",
  "regularization": {"l2": 5e-05},
  "optimizer": {"type": "sgd", "lr": 0.1},
  "schedule": {"epochs": 30, "batch_size": 10, "shuffle": true},
  "report": {"layer_speed": 5}
})";
}

const std::string deep_2_document = deep_document(2);
const std::string deep_3_document = deep_document(3);
const std::string deep_4_document = deep_document(4);

// The lecture's CNN (Lab 3): Conv 32 5x5 'same' relu -> MaxPool 2/2 -> Conv
// 64, 128, 64 5x5 'valid' relu -> MaxPool 2/2 -> Flatten -> Dense 1024 relu
// -> Dropout 0.1 -> Dense 10 softmax (538,698 parameters, Keras' summary);
// categorical cross-entropy, Keras' default Adam, batch 128, no validation
// split (as mnist-mlp). The lecture gives no epoch count: 1, what issue 14
// measures (>= 98.5 % test accuracy) and a browser tab trains in minutes.
const char* const mnist_cnn_document = R"({
  "lab": "cnn",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "mnist", "shape": "images", "expand": "off", "validation_split": 0, "train_limit": 0},
  "model": {
    "init": "glorot_uniform",
    "cnn": {"blocks": [
      {"filters": [32], "kernel_size": 5, "strides": 1, "padding": "same", "pool": "max", "pool_size": 2,
       "pool_strides": 2},
      {"filters": [64, 128, 64], "kernel_size": 5, "strides": 1, "padding": "valid", "pool": "max", "pool_size": 2,
       "pool_strides": 2}], "use": 2},
    "mlp": {"hidden": [1024], "activation": "relu", "dropout": 0.1, "outputs": 10, "output": "softmax"}
  },
  "loss": "categorical_crossentropy",
  "regularization": {"l2": 0},
  "optimizer": {"type": "adam", "lr": 0.001},
  "schedule": {"epochs": 1, "batch_size": 128, "shuffle": true}
})";

// The book's chapter 6 (network3.py), its first CNN: conv 20 maps 5x5
// stride 1 -> max-pool 2x2 -> fully connected 100 -> softmax, sigmoid
// neurons, log-likelihood cost, SGD lr 0.1, batch 10, 60 epochs, 50,000 /
// 10,000 training / validation. Its later steps are knob values: conv_blocks
// 2 (the second conv-pool layer, 40 maps), activation relu, lr 0.03, l2 1e-05
// (lambda 0.1: network3 adds 0.5 lambda sum w^2 / batches per epoch, 5,000),
// expand on (250,000 images; l2 2e-06 then, 25,000 batches), dropout 0.5 (on
// every dense layer's inputs, as network3's p_dropout; the book's last net
// also has hidden 1000,1000 and 40 epochs). Weights N(0, 1/n_in), the book's
// chapter 3 scheme (network3 draws N(0, 1/n_out), softmax weights 0, biases
// N(0, 1): not reproduced).
const char* const mnist_cnn_book_document = R"({
  "lab": "cnn",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "mnist", "shape": "images", "expand": "off", "validation_split": 0.16666666666666666,
           "train_limit": 0},
  "model": {
    "init": "normal_scaled",
    "cnn": {"blocks": [
      {"filters": [20], "kernel_size": 5, "strides": 1, "padding": "valid", "pool": "max", "pool_size": 2,
       "pool_strides": 2},
      {"filters": [40], "kernel_size": 5, "strides": 1, "padding": "valid", "pool": "max", "pool_size": 2,
       "pool_strides": 2}], "use": 1},
    "mlp": {"hidden": [100], "activation": "sigmoid", "dropout": 0, "dropout_inputs": true, "outputs": 10,
            "output": "softmax"}
  },
  "loss": "categorical_crossentropy",
  "regularization": {"l2": 0},
  "optimizer": {"type": "sgd", "lr": 0.1},
  "schedule": {"epochs": 60, "batch_size": 10, "shuffle": true}
})";

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

// The lecture's LSTM on the airline passengers: windows of 5 months, LSTM(128)
// -> Dense(1), MSE, Adam, batch 1, 500 epochs, shuffled. Version 1 feeds each
// window as one step of 5 features; version 2 (steps) as 5 steps of one; the
// stateful version 3 is LSTM(4) carrying its state from batch to batch, in
// order, reset every epoch; the stacked one is
// version 3 with two LSTMs; rnn-airline is version 2 with a plain recurrent
// layer. Errors are reported in passengers (RMSE after inverting the scaling).
std::string airline_document(const char* window, const char* cell, int units, int layers, const char* stateful,
                             int epochs, bool shuffle) {
  const std::string c = cell;
  const std::string act = c == "lstm" ? R"("recurrent_activation": "sigmoid")" : R"("activation": "tanh")";
  return std::string(R"({
  "lab": "lstm",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "airline", "file": "airline-passengers.csv", "look_back": 5, "window": ")") + window + R"(",
           "train_fraction": 0.67},
  "model": {
    "init": "glorot_uniform",
    "recurrent": {"cell": ")" + c + R"(", "units": )" + std::to_string(units) + R"(, "layers": )" +
         std::to_string(layers) + R"(, "stateful": ")" + stateful + R"(", )" + act + R"(,
                  "outputs": 1, "output": "linear"}
  },
  "loss": "mse",
  "optimizer": {"type": "adam", "lr": 0.001},
  "schedule": {"epochs": )" + std::to_string(epochs) + R"(, "batch_size": 1, "shuffle": )" +
         (shuffle ? "true" : "false") + R"(}
})";
}

const std::string lstm_v1_document = airline_document("features", "lstm", 128, 1, "off", 500, true);
const std::string lstm_v2_document = airline_document("steps", "lstm", 128, 1, "off", 500, true);
const std::string lstm_v3_document = airline_document("steps", "lstm", 4, 1, "on", 500, false);
const std::string lstm_stacked_document = airline_document("steps", "lstm", 4, 2, "on", 500, false);
const std::string rnn_document = airline_document("steps", "simple_rnn", 128, 1, "off", 500, true);

// The knobs named in a preset row, looked up in the one knob table.
std::vector<const knob*> knobs(const char* names) {
  std::vector<const knob*> out;
  std::string list = names;
  for (std::size_t start = 0; start < list.size();) {
    std::size_t end = list.find(' ', start);
    if (end == std::string::npos) end = list.size();
    const std::string name = list.substr(start, end - start);
    const knob* k = find_knob(name);
    if (!k || name != k->name) throw std::logic_error("presets.cpp: no knob row named " + name);
    out.push_back(k);
    start = end + 1;
  }
  return out;
}

// The lecture's GAN, as its code runs it: the discriminator compiled with
// Adam(0.0002, beta_1 0.5), the generator trained through the combined model
// compiled with optimizer='adam' (Keras' defaults: 0.001, 0.9), batch 128,
// reals labelled 0.9; MNIST scaled to [-1, 1]. Reports every 128 steps (the
// lecture's "epoch").
const char* const gan_document = R"({
  "lab": "gan",
  "precision": "f32",
  "seed": 1,
  "data": {"name": "mnist", "scale": "symmetric", "validation_split": 0, "train_limit": 0, "test_set": false},
  "model": {
    "init": "glorot_uniform",
    "parts": [
      {"name": "generator",
       "mlp": {"hidden": [256, 512], "activation": "leaky_relu", "slope": 0.2, "outputs": 784, "output": "tanh",
               "names": "g_dense_"},
       "optimizer": {"type": "adam", "lr": 0.001, "beta_1": 0.9}},
      {"name": "discriminator",
       "mlp": {"hidden": [1024, 512, 256], "activation": "leaky_relu", "slope": 0.2, "dropout": 0.3, "dropout_on": 2,
               "outputs": 1, "output": "sigmoid", "names": "d_dense_"},
       "optimizer": {"type": "adam", "lr": 0.0002, "beta_1": 0.5}}
    ]
  },
  "loss": "binary_crossentropy",
  "optimizer": {"type": "adam"},
  "adversarial": {"noise_size": 100, "real_label": 0.9, "d_steps": 1},
  "schedule": {"iterations": 2000, "batch_size": 128, "shuffle": true},
  "report": {"every": 128}
})";

}  // namespace

// The book's chapter 4: 1 -> hidden sigmoid -> 1 linear fits a curve on [0, 1]
// (MSE, full batch; Adam 0.1 reaches a mean absolute error under 0.02 with 20
// units on the built-in curves in a few thousand steps; bench/universality.mjs).
// With "bumps" the weights start as the book builds them by hand; training
// then only moves the bumps' heights (a step of w = 1000 has no gradient left),
// gently: Adam 0.01.
std::string universality_document(const char* construction, const char* lr, const char* iterations) {
  return std::string(R"({
  "lab": "universality",
  "precision": "f64",
  "seed": 1,
  "data": {"name": "curve", "curve": "hills"},
  "model": {
    "init": "he_normal",
    "mlp": {"hidden": [20], "activation": "sigmoid", "outputs": 1, "output": "linear"},
    "construction": {"kind": ")") + construction + R"(", "steepness": 1000}
  },
  "loss": "mse",
  "optimizer": {"type": "adam", "lr": )" + lr + R"(},
  "schedule": {"iterations": )" + iterations + R"(, "batch_size": 0, "shuffle": false},
  "report": {"every": 500}
})";
}
const std::string universality_trained_document = universality_document("none", "0.1", "30000");
const std::string universality_bumps_document = universality_document("bumps", "0.01", "5000");

const char* const cnn_knobs =
    "conv_blocks conv1_filters conv1_kernel conv1_stride conv1_padding pool1 pool1_size pool1_stride conv2_filters "
    "conv2_kernel conv2_stride conv2_padding pool2 pool2_size pool2_stride hidden activation dropout expand "
    "batch_size epochs optimizer lr l2 init seed precision train_limit";
const char* const deep_knobs =
    "batch_size epochs optimizer lr hidden activation l2 loss output init seed precision train_limit digits";
const char* const universality_knobs = "curve hidden construction steepness optimizer lr iterations init seed";
const char* const lstm_knobs =
    "look_back units layers stateful recurrent_activation epochs batch_size optimizer lr seed precision";

const std::vector<preset>& presets() {
  static const std::vector<preset> table = {
      {"xor", "xor", "XOR with one hidden layer (the numpy blog post)", xor_document,
       knobs("optimizer lr hidden iterations seed precision init activation output")},
      {"xor-warmup", "xor", "The post's one-layer warm-up", xor_warmup_document,
       knobs("optimizer lr iterations seed precision init")},
      {"mnist-mlp", "mnist", "MNIST with the Keras notebook's multilayer perceptron", mnist_mlp_document,
       knobs("batch_size epochs optimizer lr lr_schedule lr_factor lr_every hidden activation dropout l2 l1 init "
             "seed precision train_limit digits expand")},
      {"mnist-nielsen", "mnist", "MNIST with the book's [784, 30, 10] sigmoid network (chapter 1)",
       mnist_nielsen_document,
       knobs("batch_size epochs optimizer lr hidden activation loss output init seed precision train_limit digits")},
      {"mnist-nielsen-ch3", "mnist", "The book's chapter 3 network: cross-entropy, scaled initialisation",
       mnist_nielsen_ch3_document,
       knobs("batch_size epochs optimizer lr lr_schedule lr_factor lr_every patience hidden activation dropout l2 "
             "l1 loss output init seed precision train_limit digits expand")},
      {"mnist-deep-2", "mnist", "The book's chapter 5: [784, 30, 30, 10] sigmoid, each hidden layer's speed of learning",
       deep_2_document.c_str(), knobs(deep_knobs)},
      {"mnist-deep-3", "mnist", "Chapter 5: [784, 30, 30, 30, 10]: the first layer learns slower still",
       deep_3_document.c_str(), knobs(deep_knobs)},
      {"mnist-deep-4", "mnist", "Chapter 5: [784, 30, 30, 30, 30, 10]: about 100x between the first and last layer",
       deep_4_document.c_str(), knobs(deep_knobs)},
      {"mnist-cnn", "cnn", "MNIST with the lecture's CNN: four conv layers, two max-pools, a dense layer of 1024",
       mnist_cnn_document, knobs(cnn_knobs)},
      {"mnist-cnn-book", "cnn",
       "The book's chapter 6 CNN: conv-pool, dense 100, softmax; its improvements step by step as knobs",
       mnist_cnn_book_document, knobs(cnn_knobs)},
      {"autoencoder", "autoencoder", "The lecture's autoencoder: points on a line, anomalies by their reconstruction error",
       autoencoder_document,
       knobs("encoder_units code decoder_units lr optimizer epochs batch_size noise noisy_noise seed data_seed "
             "precision")},
      {"gan-mnist", "gan", "The lecture's GAN: a generator and a discriminator trained against each other on MNIST",
       gan_document,
       knobs("iterations noise_size g_hidden d_hidden d_dropout g_lr g_beta1 d_lr d_beta1 real_label d_steps "
             "batch_size seed precision")},
      {"lstm-airline", "lstm", "The lecture's LSTM, version 1: each 5-month window as one step of 5 features",
       lstm_v1_document.c_str(), knobs(lstm_knobs)},
      {"lstm-airline-steps", "lstm", "Version 2: each window as 5 time steps of one value (the right way)",
       lstm_v2_document.c_str(), knobs(lstm_knobs)},
      {"lstm-airline-stateful", "lstm", "Version 3: a small stateful LSTM that carries its memory from batch to batch",
       lstm_v3_document.c_str(), knobs(lstm_knobs)},
      {"lstm-airline-stacked", "lstm", "Two stateful LSTMs stacked (the lecture's next lab)",
       lstm_stacked_document.c_str(), knobs(lstm_knobs)},
      {"universality", "universality", "The book's chapter 4: one hidden layer of sigmoids fits a curve you draw",
       universality_trained_document.c_str(), knobs(universality_knobs)},
      {"universality-bumps", "universality", "The book's construction: steep sigmoid pairs making bumps, set by hand",
       universality_bumps_document.c_str(), knobs(universality_knobs)},
      {"rnn-airline", "lstm", "Version 2 with a plain recurrent layer instead of the LSTM",
       rnn_document.c_str(), knobs("look_back units layers stateful rnn_activation epochs batch_size optimizer lr seed "
                                   "precision")},
  };
  return table;
}

}  // namespace synapse
