// Convolution and pooling set-up: the fast conv kernels (im2col + packed
// gemm) against the direct reference loops, bit for bit; Keras' window
// geometry and 'same' padding against hand-computed values; pooling's values
// and ties; the registry's fields, refusals, shapes and Keras' parameter
// counts (the lecture's CNN); Glorot bounds. Gradients, a trained stack and
// the WASM fingerprints are test_conv_gradients.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/kernels/conv2d.h"
#include "engine/kernels/pool.h"
#include "engine/layers/conv2d.h"
#include "engine/layers/registry.h"
#include "engine/model/model.h"

using namespace synapse;

namespace {

layer_spec parsed(const std::string& text, int index = 0) {
  const nlohmann::json l = nlohmann::json::parse(text);
  return find_layer_type(l.value("type", "dense"), "model.layers[0].type").parse(l, "model.layers[0]", index);
}

template <class T>
std::vector<T> uniform(rng& g, std::size_t n) {
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(g.uniform(-1, 1));
  return v;
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// Fast and reference kernels on one geometry: forward (with bias, and
// without), the filter gradient added to a non-zero dW for several chunk
// sizes, and the input gradient; every result the same bits.
template <class T>
void compare_kernels(const window_geometry& g, int F, int B, std::uint32_t seed) {
  rng r(seed);
  const std::size_t P = static_cast<std::size_t>(g.pixels()), K = static_cast<std::size_t>(g.field());
  const std::vector<T> x = uniform<T>(r, static_cast<std::size_t>(B) * g.in_size()), W = uniform<T>(r, K * F),
                       bias = uniform<T>(r, F), dz = uniform<T>(r, B * P * F), dW0 = uniform<T>(r, K * F);
  for (int chunk : {1, 2, B}) {
    INFO("chunk " << chunk);
    std::vector<T> col(static_cast<std::size_t>(chunk) * P * K);
    std::vector<T> y(B * P * F, T(7)), want(B * P * F);
    for (bool with_bias : {true, false}) {
      gemm_epilogue<T> ep;
      ep.bias = with_bias ? bias.data() : nullptr;
      conv2d_forward(g, F, B, chunk, x.data(), W.data(), ep, y.data(), col.data());
      conv2d_forward_ref(g, F, B, x.data(), W.data(), ep.bias, want.data());
      CHECK(same_bits(y, want));
    }
    std::vector<T> dW = dW0, dW_ref = dW0;
    conv2d_backward_filter(g, F, B, chunk, x.data(), dz.data(), dW.data(), col.data());
    conv2d_backward_filter_ref(g, F, B, chunk, x.data(), dz.data(), dW_ref.data());
    CHECK(same_bits(dW, dW_ref));
    CHECK_FALSE(same_bits(dW, dW0));   // it did add something
    std::vector<T> dx(static_cast<std::size_t>(B) * g.in_size(), T(7)), dx_ref(dx.size());
    conv2d_backward_input(g, F, B, chunk, dz.data(), W.data(), dx.data(), col.data());
    conv2d_backward_input_ref(g, F, B, dz.data(), W.data(), dx_ref.data());
    CHECK(same_bits(dx, dx_ref));
  }
}

}  // namespace

TEST_CASE("conv2d: im2col + packed gemm give the direct reference's bits, every padding and stride", "[conv]") {
  // Odd sizes, square, rectangular and even kernels, strides that do and do
  // not divide the input. 3 filters take gemm's small paths; 16 filters at
  // these sizes take the packed kernel (gemm.h's thresholds) in all three products.
  const int kernels[][2] = {{1, 1}, {3, 3}, {2, 3}, {5, 5}, {4, 1}};
  const int strides[][2] = {{1, 1}, {2, 2}, {1, 2}, {3, 2}};
  const int inputs[][3] = {{7, 6, 3}, {12, 11, 5}};
  for (const auto& in : inputs)
    for (const auto& k : kernels)
      for (const auto& s : strides)
        for (bool same : {false, true}) {
          const window_geometry g = make_window(in[0], in[1], in[2], k[0], k[1], s[0], s[1], same);
          REQUIRE(g.pixels() > 0);
          for (int F : {3, 16})
            for (int B : {1, 3, 7}) {
              INFO("input " << in[0] << "x" << in[1] << "x" << in[2] << " kernel " << k[0] << "x" << k[1] << " strides "
                            << s[0] << "," << s[1] << (same ? " same" : " valid") << " F " << F << " B " << B);
              compare_kernels<float>(g, F, B, 1000u + static_cast<std::uint32_t>(B * F));
              if (F == 16) compare_kernels<double>(g, F, B, 2000u + static_cast<std::uint32_t>(B));
            }
        }
}

TEST_CASE("conv2d on the lecture's first two shapes: fast equals reference", "[conv]") {
  // 28x28x1 -> 32 filters 5x5 'same'; 14x14x32 -> 64 filters 5x5 'valid'.
  compare_kernels<float>(make_window(28, 28, 1, 5, 5, 1, 1, true), 32, 3, 5);
  compare_kernels<float>(make_window(14, 14, 32, 5, 5, 1, 1, false), 64, 2, 6);
}

TEST_CASE("Keras' window geometry: 'valid' sizes, 'same' sizes and the extra padding at the bottom/right", "[conv]") {
  auto g = make_window(28, 28, 1, 5, 5, 1, 1, false);
  CHECK(g.OH == 24);   // 28 - 5 + 1
  g = make_window(14, 14, 32, 5, 5, 1, 1, false);
  CHECK((g.OH == 10 && g.OW == 10 && g.field() == 800));
  g = make_window(28, 28, 1, 5, 5, 1, 1, true);
  CHECK((g.OH == 28 && g.top == 2 && g.left == 2));   // padding 4: 2 and 2
  g = make_window(7, 5, 1, 3, 2, 2, 1, true);
  CHECK((g.OH == 4 && g.top == 1));    // ceil(7/2) = 4, padding (4-1)·2 + 3 - 7 = 2: 1 above, 1 below
  CHECK((g.OW == 5 && g.left == 0));   // padding 1 for the even kernel: 0 left, 1 right
  g = make_window(6, 6, 1, 3, 3, 2, 2, true);
  CHECK((g.OH == 3 && g.top == 0));    // padding (3-1)·2 + 3 - 6 = 1: all of it below
  g = make_window(7, 7, 1, 4, 4, 1, 1, true);
  CHECK(g.top == 1);                   // padding 3: 1 above, 2 below
  g = make_window(5, 5, 1, 2, 2, 3, 3, false);
  CHECK(g.OH == 2);                    // floor((5-2)/3) + 1
  CHECK(make_window(4, 9, 1, 5, 5, 1, 1, false).OH == 0);   // the kernel does not fit
  CHECK(make_window(4, 9, 1, 5, 5, 1, 1, true).OH == 4);

  // One row of x = 1..6, kernels [1, 10] and [1, 10, 100]: the zero is added
  // at the right (Keras, TensorFlow), never at the left.
  const float x[] = {1, 2, 3, 4, 5, 6}, w2[] = {1, 10}, w3[] = {1, 10, 100};
  float y[6], col[64];
  const gemm_epilogue<float> none;
  g = make_window(1, 5, 1, 1, 2, 1, 1, true);
  conv2d_forward(g, 1, 1, 1, x, w2, none, y, col);
  CHECK(std::vector<float>(y, y + 5) == std::vector<float>{21, 32, 43, 54, 5});   // last: 5·1 + 0·10
  g = make_window(1, 5, 1, 1, 3, 1, 2, true);   // stride 2 on an odd size: 1 left, 1 right
  conv2d_forward(g, 1, 1, 1, x, w3, none, y, col);
  CHECK(std::vector<float>(y, y + 3) == std::vector<float>{210, 432, 54});   // 0+10+200, 2+30+400, 4+50+0
  g = make_window(1, 6, 1, 1, 3, 1, 2, true);   // stride 2 on an even size: 0 left, 1 right
  conv2d_forward(g, 1, 1, 1, x, w3, none, y, col);
  CHECK(std::vector<float>(y, y + 3) == std::vector<float>{321, 543, 65});   // 1+20+300, 3+40+500, 5+60+0
  // 2-D: a 2x2 kernel of ones on 3x3 'same' sums each pixel with its right,
  // lower and lower-right neighbours.
  const float img[] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, ones[] = {1, 1, 1, 1};
  g = make_window(3, 3, 1, 2, 2, 1, 1, true);
  float y9[9];
  conv2d_forward(g, 1, 1, 1, img, ones, none, y9, col);
  CHECK(std::vector<float>(y9, y9 + 9) == std::vector<float>{12, 16, 9, 24, 28, 15, 15, 17, 9});
}

TEST_CASE("pooling: max (first on ties, NaN wins), average and L2 over the window, 'same' without the padding",
          "[conv]") {
  // One 3x3 channel, pool 2, stride 2, 'same': windows {1,2,4,5}, {3,6}, {7,8}, {9}.
  const double x[] = {1, 5, -3, 5, 4, 0, 3, -4, 2};
  const window_geometry g = make_window(3, 3, 1, 2, 2, 2, 2, true);
  REQUIRE((g.OH == 2 && g.top == 0));
  double y[4], dx[9];
  const double dy[] = {1, 2, 3, 4};
  pool_forward(pool_kind::max, g, 1, x, y);
  CHECK(std::vector<double>(y, y + 4) == std::vector<double>{5, 0, 3, 2});
  pool_backward(pool_kind::max, g, 1, x, y, dy, dx);
  CHECK(std::vector<double>(dx, dx + 9) == std::vector<double>{0, 1, 0, 0, 0, 2, 3, 0, 4});   // the first 5
  pool_forward(pool_kind::average, g, 1, x, y);
  CHECK(std::vector<double>(y, y + 4) == std::vector<double>{15.0 / 4, -1.5, -0.5, 2});   // counts 4, 2, 2, 1
  pool_backward(pool_kind::average, g, 1, x, y, dy, dx);
  CHECK(std::vector<double>(dx, dx + 9) == std::vector<double>{0.25, 0.25, 1, 0.25, 0.25, 1, 1.5, 1.5, 4});
  pool_forward(pool_kind::l2, g, 1, x, y);
  CHECK(std::vector<double>(y, y + 4) == std::vector<double>{std::sqrt(67.0), 3, 5, 2});   // 1+25+25+16; 9+0; 9+16
  pool_backward(pool_kind::l2, g, 1, x, y, dy, dx);
  CHECK(dx[6] == Approx(3 * 3.0 / 5));   // dy·x / y
  CHECK(dx[7] == Approx(3 * -4.0 / 5));
  CHECK(dx[5] == 0.0);                    // x = 0
  // A NaN anywhere in a max window is the max; channels pool on their own.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double two[] = {1, -1, nan, -2, 3, -3, 0, -4};   // 2x2, 2 channels
  const window_geometry g2 = make_window(2, 2, 2, 2, 2, 2, 2, false);
  pool_forward(pool_kind::max, g2, 1, two, y);
  CHECK(std::isnan(y[0]));
  CHECK(y[1] == -1);
  const double d2[] = {10, 20};
  double dx2[8];
  pool_backward(pool_kind::max, g2, 1, two, y, d2, dx2);
  CHECK(std::vector<double>(dx2 + 1, dx2 + 8) == std::vector<double>{20, 10, 0, 0, 0, 0, 0});
  CHECK(dx2[0] == 0.0);
}

TEST_CASE("conv2d and pooling spec fields: defaults, both spellings of a window, errors naming the field", "[conv]") {
  const layer_spec c = parsed(R"({"type": "conv2d", "filters": 32, "kernel_size": 5})", 3);
  CHECK(c.name == "conv2d_3");
  CHECK((c.window == std::array<int, 2>{5, 5} && c.strides == std::array<int, 2>{1, 1}));
  CHECK((c.pad == padding::valid && c.act == activation::linear && c.bias));
  const layer_spec r = parsed(R"({"type": "conv2d", "filters": 4, "kernel_size": [3, 2], "strides": [2, 1],
                                  "padding": "same", "activation": "none", "bias": false, "name": "c"})");
  CHECK((r.window == std::array<int, 2>{3, 2} && r.strides == std::array<int, 2>{2, 1} && r.pad == padding::same));
  CHECK((r.act == activation::linear && !r.bias && r.name == "c"));
  const layer_spec p = parsed(R"({"type": "max_pool", "pool_size": 3})", 1);
  CHECK((p.name == "max_pool_1" && p.strides == std::array<int, 2>{3, 3} && p.pad == padding::valid));
  CHECK(parsed(R"({"type": "average_pool"})").window == std::array<int, 2>{2, 2});   // Keras' default
  CHECK(parsed(R"({"type": "l2_pool", "pool_size": 2, "strides": 1})").strides == std::array<int, 2>{1, 1});
  CHECK(parsed(R"({"type": "flatten"})", 4).name == "flatten_4");

