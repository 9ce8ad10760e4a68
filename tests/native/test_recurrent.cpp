// The recurrent layers (lstm, simple_rnn) at work: backpropagation through
// time against central differences, the stateful carry, the per-step gradient
// norms, frozen parts, and fingerprints the WASM build must reproduce bit for
// bit. Their set-up (init, counts, spec fields) is test_recurrent_setup.cpp.
#include "gradcheck.h"

#include <cstdint>
#include <cstring>

#include "engine/layers/lstm.h"
#include "engine/layers/simple_rnn.h"

using namespace synapse;
using testing::dense_spec;
using testing::recurrent_spec;

namespace {

// FNV-1a over the bytes of n values: equal fingerprints, equal bits.
template <class T>
std::uint64_t fingerprint(const T* v, std::size_t n) {
  std::uint64_t h = 1469598103934665603ull;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(v);
  for (std::size_t i = 0; i < n * sizeof(T); ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

std::vector<double> uniform(rng& g, std::size_t n, double scale = 1) {
  std::vector<double> v(n);
  for (auto& x : v) x = g.uniform(-scale, scale);
  return v;
}

// One forward and backward of m on x with the mean squared error against y;
// the model's gradients are zeroed first.
template <class T>
void step(model<T>& m, const std::vector<T>& x, const std::vector<T>& y, int B) {
  const cmat<T> X(x.data(), B, m.input_width());
  mat<T> dy = m.output_grad(B);
  loss_gradient(loss_kind::mse, m.forward(X, true), cmat<T>(y.data(), B, m.out_width()), dy);
  m.zero_grads();
  m.backward(X, dy);
}

part_spec part(const char* name, int first, int count) {
  part_spec p;
  p.name = name;
  p.first = first;
  p.count = count;
  return p;
}

}  // namespace

TEST_CASE("lstm gradients through time match central differences", "[recurrent]") {
  // T = 5 steps of 3 features, 4 units. hard_sigmoid with inputs in (-3, 3)
  // so some gates sit in the clipped (flat) parts, none within h of a kink.
  for (activation gate : {activation::sigmoid, activation::hard_sigmoid})
    for (bool sequences : {false, true})
      SECTION(std::string(activation_name(gate)) + (sequences ? ", return_sequences" : ", last h")) {
        const double scale = gate == activation::hard_sigmoid ? 3 : 1;
        testing::check_shaped_gradients({recurrent_spec("lstm", 4, sequences, gate)}, {5, 3}, 3, loss_kind::mse, 21,
                                        false, scale);
      }
  SECTION("one step (the airline lab's window as features)") {
    testing::check_shaped_gradients({recurrent_spec("lstm", 4, false, activation::sigmoid), dense_spec(1, activation::linear)},
                                    {1, 3}, 4, loss_kind::mse, 22);
  }
}

TEST_CASE("simple_rnn gradients through time match central differences", "[recurrent]") {
  for (activation f : {activation::tanh, activation::sigmoid})
    for (bool sequences : {false, true})
      SECTION(std::string(activation_name(f)) + (sequences ? ", return_sequences" : ", last h")) {
        testing::check_shaped_gradients({recurrent_spec("simple_rnn", 4, sequences, f)}, {6, 2}, 3, loss_kind::mse, 31);
      }
}

TEST_CASE("stateful layers: the next batch's gradients, with the carried state a constant", "[recurrent]") {
  SECTION("lstm, hard_sigmoid, then dense") {
    testing::check_shaped_gradients(
        {recurrent_spec("lstm", 4, false, activation::hard_sigmoid, true), dense_spec(2, activation::linear)}, {4, 3}, 3,
        loss_kind::mse, 41, true);
  }
  SECTION("lstm, sigmoid, return_sequences") {
    testing::check_shaped_gradients({recurrent_spec("lstm", 3, true, activation::sigmoid, true)}, {4, 2}, 2,
                                    loss_kind::mse, 42, true);
  }
  SECTION("simple_rnn, tanh") {
    testing::check_shaped_gradients({recurrent_spec("simple_rnn", 4, true, activation::tanh, true)}, {4, 2}, 3,
                                    loss_kind::mse, 43, true);
  }
}

TEST_CASE("stacked lstm (return_sequences) -> lstm -> dense gradients", "[recurrent]") {
  testing::check_shaped_gradients({recurrent_spec("lstm", 5, true, activation::sigmoid),
                                   recurrent_spec("lstm", 4, false, activation::sigmoid), dense_spec(2, activation::tanh)},
                                  {4, 3}, 2, loss_kind::mse, 51);
}

// A stateful layer over two windows equals a stateless one over both at once;
// reset_state() makes the next window start from zeros again.
template <class L>
void check_continuation(const char* type, activation f) {
  const int T = 4, F = 2, U = 3, B = 2;
  model<double> stateful({T, F}, {recurrent_spec(type, U, true, f, true)}, B);
  model<double> whole({2 * T, F}, {recurrent_spec(type, U, true, f, false)}, B);
  model<double> fresh({T, F}, {recurrent_spec(type, U, true, f, false)}, B);
  rng g(3);
  stateful.init(g, init_scheme::glorot_uniform);
  REQUIRE(whole.param_count() == stateful.param_count());
  for (std::size_t i = 0; i < stateful.param_count(); ++i) {
    stateful.params()[i] += 0.2 * g.uniform(-1, 1);   // biases not zero either
    whole.params()[i] = fresh.params()[i] = stateful.params()[i];
  }
  const std::vector<double> w1 = uniform(g, B * T * F), w2 = uniform(g, B * T * F);
  std::vector<double> both;
  for (int b = 0; b < B; ++b) {   // row b: window 1's steps, then window 2's
    both.insert(both.end(), w1.begin() + b * T * F, w1.begin() + (b + 1) * T * F);
    both.insert(both.end(), w2.begin() + b * T * F, w2.begin() + (b + 1) * T * F);
  }
  const cmat<double> y1 = stateful.forward(cmat<double>(w1.data(), B, T * F), false);
  const std::vector<double> first(y1.data, y1.data + y1.size());
  const cmat<double> y2 = stateful.forward(cmat<double>(w2.data(), B, T * F), false);
  const std::vector<double> second(y2.data, y2.data + y2.size());
  const cmat<double> yw = whole.forward(cmat<double>(both.data(), B, 2 * T * F), false);
  for (int b = 0; b < B; ++b)
    for (int i = 0; i < T * U; ++i) {
      INFO("row " << b << " value " << i);
      CHECK(first[b * T * U + i] == yw(b, i));            // the same operations: the same bits
      CHECK(second[b * T * U + i] == yw(b, T * U + i));
    }
  // The carried state is the last h of each row.
  const L& l = dynamic_cast<const L&>(stateful.at(0));
  for (int b = 0; b < B; ++b)
    for (int u = 0; u < U; ++u) CHECK(l.carried_h()[b * U + u] == second[b * T * U + (T - 1) * U + u]);
  // reset_state: window 2 again, now from zeros, as a stateless layer sees it.
  stateful.reset_state();
  for (int i = 0; i < B * U; ++i) CHECK(l.carried_h()[i] == 0.0);
  const cmat<double> y3 = stateful.forward(cmat<double>(w2.data(), B, T * F), false);
  const std::vector<double> again(y3.data, y3.data + y3.size());
  const cmat<double> yf = fresh.forward(cmat<double>(w2.data(), B, T * F), false);
  int differ = 0;
  for (std::size_t i = 0; i < again.size(); ++i) {
    CHECK(again[i] == yf.data[i]);
    differ += again[i] != second[i];
  }
  CHECK(differ > 0);   // the carried state did change window 2's outputs
  // A stateless layer starts every forward from zeros.
  const cmat<double> yf2 = fresh.forward(cmat<double>(w2.data(), B, T * F), false);
  CHECK(std::memcmp(yf2.data, again.data(), again.size() * sizeof(double)) == 0);
}

TEST_CASE("a stateful layer's next batch starts from the previous final state; reset_state zeroes it", "[recurrent]") {
  SECTION("lstm") { check_continuation<lstm_layer<double>>("lstm", activation::sigmoid); }
  SECTION("simple_rnn") { check_continuation<simple_rnn_layer<double>>("simple_rnn", activation::tanh); }
  SECTION("the lstm carries s too") {
    model<double> m({2, 1}, {recurrent_spec("lstm", 2, false, activation::sigmoid, true)}, 1);
    rng g(5);
    m.init(g, init_scheme::glorot_uniform);
    const double x[] = {1.0, -0.5};
    m.forward(cmat<double>(x, 1, 2), false);
    const auto& l = dynamic_cast<const lstm_layer<double>&>(m.at(0));
    CHECK(l.carried_s()[0] != 0.0);
    CHECK(std::abs(l.carried_h()[0]) < std::abs(l.carried_s()[0]) + 1e-300);   // |h| = |tanh s|·g_o <= |s|
    m.reset_state();
    CHECK(l.carried_s()[0] == 0.0);
    CHECK(l.carried_s()[1] == 0.0);
  }
}

TEST_CASE("a saved carried state, loaded back, undoes the batches run in between", "[recurrent]") {
  const int T = 3, F = 2, B = 2;
  const std::vector<layer_spec> specs = {recurrent_spec("lstm", 3, true, activation::sigmoid, true),
                                         recurrent_spec("simple_rnn", 2, false, activation::tanh, true)};
  model<double> m({T, F}, specs, B), reference({T, F}, specs, B);
  rng g(91);
  m.init(g, init_scheme::glorot_uniform);
  std::copy(m.params(), m.params() + m.param_count(), reference.params());
  const std::vector<double> w1 = uniform(g, B * T * F), w2 = uniform(g, B * T * F), other = uniform(g, B * T * F);
  const cmat<double> X1(w1.data(), B, T * F), X2(w2.data(), B, T * F), Xo(other.data(), B, T * F);
  m.forward(X1, true);
  const std::vector<double> saved = m.save_state();
  CHECK(saved.size() == static_cast<std::size_t>(2 * B * 3 + B * 2));   // lstm h and s, simple_rnn h
  m.forward(Xo, false);   // a view in the middle of an epoch
  m.load_state(saved);
  const cmat<double> y = m.forward(X2, true);
  reference.forward(X1, true);
  const cmat<double> want = reference.forward(X2, true);
  CHECK(std::memcmp(y.data, want.data, want.size() * sizeof(double)) == 0);
  CHECK_THROWS_WITH(m.load_state({1.0}), "model::load_state: this model keeps 16 state values, got 1");
  model<double> stateless({T, F}, {recurrent_spec("lstm", 3, false, activation::sigmoid)}, B);
  CHECK(stateless.save_state().empty());
}

TEST_CASE("time-gradient norms: T entries; a sigmoid RNN's vanish back in time, an LSTM's survive", "[recurrent]") {
  const int T = 8, F = 2, U = 4, B = 3;
  rng g(61);
  const std::vector<double> x = uniform(g, B * T * F), y = uniform(g, B);
  auto ratio = [&](const char* type, activation f, double weight_scale) {
    model<double> m({T, F}, {recurrent_spec(type, U, false, f), dense_spec(1, activation::linear)}, B);
    rng gi(62);
    m.init(gi, init_scheme::glorot_uniform);
    const std::size_t rnn = m.at(0).param_count();
    for (std::size_t i = 0; i < rnn; ++i) m.params()[i] *= weight_scale;
    // dL/dh_{T-1} is dL/dy of the linear dense after it: dy·Wdᵀ.
    const cmat<double> X(x.data(), B, T * F);
    mat<double> dy = m.output_grad(B);
    loss_gradient(loss_kind::mse, m.forward(X, true), cmat<double>(y.data(), B, 1), dy);
    double expected = 0;
    for (int b = 0; b < B; ++b)
      for (int u = 0; u < U; ++u) expected += std::pow(dy(b, 0) * m.params()[rnn + u], 2);
    std::vector<double> norms;
    CHECK_FALSE(m.at(1).time_gradient_norms(norms));   // dense: no time steps
    CHECK(norms.empty());
    m.zero_grads();
    m.backward(X, dy);
    REQUIRE(m.at(0).time_gradient_norms(norms));
    REQUIRE(norms.size() == static_cast<std::size_t>(T));
    CHECK(norms[T - 1] == Approx(std::sqrt(expected)).epsilon(1e-12));
    for (double n : norms) CHECK(n > 0);
    return norms[0] / norms[T - 1];
  };
  std::vector<double> n;
  {
    // Small weights, sigmoid (f' <= 1/4): every step back shrinks the norm.
    model<double> m({T, F}, {recurrent_spec("simple_rnn", U, false, activation::sigmoid), dense_spec(1, activation::linear)}, B);
    rng gi(63);
    m.init(gi, init_scheme::glorot_uniform);
    for (std::size_t i = 0; i < m.at(0).param_count(); ++i) m.params()[i] *= 0.5;
    step(m, x, y, B);
    REQUIRE(m.at(0).time_gradient_norms(n));
    REQUIRE(n.size() == static_cast<std::size_t>(T));
    for (int t = 1; t < T; ++t) CHECK(n[t - 1] < n[t]);
  }
  const double rnn = ratio("simple_rnn", activation::sigmoid, 0.5), lstm = ratio("lstm", activation::sigmoid, 1.0);
  INFO("simple_rnn: |dL/dh_0| / |dL/dh_7| = " << rnn << ", lstm: " << lstm);
  CHECK(rnn < 1e-4);
  CHECK(lstm > 1000 * rnn);
}

TEST_CASE("frozen recurrent layers pass gradients on without adding their own", "[recurrent]") {
  const int T = 3, F = 2, B = 2;
  model<double> m({T, F}, {recurrent_spec("lstm", 3, true, activation::sigmoid), recurrent_spec("simple_rnn", 2, false, activation::tanh),
                           dense_spec(1, activation::linear)}, B, false, {part("rnn", 0, 2), part("head", 2, 1)});
  rng g(71);
  m.init(g, init_scheme::glorot_uniform);
  std::vector<double> x = uniform(g, B * T * F), y = uniform(g, B), dx1(x.size()), dx2(x.size());
  auto run = [&](std::vector<double>& dx) {
    mat<double> dy = m.output_grad(B);
    const cmat<double> X(x.data(), B, T * F);
    loss_gradient(loss_kind::mse, m.forward(X, true), cmat<double>(y.data(), B, 1), dy);
    m.zero_grads();
    m.backward(X, dy, mat<double>(dx.data(), B, T * F));
  };
  run(dx1);
  const std::size_t rnn = m.parts()[0].param_count;
  double moved = 0;
  for (std::size_t i = 0; i < rnn; ++i) moved += std::abs(m.grads()[i]);
  CHECK(moved > 0);
  m.freeze_part(0, true);
  run(dx2);
  for (std::size_t i = 0; i < rnn; ++i) CHECK(m.grads()[i] == 0.0);
  CHECK(m.grads()[rnn] != 0.0);   // the dense head still learns
  CHECK(dx1 == dx2);              // and the input gradient is the same
}

TEST_CASE("float32 recurrent layers follow float64, and give the same bits in every build", "[recurrent]") {
  const int T = 5, F = 3, B = 4;
  const std::vector<layer_spec> specs = {recurrent_spec("lstm", 8, true, activation::hard_sigmoid, true),
                                         recurrent_spec("simple_rnn", 6, false, activation::tanh),
                                         dense_spec(2, activation::linear)};
  model<float> m32({T, F}, specs, B);
  model<double> m64({T, F}, specs, B);
  rng g(81), g64(81);
  m32.init(g, init_scheme::glorot_uniform);
  m64.init(g64, init_scheme::glorot_uniform);
  const std::vector<double> x = uniform(g, 2 * B * T * F, 2), y = uniform(g, B * 2);
  std::vector<float> x32(x.begin(), x.end()), y32(y.begin(), y.end());
  // Two stateful batches (the second starts from the first's state).
  for (int k = 0; k < 2; ++k) {
    const std::vector<float> xk(x32.begin() + k * B * T * F, x32.begin() + (k + 1) * B * T * F);
    const std::vector<double> xk64(x.begin() + k * B * T * F, x.begin() + (k + 1) * B * T * F);
    step(m32, xk, y32, B);
    step(m64, xk64, y, B);
  }
  const cmat<float> out = m32.activations(2, B);
  for (int i = 0; i < B * 2; ++i) CHECK(out.data[i] == Approx(m64.activations(2, B).data[i]).epsilon(1e-4));
  for (std::size_t i = 0; i < m32.param_count(); ++i)
    CHECK(m32.grads()[i] == Approx(m64.grads()[i]).epsilon(1e-3).margin(1e-5));
  // Golden fingerprints of outputs and gradients: the WASM build must give the native bits.
  CHECK(fingerprint(out.data, out.size()) == 0xb7aaf6ef1bd9d3d6ull);
  CHECK(fingerprint(m32.grads(), m32.param_count()) == 0x86b5f0135d7728ebull);
  CHECK(fingerprint(m64.grads(), m64.param_count()) == 0x88c0a2cf297c794bull);
}
