// Convolution and pooling layers at work: gradients against central
// differences (float64) for every layer and every padding/stride
// combination, a conv -> pool -> conv -> flatten -> dense stack with softmax
// cross-entropy, the conv layer in a model against the reference kernels, and
// fingerprints the WASM build must reproduce bit for bit. Set-up (kernels,
// geometry, fields, counts) is test_conv.cpp.
#include "gradcheck.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "engine/kernels/conv2d.h"
#include "engine/layers/conv2d.h"
#include "engine/layers/registry.h"

using namespace synapse;
using testing::dense_spec;

namespace {

layer_spec conv_spec(int filters, std::array<int, 2> k, std::array<int, 2> s, padding p, activation f, bool bias = true) {
  layer_spec l;
  l.type = "conv2d";
  l.name = "c";
  l.filters = filters;
  l.window = k;
  l.strides = s;
  l.pad = p;
  l.act = f;
  l.bias = bias;
  return l;
}

layer_spec pool_spec(const char* type, std::array<int, 2> k, std::array<int, 2> s, padding p) {
  layer_spec l;
  l.type = type;
  l.name = type;
  l.window = k;
  l.strides = s;
  l.pad = p;
  return l;
}

layer_spec flatten_spec() {
  layer_spec l;
  l.type = "flatten";
  l.name = "flatten";
  return l;
}

const char* pad_name(padding p) { return p == padding::same ? "same" : "valid"; }

// FNV-1a over the bytes of n values: equal fingerprints, equal bits.
template <class T>
std::uint64_t fingerprint(const T* v, std::size_t n) {
  std::uint64_t h = 1469598103934665603ull;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(v);
  for (std::size_t i = 0; i < n * sizeof(T); ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

}  // namespace

TEST_CASE("conv2d gradients match central differences, every padding and stride", "[conv]") {
  // 7x6x2 images, 3 filters, batch 2: odd and even sizes, square, even and
  // rectangular kernels, strides that do and do not divide the input.
  const std::array<int, 2> kernels[] = {{3, 3}, {2, 2}, {3, 2}};
  const std::array<int, 2> strides[] = {{1, 1}, {2, 2}, {2, 1}};
  for (const auto& k : kernels)
    for (const auto& s : strides)
      for (padding p : {padding::valid, padding::same})
        SECTION("kernel " + std::to_string(k[0]) + "x" + std::to_string(k[1]) + ", strides " + std::to_string(s[0]) +
                "," + std::to_string(s[1]) + ", " + pad_name(p)) {
          testing::check_shaped_gradients({conv_spec(3, k, s, p, activation::tanh)}, {7, 6, 2}, 2, loss_kind::mse, 17);
        }
  SECTION("1x1 (the input read directly), no bias, linear") {
    testing::check_shaped_gradients({conv_spec(4, {1, 1}, {1, 1}, padding::valid, activation::linear, false)},
                                    {5, 4, 3}, 3, loss_kind::mse, 18);
  }
  SECTION("5x5 'same' relu, batch 7 (im2col in chunks of several examples)") {
    testing::check_shaped_gradients({conv_spec(3, {5, 5}, {1, 1}, padding::same, activation::relu)}, {6, 5, 2}, 7,
                                    loss_kind::mse, 19);
  }
  SECTION("sigmoid, then a second conv") {
    testing::check_shaped_gradients({conv_spec(3, {3, 3}, {1, 1}, padding::same, activation::sigmoid),
                                     conv_spec(2, {2, 3}, {2, 2}, padding::valid, activation::linear)},
                                    {7, 6, 2}, 2, loss_kind::mse, 20);
  }
}

TEST_CASE("pooling gradients match central differences, every kind, padding and stride", "[conv]") {
  const std::array<int, 2> pools[][2] = {{{2, 2}, {2, 2}}, {{3, 3}, {2, 2}}, {{2, 3}, {1, 1}}, {{3, 2}, {1, 2}}};
  for (const char* kind : {"max_pool", "average_pool", "l2_pool"})
    for (const auto& ps : pools)
      for (padding p : {padding::valid, padding::same})
        SECTION(std::string(kind) + " " + std::to_string(ps[0][0]) + "x" + std::to_string(ps[0][1]) + ", strides " +
                std::to_string(ps[1][0]) + "," + std::to_string(ps[1][1]) + ", " + pad_name(p)) {
          testing::check_shaped_gradients({pool_spec(kind, ps[0], ps[1], p)}, {7, 6, 2}, 2, loss_kind::mse, 23);
        }
}

TEST_CASE("flatten passes values and gradients through unchanged", "[conv]") {
  testing::check_shaped_gradients({flatten_spec(), dense_spec(3, activation::tanh)}, {3, 2, 2}, 2, loss_kind::mse, 29);
  model<float> m({2, 2, 3}, {flatten_spec()}, 2);
  CHECK(m.at(0).out_shape() == shape{12});
  const float x[24] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
  const cmat<float> y = m.forward(cmat<float>(x, 2, 12), true);
  CHECK(std::memcmp(y.data, x, sizeof x) == 0);
}

TEST_CASE("a conv -> max_pool -> conv -> flatten -> dense stack with softmax cross-entropy", "[conv]") {
  const std::vector<layer_spec> stack = {conv_spec(3, {3, 3}, {1, 1}, padding::same, activation::relu),
                                         pool_spec("max_pool", {2, 2}, {2, 2}, padding::valid),
                                         conv_spec(4, {2, 2}, {1, 1}, padding::valid, activation::tanh),
                                         flatten_spec(), dense_spec(3, activation::softmax)};
  // 8x7x1 -> (8, 7, 3) -> (4, 3, 3) -> (3, 2, 4) -> (24) -> (3)
  const model_plan p = plan_model({8, 7, 1}, stack);
  CHECK(p.layers[2].out == shape{3, 2, 4});
  CHECK(p.layers[3].out == shape{24});
  testing::check_shaped_gradients(stack, {8, 7, 1}, 3, loss_kind::categorical_crossentropy, 31);
}

TEST_CASE("the conv2d layer in a model: the reference kernels' bits, bias and activation included", "[conv]") {
  // 12x11x5 -> 16 filters 3x3 stride 2 'same', relu (fused into the product's
  // store) and sigmoid (after it); batch 7 in chunks of ceil(256 / 36) = 8:
  // one chunk. Then the gradients: dz = dy·f'(y), db, dW, dx; and frozen.
  for (activation f : {activation::relu, activation::sigmoid}) {
    INFO(activation_name(f));
    const int B = 7, F = 16;
    model<float> m({12, 11, 5}, {conv_spec(F, {3, 3}, {2, 2}, padding::same, f)}, B);
    rng g(7);
    m.init(g, init_scheme::glorot_uniform);
    for (std::size_t i = 0; i < m.param_count(); ++i) m.params()[i] += static_cast<float>(0.1 * g.uniform(-1, 1));
    const auto& layer = dynamic_cast<const conv2d_layer<float>&>(m.at(0));
    const window_geometry geo = layer.geometry();
    const std::size_t K = geo.field(), P = geo.pixels();
    std::vector<float> x(static_cast<std::size_t>(B) * 660), dy(B * P * F);
    for (auto& v : x) v = static_cast<float>(g.uniform(-1, 1));
    for (auto& v : dy) v = static_cast<float>(g.uniform(-1, 1));
    const cmat<float> y = m.forward(cmat<float>(x.data(), B, 660), true);
    std::vector<float> want(B * P * F);
    conv2d_forward_ref(geo, F, B, x.data(), m.params(), m.params() + K * F, want.data());
    activation_forward(f, 0.0f, want.data(), static_cast<int>(B * P), F);
    CHECK(std::memcmp(y.data, want.data(), want.size() * sizeof(float)) == 0);

    std::vector<float> dz(dy.size()), dx(x.size()), dx_ref(x.size()), dW_ref(K * F, 0.0f);
    activation_backward(f, 0.0f, want.data(), dy.data(), dz.data(), static_cast<int>(B * P), F);
    mat<float> d = m.output_grad(B);
    std::copy(dy.begin(), dy.end(), d.data);
    m.zero_grads();
    m.backward(cmat<float>(x.data(), B, 660), d, mat<float>(dx.data(), B, 660));
    conv2d_backward_filter_ref(geo, F, B, layer.chunk(), x.data(), dz.data(), dW_ref.data());
    conv2d_backward_input_ref(geo, F, B, dz.data(), m.params(), dx_ref.data());
    CHECK(std::memcmp(m.grads(), dW_ref.data(), dW_ref.size() * sizeof(float)) == 0);
    CHECK(std::memcmp(dx.data(), dx_ref.data(), dx.size() * sizeof(float)) == 0);
    for (int j = 0; j < F; ++j) {   // db: the column sums of dz in row order
      float s = dz[j];
      for (std::size_t r = 1; r < B * P; ++r) s = s + dz[r * F + j];
      CHECK(m.grads()[K * F + j] == s);
    }
    // Frozen: dx as before, nothing added to the parameter gradients.
    m.freeze_part(0, true);
    m.zero_grads();
    m.forward(cmat<float>(x.data(), B, 660), true);
    std::copy(dy.begin(), dy.end(), d.data);
    std::vector<float> dx_frozen(x.size());
    m.backward(cmat<float>(x.data(), B, 660), d, mat<float>(dx_frozen.data(), B, 660));
    CHECK(std::memcmp(dx_frozen.data(), dx.data(), dx.size() * sizeof(float)) == 0);
    CHECK(std::all_of(m.grads(), m.grads() + m.param_count(), [](float v) { return v == 0.0f; }));
  }
}

TEST_CASE("conv and pool layers give the native bits in every build (fingerprints)", "[conv]") {
  // The lecture's first block on 12x12 images, float32 and float64: forward,
  // one backward, the outputs, parameter gradients and input gradients hashed.
  // The golden values are the native build's; the WASM build must match them.
  const std::vector<layer_spec> net = {conv_spec(8, {5, 5}, {1, 1}, padding::same, activation::relu),
                                       pool_spec("max_pool", {2, 2}, {2, 2}, padding::valid),
                                       conv_spec(16, {3, 3}, {1, 1}, padding::valid, activation::relu),
                                       pool_spec("average_pool", {2, 2}, {2, 2}, padding::same),
                                       pool_spec("l2_pool", {2, 2}, {1, 1}, padding::same),
                                       flatten_spec(),
                                       dense_spec(10, activation::softmax)};
  auto run = [&](auto tag, std::uint64_t (&out)[3]) {
    using T = decltype(tag);
    const int B = 5;
    model<T> m({12, 12, 1}, net, B, true);
    rng g(123);
    m.init(g, init_scheme::glorot_uniform);
    std::vector<T> x(B * 144), y(B * 10, T(0)), dx(x.size());
    for (auto& v : x) v = static_cast<T>(g.uniform(0, 1));
    for (int b = 0; b < B; ++b) y[b * 10 + b] = T(1);
    const cmat<T> X(x.data(), B, 144);
    mat<T> dy = m.output_grad(B);
    const cmat<T> p = m.forward(X, true);
    out[0] = fingerprint(p.data, p.size());
    loss_gradient(loss_kind::categorical_crossentropy, p, cmat<T>(y.data(), B, 10), dy);
    m.backward(X, dy, mat<T>(dx.data(), B, 144));
    out[1] = fingerprint(m.grads(), m.param_count());
    out[2] = fingerprint(dx.data(), dx.size());
  };
  std::uint64_t f32[3], f64[3];
  run(float(), f32);
  run(double(), f64);
  CHECK(f32[0] == 0x9a68d9840ea7755dull);
  CHECK(f32[1] == 0x1d246e6971b99df0ull);
  CHECK(f32[2] == 0x524ef8b61bd5ef99ull);
  CHECK(f64[0] == 0x74e5b670b2afe18aull);
  CHECK(f64[1] == 0x8574843f560079d0ull);
  CHECK(f64[2] == 0x43ac9dfba5b8bd5cull);
}
