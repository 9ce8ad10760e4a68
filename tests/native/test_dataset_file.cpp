// Data files, format version 2 (engine/data/dataset_file.h): small files built
// here byte by byte, each corruption and the message it gets; float series
// written and read back; train and test parts checked against each other;
// then the real MNIST test file when build/data holds it (npm run build).
// The store and the mnist data set built on these files: test_data_store.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
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
std::uint32_t get_u32(const bytes& b, std::size_t at) {
  return std::uint32_t(b[at]) | std::uint32_t(b[at + 1]) << 8 | std::uint32_t(b[at + 2]) << 16 |
         std::uint32_t(b[at + 3]) << 24;
}

// Header fields as offsets (datasets/README.md); dims[k] at at_dims + 4k.
enum : std::size_t { at_version = 4, at_dtype = 8, at_rank = 12, at_dims = 16, at_classes = 36,
                     at_payload_bytes = 40, at_payload_hash = 48, at_header_hash = 52, header = 56 };

// A writer's header hash over bytes 0..51: what an edit made by a buggy writer
// (not by corruption) looks like.
void rehash_header(bytes& b) { put_u32(b, at_header_hash, fnv1a32(b.data(), at_header_hash)); }
void rehash(bytes& b) {
  put_u32(b, at_payload_hash, fnv1a32(b.data() + header, b.size() - header));
  rehash_header(b);
}

// A valid u8 image file: pixel k of image i is (i * 31 + k) % 256, label i is i % classes.
bytes make_file(int count, int rows, int cols, int classes) {
  const std::size_t pixels = static_cast<std::size_t>(count) * rows * cols;
  bytes b(header + pixels + count);
  b[0] = 'S', b[1] = 'Y', b[2] = 'N', b[3] = 'D';
  put_u32(b, at_version, 2);
  put_u32(b, at_dtype, 1);
  put_u32(b, at_rank, 3);
  put_u32(b, at_dims, count);
  put_u32(b, at_dims + 4, rows);
  put_u32(b, at_dims + 8, cols);
  put_u32(b, at_classes, classes);
  put_u32(b, at_payload_bytes, static_cast<std::uint32_t>(pixels + count));   // high half stays 0
  for (int i = 0; i < count; ++i)
    for (int k = 0; k < rows * cols; ++k)
      b[header + static_cast<std::size_t>(i) * rows * cols + k] = static_cast<std::uint8_t>((i * 31 + k) % 256);
  for (int i = 0; i < count; ++i) b[header + pixels + i] = static_cast<std::uint8_t>(i % classes);
  rehash(b);
  return b;
}