  CHECK_THROWS_WITH(parsed(R"({"type": "conv2d", "kernel_size": 3})"), "model.layers[0].filters: missing");
  CHECK_THROWS_WITH(parsed(R"({"type": "conv2d", "filters": 8})"), "model.layers[0].kernel_size: missing");
  CHECK_THROWS_WITH(parsed(R"({"type": "conv2d", "filters": 8, "kernel_size": 10})"),
                    "model.layers[0].kernel_size: must be an integer in 1..9 or a list of two, [rows, columns], got 10");
  CHECK_THROWS_WITH(parsed(R"({"type": "conv2d", "filters": 8, "kernel_size": [3]})"),
                    Catch::Contains("kernel_size: must be an integer in 1..9 or a list of two"));
  CHECK_THROWS_WITH(parsed(R"({"type": "conv2d", "filters": 8, "kernel_size": 3, "strides": 0})"),
                    Catch::StartsWith("model.layers[0].strides: must be an integer in 1..9"));
  CHECK_THROWS_WITH(parsed(R"({"type": "conv2d", "filters": 8, "kernel_size": 3, "padding": "full"})"),
                    "model.layers[0].padding: must be one of valid|same, got \"full\"");
  CHECK_THROWS_WITH(parsed(R"({"type": "conv2d", "filters": 8, "kernel_size": 3, "activation": "swish"})"),
                    Catch::Contains("activation: must be one of none|linear|sigmoid|tanh|relu"));
  CHECK_THROWS_WITH(parsed(R"({"type": "conv2d", "filters": 0, "kernel_size": 3})"),
                    Catch::StartsWith("model.layers[0].filters: must be an integer in 1..4096"));
  CHECK_THROWS_WITH(parsed(R"({"type": "max_pool", "pool_size": [2, 2], "strides": [0, 1]})"),
                    Catch::StartsWith("model.layers[0].strides: must be an integer in 1..9"));
  CHECK_THROWS_WITH(parsed(R"({"type": "max_pool", "units": 2})"), Catch::Contains("unknown field \"units\""));
}

