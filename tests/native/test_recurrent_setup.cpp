// The recurrent layers' set-up: Keras' orthogonal init (and the same bits in
// every build), the lstm's initial weights, Keras' parameter counts, the spec
// fields and shapes the registry accepts or refuses, and hard_sigmoid.
// Training behaviour is test_recurrent.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/layers/orthogonal.h"
#include "engine/layers/registry.h"
#include "engine/model/model.h"
#include "gradcheck.h"

using namespace synapse;
using testing::recurrent_spec;

namespace {

layer_spec parsed(const char* text, int index = 0) {
  const nlohmann::json l = nlohmann::json::parse(text);
  return find_layer_type(l.value("type", "dense"), "model.layers[0].type").parse(l, "model.layers[0]", index);
}

// FNV-1a over the bytes of n values: equal fingerprints, equal bits.
std::uint64_t fingerprint(const double* v, std::size_t n) {
  std::uint64_t h = 1469598103934665603ull;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(v);
  for (std::size_t i = 0; i < n * sizeof(double); ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

}  // namespace

TEST_CASE("orthogonal init: orthonormal to 1e-12, deterministic per seed, the same bits in every build", "[recurrent]") {
  const int sizes[][2] = {{4, 16}, {16, 4}, {8, 8}, {64, 256}, {130, 130}};   // 64 and 130: Eigen's blocked path
  for (const auto& rc : sizes) {
    const int r = rc[0], c = rc[1], n = r < c ? r : c;
    INFO("(" << r << ", " << c << ")");
    rng g(11);
    const std::vector<double> q = orthogonal_matrix(g, r, c);
    REQUIRE(q.size() == static_cast<std::size_t>(r) * c);
    double worst = 0;   // Q·Qᵀ (rows) or Qᵀ·Q (columns) against the identity
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        double s = 0;
        if (r <= c)
          for (int k = 0; k < c; ++k) s += q[i * c + k] * q[j * c + k];
        else
          for (int k = 0; k < r; ++k) s += q[k * c + i] * q[k * c + j];
        worst = std::max(worst, std::abs(s - (i == j ? 1.0 : 0.0)));
      }
    CHECK(worst <= 1e-12);
    rng same(11), other(12);
    CHECK(orthogonal_matrix(same, r, c) == q);
    CHECK(orthogonal_matrix(other, r, c) != q);
  }
  // Golden fingerprints: the WASM build must give the native bits.
  // (64, 256) and LSTM(128)'s (128, 512) take Eigen's blocked products, whose
  // sums depend on the cache sizes it assumes: natively from CPUID they gave
  // other bits (orthogonal.cpp).
  rng a(1), b(1), c(1);
  const std::vector<double> small = orthogonal_matrix(a, 4, 16), large = orthogonal_matrix(b, 64, 256),
                            lstm128 = orthogonal_matrix(c, 128, 512);
  CHECK(fingerprint(small.data(), small.size()) == 0x3eb17c48d40d00c1ull);
  CHECK(fingerprint(large.data(), large.size()) == 0x40dd4430585d0bc0ull);
  CHECK(fingerprint(lstm128.data(), lstm128.size()) == 0x1ac64ff6210533a1ull);
}

TEST_CASE("lstm init follows Keras: Glorot kernel, orthogonal recurrent kernel, forget bias 1", "[recurrent]") {
  const int F = 3, U = 4, G = 4 * U;
  model<double> m({2, F}, {recurrent_spec("lstm", U, false, activation::sigmoid)}, 1);
  model<float> m32({2, F}, {recurrent_spec("lstm", U, false, activation::sigmoid)}, 1);
  rng g(9), g32(9);
  m.init(g, init_scheme::glorot_uniform);
  m32.init(g32, init_scheme::glorot_uniform);
  const std::vector<param_info> p = m.param_layout();
  REQUIRE(p.size() == 3);
  CHECK(p[0].shape == std::vector<int>{F, G});
  CHECK(p[1].name == "lstm.recurrent_kernel");
  CHECK(p[1].shape == std::vector<int>{U, G});
  CHECK(p[2].shape == std::vector<int>{G});
  CHECK_FALSE(p[2].regularized);
  const double* W = m.params() + p[0].offset;
  const double* R = m.params() + p[1].offset;
  const double* b = m.params() + p[2].offset;
  const double limit = std::sqrt(6.0 / (F + G));
  for (int i = 0; i < F * G; ++i) CHECK(std::abs(W[i]) <= limit);
  for (int i = 0; i < U; ++i)
    for (int j = 0; j < U; ++j) {
      double s = 0;
      for (int k = 0; k < G; ++k) s += R[i * G + k] * R[j * G + k];
      CHECK(std::abs(s - (i == j ? 1.0 : 0.0)) <= 1e-12);
    }
  for (int j = 0; j < G; ++j) CHECK(b[j] == (j >= U && j < 2 * U ? 1.0 : 0.0));
  // float32 draws the same numbers and rounds them once.
  for (std::size_t i = 0; i < m.param_count(); ++i) CHECK(m32.params()[i] == static_cast<float>(m.params()[i]));
}

TEST_CASE("parameter counts are Keras'", "[recurrent]") {
  const layer_spec lstm128 = parsed(R"({"type": "lstm", "units": 128})");
  const layer_spec lstm4 = parsed(R"({"type": "lstm", "units": 4})");
  CHECK(plan_model({1, 5}, {lstm128}).params == 68608);   // 4·128·(5 + 128 + 1)
  CHECK(plan_model({5, 1}, {lstm128}).params == 66560);   // 4·128·(1 + 128 + 1)
  CHECK(plan_model({1, 1}, {lstm4}).params == 96);        // 4·4·(1 + 4 + 1)
  CHECK(plan_model({1, 1}, {parsed(R"({"type": "simple_rnn", "units": 4})")}).params == 24);   // 4·(1 + 4 + 1)
  CHECK(plan_model({7, 5}, {parsed(R"({"type": "simple_rnn", "units": 128})")}).params == 17152);
  model<float> m({1, 5}, {lstm128, parsed(R"({"units": 1})", 1)}, 2);
  CHECK(m.param_count() == 68608 + 129);
  CHECK(m.at(0).out_shape() == shape{128});
  CHECK(m.at(0).param_count() == 68608);
}

TEST_CASE("lstm and simple_rnn spec fields: defaults, values, and errors that name the field", "[recurrent]") {
  const layer_spec d = parsed(R"({"type": "lstm", "units": 4})", 2);
  CHECK(d.type == "lstm");
  CHECK(d.name == "lstm_2");
  CHECK(d.units == 4);
  CHECK_FALSE(d.return_sequences);
  CHECK_FALSE(d.stateful);
  CHECK(d.recurrent_act == activation::sigmoid);
  const layer_spec s = parsed(R"({"type": "lstm", "units": 8, "return_sequences": true, "stateful": true,
                                  "recurrent_activation": "hard_sigmoid", "name": "enc"})");
  CHECK(s.name == "enc");
  CHECK(s.return_sequences);
  CHECK(s.stateful);
  CHECK(s.recurrent_act == activation::hard_sigmoid);
  const layer_spec r = parsed(R"({"type": "simple_rnn", "units": 3})", 1);
  CHECK(r.name == "simple_rnn_1");
  CHECK(r.act == activation::tanh);
  CHECK(parsed(R"({"type": "simple_rnn", "units": 3, "activation": "sigmoid"})").act == activation::sigmoid);

