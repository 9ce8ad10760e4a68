// Image data files (engine/data/dataset_file.h): small files built here, each
// corruption and the message it gets; then the real MNIST test file when
// build/data holds it (npm run build runs datasets/prepare-mnist.mjs).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "engine/data/dataset_file.h"
#include "engine/spec/spec.h"

using namespace synapse;

namespace {

using bytes = std::vector<std::uint8_t>;

void put_u32(bytes& b, std::size_t at, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) b[at + k] = static_cast<std::uint8_t>(v >> (8 * k));
}

// Header fields as offsets (datasets/README.md).
enum : std::size_t { at_version = 4, at_kind = 8, at_count = 12, at_rows = 16, at_cols = 20,
                     at_classes = 24, at_hash = 28 };

void rehash(bytes& b) { put_u32(b, at_hash, fnv1a32(b.data() + 32, b.size() - 32)); }

// A valid file: pixel k of image i is (i * 31 + k) % 256, label i is i % classes.
bytes make_file(int count, int rows, int cols, int classes) {
  const std::size_t pixels = static_cast<std::size_t>(count) * rows * cols;
  bytes b(32 + pixels + count);
  b[0] = 'S', b[1] = 'Y', b[2] = 'N', b[3] = 'D';
  put_u32(b, at_version, 1);
  put_u32(b, at_kind, 1);
  put_u32(b, at_count, count);
  put_u32(b, at_rows, rows);
  put_u32(b, at_cols, cols);
  put_u32(b, at_classes, classes);
  for (int i = 0; i < count; ++i)
    for (int k = 0; k < rows * cols; ++k)
      b[32 + static_cast<std::size_t>(i) * rows * cols + k] = static_cast<std::uint8_t>((i * 31 + k) % 256);
  for (int i = 0; i < count; ++i) b[32 + pixels + i] = static_cast<std::uint8_t>(i % classes);
  rehash(b);
  return b;
}

std::string error_of(const bytes& b, const std::string& name = "digits.bin") {
  try {
    parse_image_set(name, b.data(), b.size());
  } catch (const spec_error& e) {
    return e.what();
  }
  return "(no error)";
}

// Under build/, one name per build so native and WASM runs never share a file.
std::string temp_path(const char* leaf) {
#ifdef __EMSCRIPTEN__
  const char* which = "wasm-";
#else
  const char* which = "native-";
#endif
  return std::string(SYNAPSE_SOURCE_DIR) + "/build/" + which + leaf;
}

}  // namespace

TEST_CASE("fnv1a32 has the reference values", "[data]") {
  CHECK(fnv1a32(nullptr, 0) == 2166136261u);   // the offset basis
  const std::uint8_t a[] = {'a'}, foobar[] = {'f', 'o', 'o', 'b', 'a', 'r'};
  CHECK(fnv1a32(a, 1) == 0xe40c292cu);
  CHECK(fnv1a32(foobar, 6) == 0xbf9cf968u);
  CHECK(fnv1a32(foobar + 3, 3, fnv1a32(foobar, 3)) == 0xbf9cf968u);   // continues
}

TEST_CASE("a valid image file parses", "[data]") {
  const bytes b = make_file(5, 3, 4, 3);
  const image_set s = parse_image_set("digits.bin", b.data(), b.size());
  CHECK(s.name == "digits.bin");
  CHECK(s.count == 5);
  CHECK(s.rows == 3);
  CHECK(s.cols == 4);
  CHECK(s.classes == 3);
  REQUIRE(s.pixels.size() == 60);   // 5 * 3 * 4
  REQUIRE(s.labels.size() == 5);
  CHECK(s.image(0)[0] == 0);
  CHECK(s.image(2)[5] == 67);       // 2 * 31 + 5
  CHECK(s.image(4)[11] == 135);     // 4 * 31 + 11
  CHECK(s.image(4) + 12 == s.pixels.data() + s.pixels.size());
  CHECK(s.labels == bytes{0, 1, 2, 0, 1});
}