TEST_CASE("shapes a conv or pool layer cannot take are refused naming the layer, the shape and why", "[conv]") {
  const layer_spec conv = parsed(R"({"type": "conv2d", "filters": 8, "kernel_size": 5, "name": "c1"})");
  CHECK_THROWS_WITH(plan_model({3, 7, 1}, {conv}),
                    "model.layers: conv2d layer \"c1\" cannot take (3, 7, 1): its kernel 5x5 is larger than the input "
                    "and padding 'valid' leaves nothing (padding 'same' or a smaller kernel would fit)");
  CHECK_THROWS_WITH(plan_model({784}, {conv}),
                    "model.layers: conv2d layer \"c1\" takes images (H, W, C), got the features (784)");
  CHECK_THROWS_WITH(plan_model({4, 3}, {parsed(R"({"type": "l2_pool", "name": "p"})")}),
                    "model.layers: l2_pool layer \"p\" takes images (H, W, C), got (4, 3)");
  // A pool that shrinks a map to nothing.
  CHECK_THROWS_WITH(plan_model({28, 28, 1}, {parsed(R"({"type": "conv2d", "filters": 2, "kernel_size": 9})"),
                                             parsed(R"({"type": "max_pool", "pool_size": 9, "name": "p"})"),
                                             parsed(R"({"type": "max_pool", "pool_size": 3, "name": "q"})")}),
                    Catch::StartsWith("model.layers: max_pool layer \"q\" cannot take (2, 2, 2): its pool 3x3"));
  CHECK(plan_model({3, 7, 1}, {parsed(R"({"type": "conv2d", "filters": 8, "kernel_size": 5, "padding": "same"})")})
            .layers[0]
            .out == shape{3, 7, 8});
  // A dense layer after a conv without flatten.
  CHECK_THROWS_WITH(plan_model({6, 6, 1}, {conv, parsed(R"({"units": 10})", 1)}),
                    Catch::EndsWith("takes features (N), got (2, 2, 8) (flatten it first)"));
}