  CHECK_THROWS_WITH(parsed(R"({"type": "lstm", "units": 4, "recurrent_activation": "relu"})"),
                    "model.layers[0].recurrent_activation: must be one of sigmoid|hard_sigmoid, got \"relu\"");
  CHECK_THROWS_WITH(parsed(R"({"type": "simple_rnn", "units": 4, "activation": "softmax"})"),
                    "model.layers[0].activation: must be one of tanh|sigmoid, got \"softmax\"");
  CHECK_THROWS_WITH(parsed(R"({"type": "lstm"})"), "model.layers[0].units: missing");
  CHECK_THROWS_WITH(parsed(R"({"type": "lstm", "units": 0})"), Catch::Contains("model.layers[0].units: must be an integer in 1.."));
  CHECK_THROWS_WITH(parsed(R"({"type": "simple_rnn", "units": 4, "stateful": 1})"),
                    "model.layers[0].stateful: must be true or false, got 1");
  CHECK_THROWS_WITH(parsed(R"({"type": "lstm", "units": 4, "return_sequences": "yes"})"),
                    "model.layers[0].return_sequences: must be true or false, got \"yes\"");
  CHECK_THROWS_WITH(parsed(R"({"type": "lstm", "units": 4, "activation": "tanh"})"), Catch::Contains("unknown field \"activation\""));
  CHECK_THROWS_WITH(parsed(R"({"type": "gru", "units": 4})"), "model.layers[0].type: must be one of dense|dropout|lstm|simple_rnn|conv2d|max_pool|average_pool|l2_pool|flatten, got \"gru\"");

