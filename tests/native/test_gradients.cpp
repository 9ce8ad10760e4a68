// Every layer, activation and loss against central finite differences (float64).
#include "gradcheck.h"

#include <cmath>

using namespace synapse;

using testing::dense_spec;

TEST_CASE("dense layer gradients, every activation, with and without bias", "[gradients]") {
  const activation all[] = {activation::linear, activation::sigmoid, activation::tanh,
                            activation::relu, activation::leaky_relu, activation::softmax};
  for (activation a : all)
    for (bool bias : {true, false}) {
      SECTION(std::string(activation_name(a)) + (bias ? " with bias" : " without bias")) {
        testing::check_model_gradients({dense_spec(5, activation::tanh), dense_spec(4, a, bias, 0.2)}, 3, 6,
                                       loss_kind::mse, 42);
      }
    }
}

TEST_CASE("relu layers feeding dense layers: the activation gradient fused into the next product",
          "[gradients]") {
  // dense -> dense with relu / leaky relu first: model wires the gate into
  // the second layer's dx product (dense.h). Small sizes take gemm's plain
  // paths; 32-wide layers at batch 32 take the packed kernel's fused store.
  for (activation first : {activation::relu, activation::leaky_relu}) {
    SECTION(std::string("small, ") + activation_name(first)) {
      testing::check_model_gradients({dense_spec(5, first, true, 0.2), dense_spec(4, activation::tanh)}, 3, 6,
                                     loss_kind::mse, 7);
    }
    SECTION(std::string("packed, ") + activation_name(first)) {
      testing::check_model_gradients(
          {dense_spec(32, first, true, 0.2), dense_spec(32, activation::relu), dense_spec(8, activation::linear)}, 32,
          32, loss_kind::mse, 11);
    }
  }
}

TEST_CASE("the numpy post's network: sigmoid layers without bias, summed error", "[gradients]") {
  testing::check_model_gradients(
      {dense_spec(4, activation::sigmoid, false), dense_spec(1, activation::sigmoid, false)}, 3, 4,
      loss_kind::summed_error, 1);
}

TEST_CASE("cross-entropies fused with their output activation", "[gradients]") {
  // Softmax + categorical cross-entropy, sigmoid + binary cross-entropy (Keras)
  // and sigmoid + cross-entropy summed over outputs (the book's): dL/dz taken directly.
  testing::check_model_gradients({dense_spec(6, activation::relu), dense_spec(4, activation::softmax)}, 3, 5,
                                 loss_kind::categorical_crossentropy, 3);
  testing::check_model_gradients({dense_spec(6, activation::tanh), dense_spec(3, activation::sigmoid)}, 4, 5,
                                 loss_kind::binary_crossentropy, 4);
  testing::check_model_gradients({dense_spec(6, activation::sigmoid), dense_spec(3, activation::sigmoid)}, 4, 5,
                                 loss_kind::cross_entropy, 5);
  testing::check_model_gradients({dense_spec(5, activation::sigmoid), dense_spec(3, activation::sigmoid)}, 4, 5,
                                 loss_kind::quadratic, 6);
}

TEST_CASE("cross-entropy from logits stays finite where log(softmax) would not", "[gradients]") {
  // Logits 0 and -200: softmax underflows to exactly 0 in float, log(0) = -inf.
  float z[] = {0.0f, -200.0f}, yhat[] = {1.0f, 0.0f}, y[] = {0.0f, 1.0f};
  const double l = loss_sum(loss_kind::categorical_crossentropy, cmat<float>(yhat, 1, 2),
                            cmat<float>(z, 1, 2), cmat<float>(y, 1, 2));
  CHECK(l == Approx(200.0));   // -log softmax(z)_1 = logsumexp(z) - z_1 = 0 + 200
  const double b = loss_sum(loss_kind::binary_crossentropy, cmat<float>(yhat, 1, 2),
                            cmat<float>(z, 1, 2), cmat<float>(y, 1, 2));
  CHECK(b == Approx(std::log(2.0) + 200.0));   // log(1+e^0) + (200 + log(1+e^-200))
}

TEST_CASE("loss gradients match finite differences", "[gradients]") {
  for (loss_kind k : {loss_kind::mse, loss_kind::summed_error, loss_kind::quadratic}) {
    rng g(9);
    std::vector<double> yhat(12), y(12), dy(12);
    for (auto& v : yhat) v = g.uniform(-1, 1);
    for (auto& v : y) v = g.uniform(-1, 1);
    const cmat<double> Y(y.data(), 3, 4);
    loss_gradient(k, cmat<double>(yhat.data(), 3, 4), Y, mat<double>(dy.data(), 3, 4));
    auto L = [&] {
      return loss_sum(k, cmat<double>(yhat.data(), 3, 4), cmat<double>(), Y) / loss_normaliser(k, 3, 4);
    };
    for (int i = 0; i < 12; ++i) {
      const double v = yhat[i], h = 1e-6;
      yhat[i] = v + h;
      const double up = L();
      yhat[i] = v - h;
      const double down = L();
      yhat[i] = v;
      INFO(loss_name(k) << " element " << i);
      CHECK(testing::close(dy[i], (up - down) / (2 * h)));
    }
  }
}

TEST_CASE("activation values at known points", "[gradients]") {
  double z[] = {0.0, 2.0, -2.0};
  activation_forward(activation::sigmoid, 0.0, z, 1, 3);
  CHECK(z[0] == 0.5);                                 // 1/(1+e^0)
  CHECK(z[1] == Approx(0.8807970779778823));          // 1/(1+e^-2)
  CHECK(z[1] + z[2] == Approx(1.0));                  // sigmoid(-x) = 1 - sigmoid(x)
  double s[] = {1.0, 2.0, 3.0, 1000.0, 1000.0};
  activation_forward(activation::softmax, 0.0, s, 1, 3);
  CHECK(s[0] + s[1] + s[2] == Approx(1.0));
  CHECK(s[2] / s[1] == Approx(2.718281828459045));    // e^(3-2)
  activation_forward(activation::softmax, 0.0, s + 3, 1, 2);   // no overflow on large logits
  CHECK(s[3] == 0.5);
  double l[] = {-1.0, 3.0};
  activation_forward(activation::leaky_relu, 0.2, l, 1, 2);
  CHECK(l[0] == -0.2);
  CHECK(l[1] == 3.0);
}