TEST_CASE("each corruption of an image file is named", "[data]") {
  const bytes good = make_file(5, 3, 4, 3);   // 32 + 60 + 5 = 97 bytes

  SECTION("truncated") {
    bytes b = good;
    b.resize(90);
    CHECK(error_of(b) == "digits.bin: too short: 90 bytes, the header says 97");
    b.resize(10);
    CHECK(error_of(b) == "digits.bin: too short: 10 bytes, a header alone takes 32");
    CHECK(error_of(bytes{}) == "digits.bin: too short: 0 bytes, a header alone takes 32");
  }
  SECTION("wrong magic") {
    bytes b = good;
    b[3] = 'X';
    CHECK(error_of(b) == "digits.bin: bad magic \"SYNX\" (expected \"SYND\"; not a Synapse data file)");
    b[0] = 0x89;
    CHECK_THAT(error_of(b), Catch::StartsWith("digits.bin: bad magic \"\\x89YNX\""));
  }
  SECTION("wrong version or kind") {
    bytes b = good;
    put_u32(b, at_version, 2);
    CHECK(error_of(b) == "digits.bin: unsupported version 2 (this engine reads version 1)");
    b = good;
    put_u32(b, at_kind, 2);
    CHECK_THAT(error_of(b), Catch::StartsWith("digits.bin: unsupported kind 2"));
  }
  SECTION("count does not match the payload") {
    bytes b = good;
    put_u32(b, at_count, 4);   // 4 images of 3x4 and labels: 52 bytes, the file has 65
    CHECK(error_of(b) == "digits.bin: count 4 does not match the payload: 4 images of 3x4 and their "
                         "labels take 52 bytes, the file has 65");
    put_u32(b, at_count, 6);
    CHECK(error_of(b) == "digits.bin: too short: 97 bytes, the header says 110");   // 32 + 6*13
    put_u32(b, at_count, 0);
    CHECK(error_of(b) == "digits.bin: count is 0: the file holds no images");
  }
  SECTION("a flipped payload byte breaks the hash") {
    bytes b = good;
    b[40] ^= 0x01;
    CHECK_THAT(error_of(b), Catch::StartsWith("digits.bin: payload hash mismatch (corrupt file): the header says 0x"));
    b = good;
    b.back() ^= 0x01;   // a label
    CHECK_THAT(error_of(b), Catch::Contains("payload hash mismatch"));
  }
  SECTION("a label not below classes") {
    bytes b = good;
    b[32 + 60 + 3] = 12;
    rehash(b);   // the hash is right: the writer was wrong
    CHECK(error_of(b) == "digits.bin: label 12 at index 3 is not below classes 3");
  }
  SECTION("absurd dimensions are refused before allocating") {
    bytes b = good;
    put_u32(b, at_count, 100000);
    put_u32(b, at_rows, 1000);
    put_u32(b, at_cols, 1000);
    CHECK(error_of(b) == "digits.bin: absurd header: 100000 images of 1000x1000 pixels would take "
                         "2^31 bytes or more");
    put_u32(b, at_count, 1);
    put_u32(b, at_rows, 0xffffffffu);
    put_u32(b, at_cols, 0xffffffffu);   // the product of two fields alone overflows 32 bits
    CHECK_THAT(error_of(b), Catch::Contains("absurd header: 1 images of 4294967295x4294967295"));
    put_u32(b, at_count, 65536);
    put_u32(b, at_rows, 128);
    put_u32(b, at_cols, 256);            // exactly 2^31: one past the limit
    CHECK_THAT(error_of(b), Catch::Contains("absurd header"));
    put_u32(b, at_rows, 0);
    CHECK(error_of(b) == "digits.bin: image size 0x256 has no pixels");
  }
  SECTION("classes out of range") {
    bytes b = good;
    put_u32(b, at_classes, 0);
    CHECK(error_of(b) == "digits.bin: classes 0 is not in 1..256");
    put_u32(b, at_classes, 257);
    CHECK(error_of(b) == "digits.bin: classes 257 is not in 1..256");
  }
}