  // Shapes: a sequence in; (units) or (T, units) out; anything else refused by name.
  const layer_spec seq = parsed(R"({"type": "lstm", "units": 4, "return_sequences": true})");
  CHECK(plan_model({5, 2}, {seq}).layers[0].out == shape{5, 4});
  CHECK(plan_model({5, 2}, {d}).layers[0].out == shape{4});
  CHECK_THROWS_WITH(plan_model({12}, {d}), "model.layers: lstm layer \"lstm_2\" takes a sequence (T, F), got (12)");
  CHECK_THROWS_WITH(plan_model({28, 28, 1}, {r}),
                    "model.layers: simple_rnn layer \"simple_rnn_1\" takes a sequence (T, F), got (28, 28, 1)");
  CHECK_THROWS_WITH(plan_model({5, 2}, {d, r}), Catch::Contains("takes a sequence (T, F), got (4)"));
  // Dense on every step (Keras' Dense on the last axis) is refused, saying what to change.
  CHECK_THROWS_WITH(plan_model({5, 2}, {seq, parsed(R"({"units": 1})", 1)}),
                    "model.layers: dense layer \"dense_1\" takes features (N), got the sequence (5, 4) (the recurrent "
                    "layer before it needs return_sequences false)");
  CHECK(plan_model({5, 2}, {seq, d}).layers[1].out == shape{4});   // lstm -> lstm is fine
}

TEST_CASE("hard_sigmoid is Keras 2.2's clip(0.2 x + 0.5, 0, 1)", "[recurrent]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double z[] = {-3.0, -2.5, 0.0, 1.0, 2.5, 3.0, nan};
  activation_forward(activation::hard_sigmoid, 0.0, z, 1, 7);
  CHECK(z[0] == 0.0);
  CHECK(z[1] == 0.0);
  CHECK(z[2] == 0.5);
  CHECK(z[3] == Approx(0.7));
  CHECK(z[4] == 1.0);
  CHECK(z[5] == 1.0);
  CHECK(std::isnan(z[6]));   // a diverged run stays visible
  const double dy[] = {1, 1, 1, 1, 1, 1, 1};
  double dz[7];
  activation_backward(activation::hard_sigmoid, 0.0, z, dy, dz, 1, 6);
  const double slopes[] = {0, 0, 0.2, 0.2, 0, 0};
  for (int i = 0; i < 6; ++i) CHECK(dz[i] == slopes[i]);
  float f[] = {-4.f, 0.5f, 1.f, 1.5f, 2.f, 6.f};   // all the float lanes and a scalar tail
  activation_forward(activation::hard_sigmoid, 0.f, f, 1, 6);
  CHECK(f[0] == 0.f);
  CHECK(f[1] == Approx(0.6f));
  CHECK(f[5] == 1.f);
  activation a;
  REQUIRE(parse_activation("hard_sigmoid", a));
  CHECK(a == activation::hard_sigmoid);
  CHECK(std::string(activation_name(a)) == "hard_sigmoid");
}

