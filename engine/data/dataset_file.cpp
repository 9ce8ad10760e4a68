// data/dataset_file.cpp: checks, reads and writes data files (format in
// dataset_file.h and datasets/README.md).
//
// Reading is three steps shared by both entry points: check_header (magic,
// version, the header hash, then the fields and every size in 64-bit
// arithmetic), allocate, check_payload (its hash, labels below classes,
// float values finite).
#include "dataset_file.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

#include "../spec/json_text.h"
#include "../spec/spec.h"
#include "data_store.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "data files store little-endian values; value() reads them in place"
#endif

namespace synapse {
namespace {

constexpr std::uint64_t max_payload_bytes = (std::uint64_t(1) << 31) - 1;
constexpr std::uint32_t max_classes = 256;   // labels are bytes

enum : std::size_t { at_version = 4, at_dtype = 8, at_rank = 12, at_dims = 16, at_classes = 36,
                     at_payload_bytes = 40, at_payload_hash = 48, at_header_hash = 52 };

// The header's fields once checked, with the sizes they imply.
struct header {
  dtype type;
  int rank;
  std::uint32_t dims[data_file_max_rank];
  std::uint32_t classes, payload_hash;
  std::uint64_t values_bytes, payload_bytes;   // examples; examples + labels
};

std::uint32_t u32_le(const std::uint8_t* p) {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
         std::uint32_t(p[3]) << 24;
}
std::uint64_t u64_le(const std::uint8_t* p) { return u32_le(p) | std::uint64_t(u32_le(p + 4)) << 32; }
void put_u32(std::uint8_t* p, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) p[k] = static_cast<std::uint8_t>(v >> (8 * k));
}
void put_u64(std::uint8_t* p, std::uint64_t v) {
  put_u32(p, static_cast<std::uint32_t>(v));
  put_u32(p + 4, static_cast<std::uint32_t>(v >> 32));
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

std::string shape_text(const std::uint32_t* dims, int from, int rank) {
  std::string s = "(";
  for (int k = from; k < rank; ++k) s += (k > from ? ", " : "") + std::to_string(dims[k]);
  return s + ")";
}

// The fields after the hash has vouched for them: dtype, rank, dims, classes,
// then the sizes, each product checked against 2^31 before the next factor
// (each factor is below 2^32, so no product overflows 64 bits).
void check_fields(const std::string& name, std::uint32_t type_code, std::uint32_t rank,
                  const std::uint32_t* dims, std::uint32_t classes, header& r) {
  if (type_code < 1 || type_code > 3)
    fail(name, "unsupported dtype " + std::to_string(type_code) +
                   " (this engine reads 1 = u8, 2 = f32, 3 = f64)");
  if (rank < 1 || rank > static_cast<std::uint32_t>(data_file_max_rank))
    fail(name, "rank " + std::to_string(rank) + " is not in 1..5");
  r.type = static_cast<dtype>(type_code);
  r.rank = static_cast<int>(rank);
  for (int k = 0; k < data_file_max_rank; ++k) {
    r.dims[k] = dims[k];
    if (k < r.rank && dims[k] == 0)
      fail(name, k == 0 ? std::string("dims[0] (count) is 0: the file holds no examples")
                        : "dims[" + std::to_string(k) + "] is 0: an example holds no values");
    if (k >= r.rank && dims[k] != 0)
      fail(name, "dims[" + std::to_string(k) + "] is " + std::to_string(dims[k]) + ", but rank " +
                     std::to_string(rank) + " leaves it unused (it must be 0)");
  }
  if (classes > max_classes)
    fail(name, "classes " + std::to_string(classes) + " is not in 0..256 (0: no labels)");
  r.classes = classes;
  const std::string absurd = std::string("absurd header: ") + dtype_name(r.type) + " " +
                             shape_text(dims, 0, r.rank) + " would take 2^31 bytes or more";
  std::uint64_t bytes = dtype_bytes(r.type);
  for (int k = 0; k < r.rank; ++k)
    if ((bytes *= dims[k]) > max_payload_bytes) fail(name, absurd);
  r.values_bytes = bytes;
  r.payload_bytes = bytes + (classes ? dims[0] : 0);
  if (r.payload_bytes > max_payload_bytes) fail(name, absurd);
}

std::string payload_text(const header& h) {
  return std::string(dtype_name(h.type)) + " " + shape_text(h.dims, 0, h.rank) +
         (h.classes ? " and " + std::to_string(h.dims[0]) + " labels" : "");
}

// h: the first min(size, 56) bytes; size: the whole file's. Throws on
// anything wrong that the header alone (and the size) can tell.
header check_header(const std::string& name, const std::uint8_t* h, std::uint64_t size) {
  if (size >= 4 && std::memcmp(h, "SYND", 4) != 0)
    fail(name, "bad magic " + quoted_text(std::string(h, h + 4)) + " (expected \"SYND\"; not a Synapse data file)");
  if (size >= 8 && u32_le(h + at_version) != data_file_version)
    fail(name, "unsupported version " + std::to_string(u32_le(h + at_version)) +
                   " (this engine reads version 2; npm run build remakes the data files)");
  if (size < data_file_header_bytes)
    fail(name, "too short: " + std::to_string(size) + " bytes, a header alone takes 56");
  const std::uint32_t said = u32_le(h + at_header_hash), hash = fnv1a32(h, at_header_hash);
  if (said != hash)
    fail(name, "header hash mismatch (corrupt header): the header says " + hex32(said) +
                   ", its first 52 bytes hash to " + hex32(hash));
  std::uint32_t dims[data_file_max_rank];
  for (int k = 0; k < data_file_max_rank; ++k) dims[k] = u32_le(h + at_dims + 4 * k);
  header r{};
  check_fields(name, u32_le(h + at_dtype), u32_le(h + at_rank), dims, u32_le(h + at_classes), r);
  r.payload_hash = u32_le(h + at_payload_hash);
  const std::uint64_t field = u64_le(h + at_payload_bytes);
  if (field != r.payload_bytes)
    fail(name, "payload_bytes " + std::to_string(field) + " does not match the shape: " +
                   payload_text(r) + " take " + std::to_string(r.payload_bytes) + " bytes");
  const std::uint64_t file_bytes = data_file_header_bytes + r.payload_bytes;
  if (size < file_bytes)
    fail(name, "too short: " + std::to_string(size) + " bytes, the header says " + std::to_string(file_bytes));
  if (size > file_bytes)
    fail(name, "too long: " + std::to_string(size) + " bytes, the header says " + std::to_string(file_bytes) +
                   " (" + payload_text(r) + ")");
  return r;
}

// Allocates the payload; only after check_header accepted the sizes. With
// `payload`, the vectors are built as copies of it (no zero-fill first: that
// would be a second pass over 47 MB); else zeroed, for the caller to read into.
data_file make_file(std::string name, const header& h, const std::uint8_t* payload = nullptr) {
  data_file f;
  f.name = std::move(name);
  f.type = h.type;
  f.dims.assign(h.dims, h.dims + h.rank);
  f.classes = static_cast<int>(h.classes);
  const std::size_t values = static_cast<std::size_t>(h.values_bytes);
  const std::size_t labels = static_cast<std::size_t>(h.payload_bytes - h.values_bytes);
  if (payload) {
    f.values.assign(payload, payload + values);
    f.labels.assign(payload + values, payload + values + labels);
  } else {
    f.values.resize(values);
    f.labels.resize(labels);
  }
  return f;
}

// The payload is in place: its hash, the labels' range, finite floats.
void check_payload(const std::string& name, const header& h, const data_file& f) {
  std::uint32_t hash = fnv1a32(f.values.data(), f.values.size());
  hash = fnv1a32(f.labels.data(), f.labels.size(), hash);
  if (hash != h.payload_hash)
    fail(name, "payload hash mismatch (corrupt file): the header says " + hex32(h.payload_hash) +
                   ", the payload hashes to " + hex32(hash));
  for (std::size_t i = 0; i < f.labels.size(); ++i)
    if (f.labels[i] >= h.classes)
      fail(name, "label " + std::to_string(f.labels[i]) + " at index " + std::to_string(i) +
                     " is not below classes " + std::to_string(h.classes));
  if (f.type == dtype::u8) return;
  const std::size_t n = f.values.size() / dtype_bytes(f.type);
  for (std::size_t k = 0; k < n; ++k) {
    const double v = f.value(k);
    if (!std::isfinite(v))
      fail(name, std::string(dtype_name(f.type)) + " value " + (std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf") +
                     " at index " + std::to_string(k) + " (example " +
                     std::to_string(k / static_cast<std::size_t>(f.example_size())) + ") is not finite");
  }
}

std::string described(const data_file& f) {
  return std::string(dtype_name(f.type)) + " " + f.shape() +
         (f.classes ? ", classes " + std::to_string(f.classes) : ", no labels");
}

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

const char* dtype_name(dtype t) {
  switch (t) {
    case dtype::u8: return "u8";
    case dtype::f32: return "f32";
    case dtype::f64: return "f64";
  }
  return "?";
}

std::size_t dtype_bytes(dtype t) { return t == dtype::f64 ? 8 : t == dtype::f32 ? 4 : 1; }

int data_file::example_size() const {
  int n = 1;
  for (std::size_t k = 1; k < dims.size(); ++k) n *= dims[k];
  return n;
}

double data_file::value(std::size_t k) const {
  if (type == dtype::u8) return values[k];
  if (type == dtype::f32) {
    float v;
    std::memcpy(&v, values.data() + 4 * k, 4);
    return v;
  }
  double v;
  std::memcpy(&v, values.data() + 8 * k, 8);
  return v;
}

std::string data_file::shape(int from) const {
  std::string s = "(";
  for (std::size_t k = static_cast<std::size_t>(from); k < dims.size(); ++k)
    s += (k > static_cast<std::size_t>(from) ? ", " : "") + std::to_string(dims[k]);
  return s + ")";
}

std::uint32_t fnv1a32(const std::uint8_t* p, std::size_t n, std::uint32_t h) {
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

data_file parse_data_file(const std::string& name, const std::uint8_t* bytes, std::size_t size) {
  const header h = check_header(name, bytes, bytes ? size : 0);
  data_file f = make_file(name, h, bytes + data_file_header_bytes);
  check_payload(name, h, f);
  return f;
}

data_file load_data_file(const std::string& file_path) {
  const std::string path = escaped(file_path);   // as messages show it
  const std::string cannot = "cannot read " + path + ": ";
  std::string problem = file_problem(file_path, max_data_file_bytes);   // a FIFO is never opened
  if (!problem.empty()) throw spec_error(cannot + read_failure(problem, max_data_file_bytes, "a data file"));
  errno = 0;
  std::ifstream in(file_path, std::ios::binary);
  if (!in) throw spec_error(cannot + read_failure(errno_name(errno ? errno : EIO), max_data_file_bytes, "a data file"));
  in.seekg(0, std::ios::end);
  const std::streamoff end = in.tellg();
  in.seekg(0, std::ios::beg);
  if (end < 0 || !in) throw spec_error(cannot + "cannot tell its size");
  const std::uint64_t size = static_cast<std::uint64_t>(end);
  std::uint8_t head[data_file_header_bytes] = {};
  const std::streamsize head_bytes =
      static_cast<std::streamsize>(size < data_file_header_bytes ? size : data_file_header_bytes);
  if (!in.read(reinterpret_cast<char*>(head), head_bytes))
    throw spec_error(cannot + "reading the header failed");
  const header h = check_header(path, head, size);
  data_file f = make_file(base_name(file_path), h);
  if (!in.read(reinterpret_cast<char*>(f.values.data()), static_cast<std::streamsize>(f.values.size())) ||
      !in.read(reinterpret_cast<char*>(f.labels.data()), static_cast<std::streamsize>(f.labels.size())))
    throw spec_error(cannot + "reading the payload failed");
  check_payload(path, h, f);
  return f;
}

std::vector<std::uint8_t> encode_data_file(const data_file& f) {
  const std::size_t rank = f.dims.size();
  if (rank < 1 || rank > static_cast<std::size_t>(data_file_max_rank))
    fail(f.name, "rank " + std::to_string(rank) + " is not in 1..5");
  std::uint32_t dims[data_file_max_rank] = {};
  for (std::size_t k = 0; k < rank; ++k) {
    if (f.dims[k] < 0) fail(f.name, "dims[" + std::to_string(k) + "] is negative");
    dims[k] = static_cast<std::uint32_t>(f.dims[k]);
  }
  if (f.classes < 0) fail(f.name, "classes is negative");
  header h{};
  check_fields(f.name, static_cast<std::uint32_t>(f.type), static_cast<std::uint32_t>(rank), dims,
               static_cast<std::uint32_t>(f.classes), h);
  if (f.values.size() != h.values_bytes || f.labels.size() != h.payload_bytes - h.values_bytes)
    fail(f.name, "the shape says " + payload_text(h) + " (" + std::to_string(h.payload_bytes) +
                     " bytes), given " + std::to_string(f.values.size()) + " bytes of values and " +
                     std::to_string(f.labels.size()) + " labels");
  std::vector<std::uint8_t> out(data_file_header_bytes);
  out.reserve(data_file_header_bytes + static_cast<std::size_t>(h.payload_bytes));
  std::memcpy(out.data(), "SYND", 4);
  put_u32(&out[at_version], data_file_version);
  put_u32(&out[at_dtype], static_cast<std::uint32_t>(f.type));
  put_u32(&out[at_rank], static_cast<std::uint32_t>(rank));
  for (int k = 0; k < data_file_max_rank; ++k) put_u32(&out[at_dims + 4 * k], dims[k]);
  put_u32(&out[at_classes], h.classes);
  put_u64(&out[at_payload_bytes], h.payload_bytes);
  out.insert(out.end(), f.values.begin(), f.values.end());
  out.insert(out.end(), f.labels.begin(), f.labels.end());
  put_u32(&out[at_payload_hash], fnv1a32(out.data() + data_file_header_bytes, out.size() - data_file_header_bytes));
  put_u32(&out[at_header_hash], fnv1a32(out.data(), at_header_hash));
  return out;
}

void require_images(const data_file& f) {
  if (f.type != dtype::u8 || f.dims.size() != 3 || f.classes == 0)
    fail(f.name, "holds " + described(f) + "; expected u8 images (count, rows, cols) with labels");
}

void check_parts_agree(const data_file& a, const data_file& b) {
  const std::string both = a.name + " and " + b.name + " disagree on ";
  if (a.type != b.type)
    throw spec_error(both + "dtype: " + dtype_name(a.type) + " and " + dtype_name(b.type));
  if (a.shape(1) != b.shape(1))
    throw spec_error(both + "the shape of an example: " + a.shape(1) + " and " + b.shape(1) + " (the files hold " +
                     a.shape() + " and " + b.shape() + ")");
  if (a.classes != b.classes)
    throw spec_error(both + "classes: " + std::to_string(a.classes) + " and " + std::to_string(b.classes));
}

}  // namespace synapse
