// The CNN lab: MNIST as images, the presets' layers, shapes and parameter
// counts (Keras' summary of the lecture's CNN: 538,698), the book's steps as
// knobs, its expanded training data, refusals that name the knob, a short run
// that learns, and the views (one digit's first feature map checked by hand
// against the kernels it was computed with).
#include <catch2/catch.hpp>

#include "build_data.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/data/data_store.h"
#include "engine/data/dataset.h"
#include "engine/labs/labs.h"
#include "engine/layers/registry.h"
#include "engine/spec/knobs.h"

using namespace synapse;

namespace {

// "name (shape) parameters" per layer, as Keras' summary lists them.
std::string summary(const char* preset, const knob_values& v = {}) {
  const experiment_spec s = spec_from_preset(preset, v);
  const model_plan plan = plan_model({28, 28, 1}, s.layers);
  std::string out;
  for (std::size_t i = 0; i < s.layers.size(); ++i)
    out += (i ? ", " : "") + s.layers[i].name + " " + shape_text(plan.layers[i].out) + " " +
           std::to_string(plan.layers[i].params);
  return out + " = " + std::to_string(plan.params);
}

std::string refusal(const char* preset, const knob_values& v) {
  use_build_data();
  try {
    make_experiment(spec_from_preset(preset, v));
  } catch (const spec_error& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("the lecture's CNN has Keras' shapes and 538,698 parameters", "[cnn]") {
  CHECK(summary("mnist-cnn") ==
        "conv2d_0 (28, 28, 32) 832, max_pool_0 (14, 14, 32) 0, conv2d_1 (10, 10, 64) 51264, "   // 5·5·1·32 + 32; 5·5·32·64 + 64
        "conv2d_2 (6, 6, 128) 204928, conv2d_3 (2, 2, 64) 204864, max_pool_1 (1, 1, 64) 0, flatten (64) 0, "
        "dense_0 (1024) 66560, dropout_0 (1024) 0, dense_1 (10) 10250 = 538698");
  const experiment_spec s = spec_from_preset("mnist-cnn", {});
  CHECK(s.layers[0].act == activation::relu);
  CHECK(s.layers[0].pad == padding::same);
  CHECK(s.layers[2].pad == padding::valid);
  CHECK(s.layers[8].rate == 0.1);
  CHECK(s.opt.kind == optimizer_kind::adam);
  CHECK(s.batch_size == 128);
  CHECK(s.data.images);
  use_build_data();
  auto e = make_experiment(spec_from_preset("mnist-cnn", {{"train_limit", "256"}}));
  CHECK(e->param_count() == 538698);
  CHECK(e->input_shape() == shape{28, 28, 1});
}

TEST_CASE("the book's chapter 6 steps are knobs that build its layer lists", "[cnn]") {
  // conv 20 maps 5x5 -> max-pool 2x2 -> fully connected 100 -> softmax (the book's 98.78 % network)
  CHECK(summary("mnist-cnn-book") == "conv2d_0 (24, 24, 20) 520, max_pool_0 (12, 12, 20) 0, flatten (2880) 0, "
                                     "dense_0 (100) 288100, dense_1 (10) 1010 = 289630");
  // the second conv-pool layer, 40 maps (99.06 %)
  CHECK(summary("mnist-cnn-book", {{"conv_blocks", "2"}}) ==
        "conv2d_0 (24, 24, 20) 520, max_pool_0 (12, 12, 20) 0, conv2d_1 (8, 8, 40) 20040, max_pool_1 (4, 4, 40) 0, "
        "flatten (640) 0, dense_0 (100) 64100, dense_1 (10) 1010 = 85670");
  // no conv-pool layer: the fully connected baseline on the pixels (97.8 %)
  CHECK(summary("mnist-cnn-book", {{"conv_blocks", "0"}}) ==
        "flatten (784) 0, dense_0 (100) 78500, dense_1 (10) 1010 = 79510");
  // dropout 0.5 on the inputs of every dense layer, as network3.py's p_dropout, with its 1000-unit layers
  CHECK(summary("mnist-cnn-book", {{"conv_blocks", "2"}, {"dropout", "0.5"}, {"hidden", "1000,1000"}}) ==
        "conv2d_0 (24, 24, 20) 520, max_pool_0 (12, 12, 20) 0, conv2d_1 (8, 8, 40) 20040, max_pool_1 (4, 4, 40) 0, "
        "flatten (640) 0, dropout_0 (640) 0, dense_0 (1000) 641000, dropout_1 (1000) 0, dense_1 (1000) 1001000, "
        "dropout_2 (1000) 0, dense_2 (10) 10010 = 1672570");
  const experiment_spec book = spec_from_preset("mnist-cnn-book", {});
  CHECK(book.layers[0].act == activation::sigmoid);
  CHECK(book.layers[3].act == activation::sigmoid);
  CHECK(book.layers[4].act == activation::softmax);
  CHECK(book.opt.kind == optimizer_kind::sgd);
  CHECK(book.opt.lr == 0.1);
  CHECK(book.batch_size == 10);
  CHECK(book.epochs == 60);
  CHECK(book.l2 == 0);
  CHECK_FALSE(book.data.expand);
  // ReLU instead of sigmoid in the conv and dense layers alike, lr 0.03, lambda 0.1, expanded data
  const experiment_spec steps = spec_from_preset(
      "mnist-cnn-book", {{"activation", "relu"}, {"lr", "0.03"}, {"l2", "0.00001"}, {"expand", "on"}});
  CHECK(steps.layers[0].act == activation::relu);
  CHECK(steps.layers[3].act == activation::relu);
  CHECK(steps.layers[4].act == activation::softmax);
  CHECK(steps.opt.lr == 0.03);
  CHECK(steps.l2 == 0.00001);   // network3: 0.5 · 0.1 · Σw² / 5,000 batches
  CHECK(steps.data.expand);
  // the conv knobs of the lecture's vocabulary
  CHECK(summary("mnist-cnn-book", {{"conv1_kernel", "3"}, {"conv1_stride", "2"}, {"conv1_padding", "same"},
                                   {"pool1", "average"}, {"pool1_size", "3"}, {"pool1_stride", "1"}}) ==
        "conv2d_0 (14, 14, 20) 200, average_pool_0 (12, 12, 20) 0, flatten (2880) 0, dense_0 (100) 288100, "
        "dense_1 (10) 1010 = 289310");
  CHECK(summary("mnist-cnn", {{"conv2_filters", "16"}, {"pool2", "none"}}) ==
        "conv2d_0 (28, 28, 32) 832, max_pool_0 (14, 14, 32) 0, conv2d_1 (10, 10, 16) 12816, flatten (1600) 0, "
        "dense_0 (1024) 1639424, dropout_0 (1024) 0, dense_1 (10) 10250 = 1663322");
}

TEST_CASE("MNIST as images for a conv first layer; the perceptrons keep their rows of 784", "[cnn]") {
  use_build_data();
  data_spec flat;
  flat.name = "mnist";
  flat.train_limit = 100;
  data_spec images = flat;
  images.images = true;
  const data_splits<float> f = load_data<float>(flat), i = load_data<float>(images);
  CHECK(f.train->x_shape() == shape{784});
  CHECK(i.train->x_shape() == shape{28, 28, 1});
  CHECK(i.test->x_shape() == shape{28, 28, 1});
  std::vector<float> xf(784), xi(784), y(10);
  const std::uint32_t seven = 7;
  f.test->fill(&seven, 1, xf.data(), y.data());
  i.test->fill(&seven, 1, xi.data(), y.data());
  CHECK(xf == xi);   // the same values in the same order, (row, column, channel)
  CHECK_FALSE(spec_from_preset("mnist-mlp", {}).data.images);
  nlohmann::json doc = preset_document(find_preset("mnist-cnn"));
  doc["data"]["shape"] = "flat";
  CHECK_THROWS_WITH(parse_spec(doc), "data.shape: the first layer (conv2d) takes images: give data.shape \"images\" "
                                     "for MNIST's (28, 28, 1) (\"flat\" gives its 784 values)");
  doc["data"]["shape"] = "square";
  CHECK_THROWS_WITH(parse_spec(doc), "data.shape: must be one of flat|images, got \"square\"");
}

TEST_CASE("the expanded training set is each image and its four one-pixel shifts, made as batches are filled", "[cnn]") {
  use_build_data();
  data_spec spec;
  spec.name = "mnist";
  spec.images = true;
  spec.train_limit = 120;
  spec.validation_split = 1.0 / 6;
  spec.expand = true;
  const data_splits<double> d = load_data<double>(spec);
  REQUIRE(d.train->count() == 5 * 100);   // the 100 training images, not the 20 held out
  CHECK(d.validation->count() == 20);
  CHECK(d.test->count() == 10000);
  std::vector<double> image(784), shifted(784), y(10), y0(10);
  for (std::uint32_t i : {0u, 37u, 99u}) {
    const std::uint32_t original = 5 * i;
    d.train->fill(&original, 1, image.data(), y0.data());
    CHECK(d.train->labels()[original] == std::max_element(y0.begin(), y0.end()) - y0.begin());
    // expand_mnist.py: np.roll by +1 / -1 along rows, then columns; the row or column rolled in is zero
    const int dy[] = {1, -1, 0, 0}, dx[] = {0, 0, 1, -1};
    for (int k = 1; k <= 4; ++k) {
      const std::uint32_t idx = original + static_cast<std::uint32_t>(k);
      d.train->fill(&idx, 1, shifted.data(), y.data());
      CHECK(y == y0);
      CHECK(d.train->labels()[idx] == d.train->labels()[original]);
      int wrong = 0;
      for (int r = 0; r < 28; ++r)
        for (int c = 0; c < 28; ++c) {
          const int sr = r - dy[k - 1], sc = c - dx[k - 1];
          const double want = sr < 0 || sr > 27 || sc < 0 || sc > 27 ? 0.0 : image[static_cast<std::size_t>(sr * 28 + sc)];
          wrong += shifted[static_cast<std::size_t>(r * 28 + c)] != want;
        }
      CHECK(wrong == 0);
      CHECK(shifted != image);
    }
  }
  // the book's 250,000 images (50,000 and their shifts), 10,000 validation and 10,000 test digits
  auto e = make_experiment(spec_from_preset("mnist-cnn-book", {{"expand", "on"}}));
  CHECK(e->sets() == std::vector<std::pair<std::string, int>>{{"train", 250000}, {"validation", 10000}, {"test", 10000}});
  CHECK(e->steps_per_epoch() == 25000);
}

TEST_CASE("bad CNN knobs and runs too large are refused before anything is allocated, naming the knob", "[cnn]") {
  CHECK(refusal("mnist-cnn", {{"conv1_kernel", "10"}}) == "conv1_kernel: must be an integer in 1..9, got \"10\"");
  CHECK(refusal("mnist-cnn", {{"conv1_stride", "0"}}) == "conv1_stride: must be an integer in 1..9, got \"0\"");
  CHECK(refusal("mnist-cnn", {{"pool1", "median"}}) == "pool1: must be one of max|average|l2|none, got \"median\"");
  CHECK(refusal("mnist-cnn", {{"conv1_filters", "0"}}) ==
        "conv1_filters: must be up to 8 comma-separated integers in 1..4096, got \"0\"");
  CHECK(refusal("mnist-cnn", {{"conv_blocks", "3"}}) == "conv_blocks: model.cnn.use: must be an integer in 0..2, got 3");
  // a kernel larger than what reaches it
  CHECK(refusal("mnist-cnn", {{"conv2_kernel", "9"}}) ==
        "conv2_kernel: conv2d layer \"conv2d_2\" cannot take (6, 6, 64): its kernel 9x9 is larger than the input and "
        "padding 'valid' leaves nothing (padding 'same' or a smaller kernel would fit)");
  // a pool that shrinks the map to nothing
  CHECK_THAT(refusal("mnist-cnn", {{"pool2_size", "3"}}),
             Catch::StartsWith("pool2_size: max_pool layer \"max_pool_1\" cannot take (2, 2, 64): its pool 3x3"));
  // memory: 4096 maps of 28x28 for 128 digits
  CHECK_THAT(refusal("mnist-cnn", {{"conv1_filters", "4096"}}),
             Catch::StartsWith("conv1_filters: training needs about 5593 MB (parameters, optimizer state, activations "
                               "for batch 128), more than the 200 MB the engine allows"));
  CHECK_THAT(refusal("mnist-cnn", {{"batch_size", "60000"}, {"seed", "3"}}),
             Catch::StartsWith("batch_size: training needs about"));
  // each fits alone, not together
  CHECK(refusal("mnist-cnn", {{"conv1_filters", "64"}}) == "(accepted)");
  CHECK(refusal("mnist-cnn", {{"batch_size", "300"}}) == "(accepted)");
  CHECK_THAT(refusal("mnist-cnn", {{"conv1_filters", "64"}, {"batch_size", "300"}}),
             Catch::StartsWith("the knobs conv1_filters=64, batch_size=300 together: training needs about"));
  // the im2col scratch counts: the lecture's last conv unrolls 64 digits of 4 pixels x 3,200 values at a time
  const experiment_spec s = spec_from_preset("mnist-cnn", {});
  CHECK(plan_model({28, 28, 1}, s.layers).scratch == 784 * 25 + 3 * 100 * 800 + 8 * 36 * 1600 + 64 * 4 * 3200);
}

TEST_CASE("the lecture's CNN learns MNIST in one short epoch", "[cnn]") {
  use_build_data();
  auto e = make_experiment(spec_from_preset("mnist-cnn", {{"train_limit", "5000"}, {"epochs", "1"}}));
  CHECK(e->steps_per_epoch() == 40);   // ceil(5000 / 128)
  e->run(1000, nullptr);
  REQUIRE(e->done());
  const report& r = e->reports().back();
  // 40 Adam steps: measured 0.7991 / 0.557 (seed 1; seeds 2 and 3: 0.8985 / 0.327, 0.885 / 0.384); the
  // full epoch of 469 steps reaches 0.9837 (seed 1)
  CHECK(r["test_accuracy"] > 0.75);
  CHECK(r["test_loss"] < 0.7);
}

TEST_CASE("the CNN views: a digit's maps after each layer (checked by hand), the kernels, the summary", "[cnn]") {
  use_build_data();
  auto e = make_experiment(spec_from_preset("mnist-cnn", {{"train_limit", "512"}}));
  e->run(3, nullptr);   // weights moved off their initial values
  const view_data summary = serve_view(*e, "layers", {});
  CHECK(summary.shape == std::vector<int>{10, 4});
  std::string names;
  for (const auto& [name, index] : summary.meta) names += name + "=" + std::to_string(static_cast<int>(index)) + " ";
  CHECK(names == "conv2d_0=0 max_pool_0=1 conv2d_1=2 conv2d_2=3 conv2d_3=4 max_pool_1=5 flatten=6 dense_0=7 "
                 "dropout_0=8 dense_1=9 ");
  CHECK(std::vector<double>(summary.data.begin(), summary.data.begin() + 8) ==
        std::vector<double>{28, 28, 32, 832, 14, 14, 32, 0});
  CHECK(std::vector<double>(summary.data.begin() + 24, summary.data.begin() + 28) ==
        std::vector<double>{1, 1, 64, 0});   // flatten's (64) as (1, 1, 64)

  const view_data k0 = serve_view(*e, "kernels", {});
  CHECK(k0.shape == std::vector<int>{5, 5, 1, 32});
  CHECK(serve_view(*e, "kernels", {2}).shape == std::vector<int>{5, 5, 32, 64});
  CHECK_THROWS_WITH(serve_view(*e, "kernels", {1}), "kernels: layer 1 is not a conv2d layer (conv layers: 0, 2, 3, 4)");
  std::vector<double> params(e->param_count());
  e->copy_params(params.data());
  std::size_t bias_at = 0;
  for (const param_info& p : e->param_layout())
    if (p.name == "conv2d_0.bias") bias_at = p.offset;
  REQUIRE(bias_at == 800);   // after the 5·5·1·32 kernel

  // test digit 3's first feature map against relu(Σ x·W + b) with 'same' padding (2 zero rows and columns around)
  const std::vector<double> x = e->set_input_rows("test", 3, 1);
  const view_data maps = serve_view(*e, "feature_maps", {3, 0});
  REQUIRE(maps.shape == std::vector<int>{28, 28, 32});
  int checked = 0;
  for (int oy : {0, 13, 27})
    for (int ox : {0, 17, 27})
      for (int f : {0, 5, 31}) {
        double z = params[bias_at + static_cast<std::size_t>(f)];
        for (int ky = 0; ky < 5; ++ky)
          for (int kx = 0; kx < 5; ++kx) {
            const int iy = oy + ky - 2, ix = ox + kx - 2;
            if (iy >= 0 && iy < 28 && ix >= 0 && ix < 28)
              z += x[static_cast<std::size_t>(iy * 28 + ix)] * k0.data[static_cast<std::size_t>((ky * 5 + kx) * 32 + f)];
          }
        CHECK(maps.data[static_cast<std::size_t>((oy * 28 + ox) * 32 + f)] == Approx(std::max(z, 0.0)).margin(1e-6));
        ++checked;
      }
  CHECK(checked == 27);
  // the max-pool after it: each value the largest of its 2x2 window
  const view_data pooled = serve_view(*e, "feature_maps", {3, 1});
  REQUIRE(pooled.shape == std::vector<int>{14, 14, 32});
  for (int f : {0, 9}) {
    const auto at = [&](int y, int xx) { return maps.data[static_cast<std::size_t>((y * 28 + xx) * 32 + f)]; };
    CHECK(pooled.data[static_cast<std::size_t>((6 * 14 + 8) * 32 + f)] ==
          std::max({at(12, 16), at(12, 17), at(13, 16), at(13, 17)}));
  }
  // meta: the digit's true class and the network's answer; the output layer's map is its 10 probabilities
  const std::vector<std::uint8_t> truth = e->true_classes();
  const auto meta = [](const view_data& v, const std::string& key) {
    for (const auto& [k, value] : v.meta)
      if (k == key) return value;
    return -99.0;
  };
  CHECK(meta(maps, "label") == truth[3]);
  CHECK(meta(maps, "index") == 3);
  CHECK(meta(maps, "layers") == 10);
  CHECK(meta(maps, "H") == 28);
  CHECK(meta(maps, "C") == 32);
  const view_data out = serve_view(*e, "feature_maps", {3, 9});
  CHECK(out.shape == std::vector<int>{1, 1, 10});
  CHECK(std::accumulate(out.data.begin(), out.data.end(), 0.0) == Approx(1).epsilon(1e-6));
  const int best = static_cast<int>(std::max_element(out.data.begin(), out.data.end()) - out.data.begin());
  CHECK(meta(out, "predicted") == best);
  CHECK(meta(out, "probability") == out.data[static_cast<std::size_t>(best)]);
  CHECK(meta(out, "predicted") == e->predicted_classes()[3]);
  // a drawn digit: the pixels then the layer give what the index gave
  std::vector<double> drawn = x;
  drawn.push_back(0);
  const view_data same = serve_view(*e, "feature_maps", drawn);
  CHECK(same.data == maps.data);
  CHECK(meta(same, "index") == -1);
  CHECK(meta(same, "label") == -1);
  CHECK(serve_view(*e, "feature_maps", {}).shape == std::vector<int>{28, 28, 32});   // digit 0, layer 0
  CHECK_THROWS_WITH(serve_view(*e, "feature_maps", {3}),
                    "feature_maps: input must be [test index, layer] or the 784 input values then the layer, got 1 values");
  CHECK_THROWS_WITH(serve_view(*e, "feature_maps", {3, 10}), "feature_maps: the layer must be an integer in 0..9, got 10");
  CHECK_THROWS_WITH(serve_view(*e, "feature_maps", {10000, 0}),
                    "feature_maps: the test index must be an integer in 0..9999, got 10000");
  CHECK_THROWS_WITH(serve_view(*e, "feature_maps", {2.5, 0}),
                    "feature_maps: the test index must be an integer in 0..9999, got 2.5");
  // the digit itself, as the model takes it: test digit 3 is a 0 (and digit 0 a 7)
  const view_data d3 = serve_view(*e, "digit", {3});
  CHECK(d3.shape == std::vector<int>{28, 28, 1});
  CHECK(d3.data == x);
  CHECK(meta(d3, "index") == 3);
  CHECK(meta(d3, "label") == 0);
  CHECK(meta(d3, "count") == 10000);
  CHECK(meta(serve_view(*e, "digit", {}), "label") == 7);
  CHECK_THROWS_WITH(serve_view(*e, "digit", {10000}), "digit: the test index must be an integer in 0..9999, got 10000");
  CHECK_THROWS_WITH(serve_view(*e, "digit", {1, 2}), "digit: input must be [test index] or nothing (digit 0)");
  // the classifier's views, shared with the MNIST lab
  CHECK(serve_view(*e, "predicted", {}).shape == std::vector<int>{10000});
  const view_data confusion = serve_view(*e, "confusion", {});
  CHECK(confusion.shape == std::vector<int>{10, 10});
  CHECK(std::accumulate(confusion.data.begin(), confusion.data.end(), 0.0) == 10000);
}

TEST_CASE("a knob that breaks a shape is refused by the fit check alone, named as building names it", "[cnn]") {
  // what the page's knob check runs before replacing a run: no experiment is built
  use_build_data();
  CHECK_THROWS_WITH(check_fits_named(spec_from_preset("mnist-cnn", {{"train_limit", "256"}, {"conv2_kernel", "9"}})),
                    "conv2_kernel: conv2d layer \"conv2d_2\" cannot take (6, 6, 64): its kernel 9x9 is larger than the "
                    "input and padding 'valid' leaves nothing (padding 'same' or a smaller kernel would fit)");
  CHECK_NOTHROW(check_fits_named(spec_from_preset("mnist-cnn", {{"train_limit", "256"}, {"conv2_kernel", "3"}})));
}
