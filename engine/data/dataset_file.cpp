// data/dataset_file.cpp: checks and reads image data files (format in dataset_file.h).
//
// One header check serves both entry points; it settles every size in 64-bit
// arithmetic before the payload vectors are allocated. The payload is then
// hashed and its labels checked against `classes`.
#include "dataset_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "../spec/spec.h"

namespace synapse {
namespace {

constexpr std::uint64_t max_pixel_bytes = (std::uint64_t(1) << 31) - 1;   // count*rows*cols
constexpr std::uint32_t max_classes = 256;                                // labels are bytes

struct header {
  std::uint32_t count, rows, cols, classes, hash;
  std::uint64_t pixel_bytes;   // count*rows*cols
  std::uint64_t file_bytes;    // header + pixels + labels
};

std::uint32_t u32_le(const std::uint8_t* p) {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
         std::uint32_t(p[3]) << 24;
}

[[noreturn]] void fail(const std::string& name, const std::string& what) {
  throw spec_error(name + ": " + what);
}

std::string hex32(std::uint32_t v) {
  static const char digits[] = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) s += digits[(v >> shift) & 15];
  return s;
}

// Up to n bytes as text, non-printables as \xNN.
std::string printable(const std::uint8_t* p, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
      s += static_cast<char>(p[i]);
    else
      s += "\\x" + hex32(p[i]).substr(8);
  }
  return s;
}

// h: the first 32 bytes; size: the whole file's. Throws on anything wrong
// that the header alone (and the size) can tell.
header check_header(const std::string& name, const std::uint8_t* h, std::uint64_t size) {
  if (size < image_file_header_bytes)
    fail(name, "too short: " + std::to_string(size) + " bytes, a header alone takes 32");
  if (std::memcmp(h, "SYND", 4) != 0)
    fail(name, "bad magic \"" + printable(h, 4) + "\" (expected \"SYND\"; not a Synapse data file)");
  const std::uint32_t version = u32_le(h + 4), kind = u32_le(h + 8);
  if (version != image_file_version)
    fail(name, "unsupported version " + std::to_string(version) + " (this engine reads version 1)");
  if (kind != image_file_kind_u8)
    fail(name, "unsupported kind " + std::to_string(kind) +
                   " (this engine reads kind 1: uint8 images with uint8 labels)");
  header r{};
  r.count = u32_le(h + 12);
  r.rows = u32_le(h + 16);
  r.cols = u32_le(h + 20);
  r.classes = u32_le(h + 24);
  r.hash = u32_le(h + 28);
  if (r.count == 0) fail(name, "count is 0: the file holds no images");
  if (r.rows == 0 || r.cols == 0)
    fail(name, "image size " + std::to_string(r.rows) + "x" + std::to_string(r.cols) +
                   " has no pixels");
  if (r.classes == 0 || r.classes > max_classes)
    fail(name, "classes " + std::to_string(r.classes) + " is not in 1..256");
  // Each factor is below 2^32, so the product of two fits 64 bits; check
  // before multiplying in the third.
  const std::uint64_t per_image = std::uint64_t(r.rows) * r.cols;
  if (per_image > max_pixel_bytes || per_image * r.count > max_pixel_bytes)
    fail(name, "absurd header: " + std::to_string(r.count) + " images of " +
                   std::to_string(r.rows) + "x" + std::to_string(r.cols) +
                   " pixels would take 2^31 bytes or more");
  r.pixel_bytes = per_image * r.count;
  r.file_bytes = image_file_header_bytes + r.pixel_bytes + r.count;
  if (size < r.file_bytes)
    fail(name, "too short: " + std::to_string(size) + " bytes, the header says " +
                   std::to_string(r.file_bytes));
  if (size > r.file_bytes)
    fail(name, "count " + std::to_string(r.count) + " does not match the payload: " +
                   std::to_string(r.count) + " images of " + std::to_string(r.rows) + "x" +
                   std::to_string(r.cols) + " and their labels take " +
                   std::to_string(r.file_bytes - image_file_header_bytes) + " bytes, the file has " +
                   std::to_string(size - image_file_header_bytes));
  return r;
}

// Allocates the payload; only after check_header accepted the sizes. With
// `payload`, the vectors are built as copies of it (no zero-fill first: that
// would be a second pass over 47 MB); else zeroed, for the caller to read into.
image_set make_set(std::string name, const header& h, const std::uint8_t* payload = nullptr) {
  image_set s;
  s.name = std::move(name);
  s.count = static_cast<int>(h.count);
  s.rows = static_cast<int>(h.rows);
  s.cols = static_cast<int>(h.cols);
  s.classes = static_cast<int>(h.classes);
  const std::size_t pixels = static_cast<std::size_t>(h.pixel_bytes);
  if (payload) {
    s.pixels.assign(payload, payload + pixels);
    s.labels.assign(payload + pixels, payload + pixels + h.count);
  } else {
    s.pixels.resize(pixels);
    s.labels.resize(h.count);
  }
  return s;
}

// The payload is in place: hash (pixels, then labels), then the labels' range.
void check_payload(const std::string& name, const header& h, const image_set& s) {
  std::uint32_t hash = fnv1a32(s.pixels.data(), s.pixels.size());
  hash = fnv1a32(s.labels.data(), s.labels.size(), hash);
  if (hash != h.hash)
    fail(name, "payload hash mismatch (corrupt file): the header says " + hex32(h.hash) +
                   ", the payload hashes to " + hex32(hash));
  for (int i = 0; i < s.count; ++i)
    if (s.labels[i] >= h.classes)
      fail(name, "label " + std::to_string(s.labels[i]) + " at index " + std::to_string(i) +
                     " is not below classes " + std::to_string(h.classes));
}

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::uint32_t fnv1a32(const std::uint8_t* p, std::size_t n, std::uint32_t h) {
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

image_set parse_image_set(const std::string& name, const std::uint8_t* bytes, std::size_t size) {
  const header h = check_header(name, bytes, bytes ? size : 0);
  image_set s = make_set(name, h, bytes + image_file_header_bytes);
  check_payload(name, h, s);
  return s;
}

image_set load_image_set(const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw spec_error("cannot read " + path + ": " +
                     (err ? std::strerror(err) : "the file could not be opened"));
  }
  in.seekg(0, std::ios::end);
  const std::streamoff end = in.tellg();
  in.seekg(0, std::ios::beg);
  if (end < 0 || !in) throw spec_error("cannot read " + path + ": cannot tell its size");
  const std::uint64_t size = static_cast<std::uint64_t>(end);
  std::uint8_t head[image_file_header_bytes] = {};
  if (size >= image_file_header_bytes &&
      !in.read(reinterpret_cast<char*>(head), image_file_header_bytes))
    throw spec_error("cannot read " + path + ": reading the header failed");
  const header h = check_header(path, head, size);
  image_set s = make_set(base_name(path), h);
  if (!in.read(reinterpret_cast<char*>(s.pixels.data()), static_cast<std::streamsize>(s.pixels.size())) ||
      !in.read(reinterpret_cast<char*>(s.labels.data()), static_cast<std::streamsize>(s.labels.size())))
    throw spec_error("cannot read " + path + ": reading the payload failed");
  check_payload(path, h, s);
  return s;
}

}  // namespace synapse