std::string error_of(const bytes& b, const std::string& name = "digits.bin") {
  try {
    parse_data_file(name, b.data(), b.size());
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

// The first months of the airline series as an f32 file, (n, 1), no labels.
data_file airline(int n) {
  const float months[] = {112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118};
  data_file f;
  f.name = "airline.bin";
  f.type = dtype::f32;
  f.dims = {n, 1};
  f.values.resize(static_cast<std::size_t>(n) * 4);
  std::memcpy(f.values.data(), months, f.values.size());
  return f;
}

}  // namespace

TEST_CASE("data file: fnv1a32 has the reference values", "[data]") {
  CHECK(fnv1a32(nullptr, 0) == 2166136261u);   // the offset basis
  const std::uint8_t a[] = {'a'}, foobar[] = {'f', 'o', 'o', 'b', 'a', 'r'};
  CHECK(fnv1a32(a, 1) == 0xe40c292cu);
  CHECK(fnv1a32(foobar, 6) == 0xbf9cf968u);
  CHECK(fnv1a32(foobar + 3, 3, fnv1a32(foobar, 3)) == 0xbf9cf968u);   // continues
}

TEST_CASE("data file: a valid image file parses", "[data]") {
  const bytes b = make_file(5, 3, 4, 3);
  const data_file f = parse_data_file("digits.bin", b.data(), b.size());
  CHECK(f.name == "digits.bin");
  CHECK(f.type == dtype::u8);
  CHECK(f.dims == std::vector<int>{5, 3, 4});
  CHECK(f.shape() == "(5, 3, 4)");
  CHECK(f.shape(1) == "(3, 4)");
  CHECK(f.count() == 5);
  CHECK(f.example_size() == 12);
  CHECK(f.classes == 3);
  REQUIRE(f.values.size() == 60);   // 5 * 3 * 4
  REQUIRE(f.labels.size() == 5);
  CHECK(f.example(0)[0] == 0);
  CHECK(f.example(2)[5] == 67);     // 2 * 31 + 5
  CHECK(f.example(4)[11] == 135);   // 4 * 31 + 11
  CHECK(f.value(4 * 12 + 11) == 135.0);
  CHECK(f.example(4) + 12 == f.values.data() + f.values.size());
  CHECK(f.labels == bytes{0, 1, 2, 0, 1});
  CHECK_NOTHROW(require_images(f));
  CHECK(encode_data_file(f) == b);   // the engine's writer makes the same bytes
}

TEST_CASE("data file: each corruption is named", "[data]") {
  const bytes good = make_file(5, 3, 4, 3);   // 56 + 60 + 5 = 121 bytes

  SECTION("truncated") {
    bytes b = good;
    b.resize(110);
    CHECK(error_of(b) == "digits.bin: too short: 110 bytes, the header says 121");
    b.resize(40);
    CHECK(error_of(b) == "digits.bin: too short: 40 bytes, a header alone takes 56");
    CHECK(error_of(bytes{}) == "digits.bin: too short: 0 bytes, a header alone takes 56");
    b = good;
    b.push_back(0);
    CHECK(error_of(b) == "digits.bin: too long: 122 bytes, the header says 121 (u8 (5, 3, 4) and 5 labels)");
  }
  SECTION("wrong magic") {
    bytes b = good;
    b[3] = 'X';
    CHECK(error_of(b) == "digits.bin: bad magic \"SYNX\" (expected \"SYND\"; not a Synapse data file)");
    b[0] = 0x89;
    CHECK_THAT(error_of(b), Catch::StartsWith("digits.bin: bad magic \"\\x89YNX\""));
  }
  SECTION("a version-1 file, or one from the future") {
    bytes b = good;
    put_u32(b, at_version, 1);
    CHECK(error_of(b) == "digits.bin: unsupported version 1 (this engine reads version 2; npm run build "
                         "remakes the data files)");
    b.resize(40);   // a short version-1 file still says what it is
    CHECK_THAT(error_of(b), Catch::StartsWith("digits.bin: unsupported version 1"));
    put_u32(b, at_version, 3);
    CHECK_THAT(error_of(b), Catch::StartsWith("digits.bin: unsupported version 3"));
  }
  SECTION("an edited header byte breaks the header hash") {
    bytes b = good;
    put_u32(b, at_classes, 4);   // still a consistent header: only the hash can tell
    CHECK_THAT(error_of(b), Catch::StartsWith("digits.bin: header hash mismatch (corrupt header): the header "
                                              "says 0x"));
    b = good;
    b[at_dims + 4] = 4;          // rows 3 -> 4
    CHECK_THAT(error_of(b), Catch::Contains("header hash mismatch"));
    b = good;
    b[at_payload_hash] ^= 0x10;  // the payload hash is part of the header
    CHECK_THAT(error_of(b), Catch::Contains("header hash mismatch"));
  }
  SECTION("dtype, rank, dims and classes") {
    auto with = [&](std::size_t at, std::uint32_t v) {
      bytes b = good;
      put_u32(b, at, v);
      rehash_header(b);
      return error_of(b);
    };
    CHECK(with(at_dtype, 7) == "digits.bin: unsupported dtype 7 (this engine reads 1 = u8, 2 = f32, 3 = f64)");
    CHECK(with(at_dtype, 0) == "digits.bin: unsupported dtype 0 (this engine reads 1 = u8, 2 = f32, 3 = f64)");
    CHECK(with(at_rank, 0) == "digits.bin: rank 0 is not in 1..5");
    CHECK(with(at_rank, 6) == "digits.bin: rank 6 is not in 1..5");
    CHECK(with(at_rank, 2) == "digits.bin: dims[2] is 4, but rank 2 leaves it unused (it must be 0)");
    CHECK(with(at_dims + 16, 1) == "digits.bin: dims[4] is 1, but rank 3 leaves it unused (it must be 0)");
    CHECK(with(at_dims, 0) == "digits.bin: dims[0] (count) is 0: the file holds no examples");
    CHECK(with(at_dims + 8, 0) == "digits.bin: dims[2] is 0: an example holds no values");
    CHECK(with(at_classes, 257) == "digits.bin: classes 257 is not in 0..256 (0: no labels)");
  }
  SECTION("the shape does not match the payload size") {
    bytes b = good;
    put_u32(b, at_dims, 4);   // 4 images of 3x4 and labels: 52 bytes; payload_bytes says 65
    rehash_header(b);
    CHECK(error_of(b) == "digits.bin: payload_bytes 65 does not match the shape: u8 (4, 3, 4) and 4 labels "
                         "take 52 bytes");
    put_u32(b, at_payload_bytes, 52);   // consistent, but the file holds 65 bytes of payload
    rehash_header(b);
    CHECK(error_of(b) == "digits.bin: too long: 121 bytes, the header says 108 (u8 (4, 3, 4) and 4 labels)");
    put_u32(b, at_dims, 6);
    put_u32(b, at_payload_bytes, 78);
    rehash_header(b);
    CHECK(error_of(b) == "digits.bin: too short: 121 bytes, the header says 134");
    b = good;
    put_u32(b, at_dtype, 2);   // f32: 240 bytes of values where 60 are
    rehash_header(b);
    CHECK(error_of(b) == "digits.bin: payload_bytes 65 does not match the shape: f32 (5, 3, 4) and 5 labels "
                         "take 245 bytes");
    b = good;
    put_u32(b, at_payload_bytes + 4, 1);   // the high half: 2^32 + 65
    rehash_header(b);
    CHECK_THAT(error_of(b), Catch::StartsWith("digits.bin: payload_bytes 4294967361 does not match"));
  }
  SECTION("absurd dimensions are refused before allocating") {
    bytes b = good;
    put_u32(b, at_dims, 100000);
    put_u32(b, at_dims + 4, 1000);
    put_u32(b, at_dims + 8, 1000);
    rehash_header(b);
    CHECK(error_of(b) == "digits.bin: absurd header: u8 (100000, 1000, 1000) would take 2^31 bytes or more");
    put_u32(b, at_dims, 0xffffffffu);
    put_u32(b, at_dims + 4, 0xffffffffu);
    put_u32(b, at_dims + 8, 0xffffffffu);   // each product checked before the next factor
    rehash_header(b);
    CHECK_THAT(error_of(b), Catch::Contains("absurd header: u8 (4294967295, 4294967295, 4294967295)"));
    put_u32(b, at_dims, 65536);
    put_u32(b, at_dims + 4, 128);
    put_u32(b, at_dims + 8, 256);            // exactly 2^31 bytes of pixels: one past the limit
    rehash_header(b);
    CHECK_THAT(error_of(b), Catch::Contains("absurd header"));
    put_u32(b, at_dims + 8, 255);            // 2^31 - 2^23 pixels, plus 65536 labels: fits
    put_u32(b, at_dtype, 2);                 // but not as f32
    rehash_header(b);
    CHECK(error_of(b) == "digits.bin: absurd header: f32 (65536, 128, 255) would take 2^31 bytes or more");
  }
  SECTION("a flipped payload byte breaks the payload hash") {
    bytes b = good;
    b[header + 8] ^= 0x01;
    CHECK_THAT(error_of(b), Catch::StartsWith("digits.bin: payload hash mismatch (corrupt file): the header "
                                              "says 0x"));
    b = good;
    b.back() ^= 0x01;   // a label
    CHECK_THAT(error_of(b), Catch::Contains("payload hash mismatch"));
  }
  SECTION("a label not below classes") {
    bytes b = good;
    b[header + 60 + 3] = 12;
    rehash(b);   // the hashes are right: the writer was wrong
    CHECK(error_of(b) == "digits.bin: label 12 at index 3 is not below classes 3");
  }
  SECTION("a float that is not finite") {
    data_file f = airline(4);
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    std::memcpy(f.values.data() + 8, &nan, 4);
    bytes b = encode_data_file(f);   // the writer takes any values
    CHECK(error_of(b, "air.bin") == "air.bin: f32 value nan at index 2 (example 2) is not finite");
    std::memcpy(f.values.data() + 8, &inf, 4);
    b = encode_data_file(f);
    CHECK(error_of(b, "air.bin") == "air.bin: f32 value inf at index 2 (example 2) is not finite");
  }
}

TEST_CASE("data file: a float32 series round-trips", "[data]") {
  const data_file f = airline(12);
  const bytes b = encode_data_file(f);
  CHECK(b.size() == 56 + 12 * 4);
  CHECK(get_u32(b, at_dtype) == 2);
  CHECK(get_u32(b, at_rank) == 2);
  CHECK(get_u32(b, at_classes) == 0);
  CHECK(get_u32(b, at_header_hash) == fnv1a32(b.data(), 52));
  const data_file g = parse_data_file("airline.bin", b.data(), b.size());
  CHECK(g.type == dtype::f32);
  CHECK(g.shape() == "(12, 1)");
  CHECK(g.labels.empty());
  CHECK(g.values == f.values);
  CHECK(g.value(0) == 112.0);
  CHECK(g.value(11) == 118.0);
  CHECK_THROWS_WITH(require_images(g), "airline.bin: holds f32 (12, 1), no labels; expected u8 images "
                                       "(count, rows, cols) with labels");

  // The same three months as datasets/synd.mjs writes them (tests/js/datasets.test.mjs
  // holds the same hex): both writers make these bytes, and this reader reads them.
  const char* from_js =
      "53594e440200000002000000020000000300000001000000000000000000000000000000000000000c0000000000"
      "00006471e8d52fb8019c0000e0420000ec4200000443";
  bytes js;
  for (const char* p = from_js; *p; p += 2) js.push_back(static_cast<std::uint8_t>(std::stoi(std::string(p, 2), nullptr, 16)));
  CHECK(encode_data_file(airline(3)) == js);
  CHECK(parse_data_file("js.bin", js.data(), js.size()).value(2) == 132.0);

  data_file d;   // f64, rank 1: (3)
  d.name = "f64.bin";
  d.type = dtype::f64;
  d.dims = {3};
  const double v[] = {0.1, -2.5e300, 1.0 / 3};
  d.values.resize(sizeof v);
  std::memcpy(d.values.data(), v, sizeof v);
  const bytes e = encode_data_file(d);
  const data_file back = parse_data_file("f64.bin", e.data(), e.size());
  CHECK(back.shape() == "(3)");
  CHECK(back.example_size() == 1);
  CHECK(back.value(1) == -2.5e300);
  CHECK(back.value(2) == 1.0 / 3);

  d.values.pop_back();
  CHECK_THROWS_WITH(encode_data_file(d), "f64.bin: the shape says f64 (3) (24 bytes), given 23 bytes of "
                                         "values and 0 labels");
}

TEST_CASE("data file: the parts of a data set must agree", "[data]") {
  const bytes a = make_file(5, 3, 4, 3);
  const data_file train = parse_data_file("train.bin", a.data(), a.size());
  const bytes b = make_file(2, 3, 4, 3);
  CHECK_NOTHROW(check_parts_agree(train, parse_data_file("test.bin", b.data(), b.size())));   // counts may differ
  const bytes c = make_file(2, 4, 3, 3);
  CHECK_THROWS_WITH(check_parts_agree(train, parse_data_file("test.bin", c.data(), c.size())),
                    "train.bin and test.bin disagree on the shape of an example: (3, 4) and (4, 3) (the files "
                    "hold (5, 3, 4) and (2, 4, 3))");
  const bytes d = make_file(2, 3, 4, 4);
  CHECK_THROWS_WITH(check_parts_agree(train, parse_data_file("test.bin", d.data(), d.size())),
                    "train.bin and test.bin disagree on classes: 3 and 4");
  CHECK_THROWS_WITH(check_parts_agree(train, airline(5)), "train.bin and airline.bin disagree on dtype: u8 and f32");
  data_file flat = train;   // the same bytes as (5, 12)
  flat.dims = {5, 12};
  CHECK_THROWS_WITH(check_parts_agree(train, flat), Catch::Contains("disagree on the shape of an example: (3, 4) and (12)"));
}

TEST_CASE("data file: load_data_file reads a file and names its path", "[data]") {
  const std::string path = temp_path("test_dataset_file.bin");
  bytes b = make_file(7, 2, 2, 10);
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
  const data_file f = load_data_file(path);
  CHECK(f.name == path.substr(path.find_last_of('/') + 1));
  CHECK(f.count() == 7);
  CHECK(f.example(6)[3] == (6 * 31 + 3) % 256);
  CHECK(f.labels[6] == 6);

  b[at_classes] = 9;   // a header edit on disk
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()) - 1);
  }
  CHECK_THROWS_WITH(load_data_file(path), Catch::StartsWith(path + ": header hash mismatch"));
  b[at_classes] = 10;
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()) - 1);
  }
  CHECK_THROWS_WITH(load_data_file(path), path + ": too short: 90 bytes, the header says 91");   // 56 + 7*5
  {
    std::ofstream out(path, std::ios::binary);
    out.write("SYND\1\0\0\0", 8);   // a version-1 file's start, shorter than a header
  }
  CHECK_THROWS_WITH(load_data_file(path), Catch::StartsWith(path + ": unsupported version 1"));
  std::remove(path.c_str());

  const std::string missing = temp_path("no-such-file.bin");
  CHECK_THROWS_WITH(load_data_file(missing), "cannot read " + missing + ": no such file or directory");
}

TEST_CASE("data file: the prepared MNIST test file", "[data]") {
  const std::string path = std::string(SYNAPSE_SOURCE_DIR) + "/build/data/mnist-test.bin";
  if (!std::ifstream(path).good()) {
    WARN("skipped: " << path << " is missing (npm run build or node datasets/prepare-mnist.mjs makes it)");
    return;
  }
  const data_file f = load_data_file(path);
  CHECK(f.name == "mnist-test.bin");
  CHECK(f.type == dtype::u8);
  CHECK(f.shape() == "(10000, 28, 28)");
  CHECK(f.classes == 10);
  CHECK(f.labels[0] == 7);   // MNIST's first test digit is a 7
  const std::set<int> seen(f.labels.begin(), f.labels.end());
  CHECK(seen == std::set<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  // The corners of a centred digit are blank.
  CHECK(f.example(0)[0] == 0);
  CHECK(f.example(9999)[28 * 28 - 1] == 0);
}