TEST_CASE("the lecture's CNN: each layer's output shape and Keras' parameter count", "[conv]") {
  const std::vector<layer_spec> cnn = {
      parsed(R"({"type": "conv2d", "filters": 32, "kernel_size": 5, "padding": "same", "activation": "relu"})", 0),
      parsed(R"({"type": "max_pool", "pool_size": 2, "strides": 2})", 1),
      parsed(R"({"type": "conv2d", "filters": 64, "kernel_size": 5, "activation": "relu"})", 2),
      parsed(R"({"type": "conv2d", "filters": 128, "kernel_size": 5, "activation": "relu"})", 3),
      parsed(R"({"type": "conv2d", "filters": 64, "kernel_size": 5, "activation": "relu", "padding": "valid"})", 4),
      parsed(R"({"type": "max_pool", "pool_size": 2, "strides": 2})", 5),
      parsed(R"({"type": "flatten"})", 6),
      parsed(R"({"units": 1024, "activation": "relu"})", 7),
      parsed(R"({"type": "dropout", "rate": 0.1})", 8),
      parsed(R"({"units": 10, "activation": "softmax"})", 9)};
  // What Keras' summary prints (output shape without the batch; Param #).
  const shape shapes[] = {{28, 28, 32}, {14, 14, 32}, {10, 10, 64}, {6, 6, 128}, {2, 2, 64},
                          {1, 1, 64},   {64},         {1024},       {1024},      {10}};
  const std::uint64_t counts[] = {5 * 5 * 1 * 32 + 32,     0, 5 * 5 * 32 * 64 + 64, 5 * 5 * 64 * 128 + 128,
                                  5 * 5 * 128 * 64 + 64,   0, 0,                    64 * 1024 + 1024,
                                  0,                       1024 * 10 + 10};   // 832, 51264, 204928, 204864, 66560, 10250
  const model_plan p = plan_model({28, 28, 1}, cnn);
  REQUIRE(p.layers.size() == 10);
  for (int i = 0; i < 10; ++i) {
    INFO("layer " << i);
    CHECK(p.layers[i].out == shapes[i]);
    CHECK(p.layers[i].params == counts[i]);
  }
  CHECK(p.params == 538698u);   // Keras: Total params: 538,698
  CHECK(p.layers[2].per_example == 10u * 10 * 64);
  CHECK(p.layers[2].scratch == 3u * 100 * 800);   // im2col chunk: ceil(256 / 100) examples of 100 rows of 800
  // Built, the model agrees and runs a batch.
  model<float> m({28, 28, 1}, cnn, 3, true);
  CHECK(m.param_count() == p.params);
  CHECK(m.at(0).out_shape() == shape{28, 28, 32});
  CHECK(std::string(m.at(1).kind()) == "max_pool");
  const auto params = m.param_layout();
  CHECK((params[0].shape == std::vector<int>{5, 5, 1, 32} && params[0].regularized));
  CHECK((params[1].name == "conv2d_0.bias" && params[1].offset == 800));
  rng g(1);
  m.init(g, init_scheme::glorot_uniform);
  const std::vector<float> x = uniform<float>(g, 3 * 784);
  const cmat<float> y = m.forward(cmat<float>(x.data(), 3, 784), false);
  REQUIRE(y.cols == 10);
  for (int b = 0; b < 3; ++b) {
    float s = 0;
    for (int j = 0; j < 10; ++j) s += y(b, j);
    CHECK(s == Approx(1).epsilon(1e-5));   // softmax rows
  }
}

TEST_CASE("conv2d init: Glorot uniform over the receptive field, zero bias", "[conv]") {
  // 5x3 kernel, 4 channels in, 6 filters: fan_in 60, fan_out 90, limit sqrt(6 / 150) = 0.2
  // (a dense layer's fans (4, 6) would give 0.77).
  model<double> m({9, 9, 4}, {parsed(R"({"type": "conv2d", "filters": 6, "kernel_size": [5, 3]})")}, 1);
  rng g(2);
  m.init(g, init_scheme::glorot_uniform);
  REQUIRE(m.param_count() == 5 * 3 * 4 * 6 + 6);
  double widest = 0;
  for (int i = 0; i < 360; ++i) widest = std::max(widest, std::abs(m.params()[i]));
  CHECK(widest <= 0.2);
  CHECK(widest > 0.19);   // 360 draws reach the bound
  for (int i = 360; i < 366; ++i) CHECK(m.params()[i] == 0.0);
}
