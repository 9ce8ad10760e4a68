// data/dataset_file.h: data files (.bin, format version 2; datasets/README.md
// has the table and the reasons). Written by datasets/synd.mjs (MNIST:
// datasets/prepare-mnist.mjs) and by encode_data_file below.
//
// A 56-byte little-endian header, then the payload:
//   0 magic "SYND"   4 version = 2   8 dtype (1 u8, 2 f32, 3 f64)   12 rank (1..5)
//   16 dims[5] (count first, unused ones 0)   36 classes (0: no labels)
//   40 payload_bytes (uint64)   48 payload_hash   52 header_hash (bytes 0..51)
//   56 the examples, row-major, then one label byte per example if classes > 0.
// mnist-train.bin: u8 (60000, 28, 28), classes 10: 56 + 60000 * 785 bytes.
//
// The header hash is checked before any field is trusted; every size is then
// settled in 64-bit arithmetic (size_t is 32 bits in wasm32), the payload
// below 2^31 bytes, before anything is allocated. Errors are spec_error
// (spec/spec.h), "<file>: <field and what is wrong>", e.g.
//   "mnist-train.bin: too short: 1000 bytes, the header says 47100056"
//   "mnist-test.bin: label 12 at index 3 is not below classes 10"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace synapse {

enum class dtype : std::uint32_t { u8 = 1, f32 = 2, f64 = 3 };
const char* dtype_name(dtype t);        // "u8", "f32", "f64"
std::size_t dtype_bytes(dtype t);       // 1, 4, 8

constexpr std::uint32_t data_file_version = 2;
constexpr std::size_t data_file_header_bytes = 56;
constexpr int data_file_max_rank = 5;

// One checked data file: an array of examples (dims[0] of them) of one dtype,
// with a class label per example when classes > 0.
struct data_file {
  std::string name;                  // the file name, e.g. "mnist-train.bin"
  dtype type = dtype::u8;
  std::vector<int> dims;             // count first: (60000, 28, 28), (144) or (144, 1)
  int classes = 0;                   // labels are 0 .. classes-1; 0: no labels
  std::vector<std::uint8_t> values;  // the examples as stored (little-endian values of `type`)
  std::vector<std::uint8_t> labels;  // one per example, or empty without labels

  int count() const { return dims.empty() ? 0 : dims[0]; }
  // Values per example: the product of dims[1..] (1 for rank 1).
  int example_size() const;
  // The first byte of example i (0 <= i < count); for u8 images, its pixels.
  const std::uint8_t* example(int i) const {
    return values.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(example_size()) *
                               dtype_bytes(type);
  }
  // Value k of the whole array (0 <= k < count * example_size), as a double
  // (exact for every dtype).
  double value(std::size_t k) const;
  // The dims as text: "(60000, 28, 28)"; from = 1 gives an example's, "(28, 28)".
  std::string shape(int from = 0) const;
};

// FNV-1a, 32-bit, continued from h: h = (h ^ byte) * 16777619 per byte.
// fnv1a32("") = 2166136261 (the offset basis), fnv1a32("a") = 0xe40c292c.
constexpr std::uint32_t fnv1a32_basis = 2166136261u;
std::uint32_t fnv1a32(const std::uint8_t* p, std::size_t n, std::uint32_t h = fnv1a32_basis);

// Parses a whole file already in memory (the bytes are copied; the caller
// keeps them). `name` is used in messages and as the file's name.
data_file parse_data_file(const std::string& name, const std::uint8_t* bytes, std::size_t size);

// Reads the file at `path` straight into the result (no second copy), checked
// as parse_data_file does; messages name the path, the result is named by
// the file name. A file that cannot be read (missing, a directory, a device
// such as /dev/zero: never opened; data_store.h words why):
// "cannot read <path>: no such file or directory".
data_file load_data_file(const std::string& path);

// The file's bytes: header (both hashes computed) and payload. Throws
// spec_error naming f.name if f breaks a rule the reader enforces on fields
// (dims, classes, sizes); values and labels are written as given.
std::vector<std::uint8_t> encode_data_file(const data_file& f);

// Throws unless f holds labelled u8 images (count, rows, cols), e.g.
// "x.bin: holds f32 (144, 1), no labels; expected u8 images (count, rows, cols) with labels".
void require_images(const data_file& f);

// Two parts of one data set (train and test) must agree on dtype, the shape
// of one example and classes; else "<a> and <b> disagree on <field>: ...".
// Call before sizing anything from either.
void check_parts_agree(const data_file& a, const data_file& b);

}  // namespace synapse