TEST_CASE("load_image_set reads a file and names its path", "[data]") {
  const std::string path = temp_path("test_dataset_file.bin");
  bytes b = make_file(7, 2, 2, 10);
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
  const image_set s = load_image_set(path);
  CHECK(s.name == path.substr(path.find_last_of('/') + 1));
  CHECK(s.count == 7);
  CHECK(s.image(6)[3] == (6 * 31 + 3) % 256);
  CHECK(s.labels[6] == 6);

  b[33] ^= 0xff;
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()) - 1);
  }
  try {
    load_image_set(path);
    FAIL("a truncated file loaded");
  } catch (const spec_error& e) {
    CHECK(std::string(e.what()) == path + ": too short: 66 bytes, the header says 67");   // 32 + 7*2*2 + 7
  }
  std::remove(path.c_str());

  const std::string missing = temp_path("no-such-file.bin");
  try {
    load_image_set(missing);
    FAIL("a missing file loaded");
  } catch (const spec_error& e) {
    CHECK(std::string(e.what()) == "cannot read " + missing + ": No such file or directory");
  }
}

TEST_CASE("the prepared MNIST test file", "[data]") {
  const std::string path = std::string(SYNAPSE_SOURCE_DIR) + "/build/data/mnist-test.bin";
  if (!std::ifstream(path).good()) {
    WARN("skipped: " << path << " is missing (npm run build or node datasets/prepare-mnist.mjs makes it)");
    return;
  }
  const image_set s = load_image_set(path);
  CHECK(s.name == "mnist-test.bin");
  CHECK(s.count == 10000);
  CHECK(s.rows == 28);
  CHECK(s.cols == 28);
  CHECK(s.classes == 10);
  CHECK(s.labels[0] == 7);   // MNIST's first test digit is a 7
  const std::set<int> seen(s.labels.begin(), s.labels.end());
  CHECK(seen == std::set<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  // The corners of a centred digit are blank.
  CHECK(s.image(0)[0] == 0);
  CHECK(s.image(9999)[28 * 28 - 1] == 0);
}

#include "engine/data/data_store.h"
#include "engine/data/dataset.h"

namespace {

// Batch conversion of files handed over as bytes (the browser's way in), 5x7 images:
// 35 pixels a row, so the conversion's 4-pixel blocks leave a tail of 3.
template <class T>
void check_fill(const std::string& scale) {
  const int count = 12, rows = 5, cols = 7, classes = 10;
  bytes file = make_file(count, rows, cols, classes);
  for (int k = 0; k < 256; ++k) file[32 + k] = static_cast<std::uint8_t>(k);   // every byte value
  rehash(file);
  for (const char* name : {"mnist-train.bin", "mnist-test.bin"}) {
    std::vector<std::uint8_t>& to = provide_data_file(name, file.size());
    std::copy(file.begin(), file.end(), to.begin());
  }
  data_spec spec;
  spec.name = "mnist";
  spec.scale = scale;
  const data_splits<T> d = load_data<T>(spec);
  const image_set s = parse_image_set("copy", file.data(), file.size());
  const int w = rows * cols;
  REQUIRE(d.train->x_width() == w);
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
      const T want = static_cast<T>(s.image(static_cast<int>(idx[r]))[k]) * sc + off;
      const T got = x[static_cast<std::size_t>(r) * w + k];
      differ += std::memcmp(&want, &got, sizeof(T)) != 0;
    }
    for (int c = 0; c < classes; ++c)
      CHECK(y[static_cast<std::size_t>(r) * classes + c] == (c == s.labels[idx[r]] ? T(1) : T(0)));
  }
  CHECK(differ == 0);
  CHECK(x.back() == T(-5));   // nothing past the batch
}

}  // namespace

TEST_CASE("batches convert pixels with the scalar formula's bits", "[data]") {
  const std::string dir = data_dir();
  check_fill<float>("unit");
  check_fill<float>("symmetric");
  check_fill<double>("unit");
  check_fill<double>("symmetric");
  set_data_dir(dir);   // forget the small files: later tests read the real ones
}
