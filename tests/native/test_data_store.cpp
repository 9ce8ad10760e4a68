// The data store (engine/data/data_store.h) and the mnist data set built on
// its files (engine/data/synthetic.cpp): files handed over as bytes (the
// browser's way in), batch conversion, and the refusals that come before
// anything is sized: a file that is not images, train and test that disagree.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "engine/data/data_store.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_file.h"
#include "engine/spec/spec.h"

using namespace synapse;

namespace {

using bytes = std::vector<std::uint8_t>;

// Labelled u8 images (count, rows, cols) through the engine's writer: pixel k
// of image i is (i * 31 + k) % 256, label i is i % classes.
bytes images(int count, int rows, int cols, int classes) {
  data_file f;
  f.name = "images.bin";
  f.dims = {count, rows, cols};
  f.classes = classes;
  for (int i = 0; i < count; ++i) {
    for (int k = 0; k < rows * cols; ++k) f.values.push_back(static_cast<std::uint8_t>((i * 31 + k) % 256));
    f.labels.push_back(static_cast<std::uint8_t>(i % classes));
  }
  return encode_data_file(f);
}

void provide(const std::string& name, const bytes& file) {
  std::vector<std::uint8_t>& to = provide_data_file(name, file.size());
  std::copy(file.begin(), file.end(), to.begin());
}

std::string mnist_error(const bytes& train, const bytes& test) {
  provide("mnist-train.bin", train);
  provide("mnist-test.bin", test);
  data_spec spec;
  spec.name = "mnist";
  try {
    load_data<float>(spec);
  } catch (const spec_error& e) {
    return e.what();
  }
  return "(no error)";
}

// Batch conversion, 5x7 images: 35 pixels a row, so the conversion's 4-pixel
// blocks leave a tail of 3.
template <class T>
void check_fill(const std::string& scale) {
  const int count = 12, rows = 5, cols = 7, classes = 10;
  const bytes base = images(count, rows, cols, classes);
  data_file src = parse_data_file("src", base.data(), base.size());
  for (int k = 0; k < 256; ++k) src.values[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(k);   // every byte value
  const bytes file = encode_data_file(src);
  provide("mnist-train.bin", file);
  provide("mnist-test.bin", file);
  data_spec spec;
  spec.name = "mnist";
  spec.scale = scale;
  const data_splits<T> d = load_data<T>(spec);
  const int w = rows * cols;
  REQUIRE(d.train->x_width() == w);
  REQUIRE(d.train->y_width() == classes);
  REQUIRE(d.test->count() == count);
  const std::uint32_t idx[] = {11, 0, 7, 7, 3, 10, 1, 8, 2, 4, 5, 6};   // any order, repeats
  const int n = 12;
  std::vector<T> x(static_cast<std::size_t>(n) * w + 1, T(-5)), y(static_cast<std::size_t>(n) * classes);
  d.train->fill(idx, n, x.data(), y.data());
  // The scalar formula of image_range: p * scale + offset, scale and offset in T.
  const bool symmetric = scale == "symmetric";
  const T sc = symmetric ? T(1) / T(127.5) : T(1) / T(255), off = symmetric ? T(-1) : T(0);
  int differ = 0;
  for (int r = 0; r < n; ++r) {
    for (int k = 0; k < w; ++k) {
      const T want = static_cast<T>(src.example(static_cast<int>(idx[r]))[k]) * sc + off;
      const T got = x[static_cast<std::size_t>(r) * w + k];
      differ += std::memcmp(&want, &got, sizeof(T)) != 0;
    }
    for (int c = 0; c < classes; ++c)
      CHECK(y[static_cast<std::size_t>(r) * classes + c] == (c == src.labels[idx[r]] ? T(1) : T(0)));
  }
  CHECK(differ == 0);
  CHECK(x.back() == T(-5));   // nothing past the batch
}

}  // namespace

TEST_CASE("data store: batches convert pixels with the scalar formula's bits", "[data]") {
  const std::string dir = data_dir();
  check_fill<float>("unit");
  check_fill<float>("symmetric");
  check_fill<double>("unit");
  check_fill<double>("symmetric");
  set_data_dir(dir);   // forget the small files: later tests read the real ones
}

TEST_CASE("data store: mnist's train and test files must agree before anything is sized", "[data]") {
  const std::string dir = data_dir();
  const bytes train = images(6, 4, 4, 10);
  CHECK(mnist_error(train, images(3, 4, 4, 10)) == "(no error)");
  CHECK(mnist_error(train, images(3, 4, 5, 10)) ==
        "mnist-train.bin and mnist-test.bin disagree on the shape of an example: (4, 4) and (4, 5) (the files "
        "hold (6, 4, 4) and (3, 4, 5))");
  CHECK(mnist_error(train, images(3, 4, 4, 9)) == "mnist-train.bin and mnist-test.bin disagree on classes: 10 and 9");

  data_file series;   // not images at all
  series.name = "series.bin";
  series.type = dtype::f32;
  series.dims = {3, 1};
  series.values.assign(12, 0);
  CHECK(mnist_error(train, encode_data_file(series)) ==
        "mnist-test.bin: holds f32 (3, 1), no labels; expected u8 images (count, rows, cols) with labels");

  bytes corrupt = images(3, 4, 4, 10);
  corrupt[36] = 11;   // classes, edited without the header hash
  CHECK_THAT(mnist_error(train, corrupt), Catch::StartsWith("mnist-test.bin: header hash mismatch"));
  CHECK(mnist_error(train, train) == "(no error)");   // the refused bytes are replaced, not left for later tests
  set_data_dir(dir);
}

TEST_CASE("data store: a file handed over again replaces the parsed one", "[data]") {
  const std::string dir = data_dir();
  provide("a.bin", images(2, 2, 2, 3));
  const auto first = open_data_file("a.bin");
  CHECK(open_data_file("a.bin") == first);   // kept, not parsed again
  provide("a.bin", images(4, 2, 2, 3));
  const auto second = open_data_file("a.bin");
  CHECK(second->count() == 4);
  CHECK(first->count() == 2);   // a holder of the old one still has it
  set_data_dir(dir);
}
