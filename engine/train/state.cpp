#include "state.h"

#include <nlohmann/json.hpp>

#include "../spec/json_text.h"

namespace synapse {

void refuse_state(const std::string& message) { throw spec_error(message); }

namespace {

using json = nlohmann::json;
constexpr char magic[8] = {'S', 'Y', 'N', 'S', 'T', 'A', 'T', 'E'};
constexpr std::size_t hash_bytes = 8;

std::uint64_t fnv1a(const char* p, std::size_t n) {
  std::uint64_t h = 14695981039346656037ull;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(p[i]);
    h *= 1099511628211ull;
  }
  return h;
}

std::string canonical(const std::string& document) {
  try {
    return json::parse(document).dump();
  } catch (const json::exception&) {
    throw spec_error("saved state: the experiment document is not JSON");
  }
}

std::string dims_text(const std::vector<std::uint32_t>& d) {
  std::string s = "(";
  for (std::size_t i = 0; i < d.size(); ++i) s += (i ? ", " : "") + std::to_string(d[i]);
  return s + (d.size() == 1 ? ",)" : ")");
}

// The header's fields after the length, through io (both directions).
struct header {
  std::string document;
  std::uint32_t value_bytes = 0;
  std::vector<std::string> names;
  std::vector<std::vector<std::uint32_t>> shapes;

  void text(state_io& io, std::string& s, std::size_t most) {
    std::uint32_t n = static_cast<std::uint32_t>(s.size());
    io.value(n);
    if (io.loading()) {
      if (n > most) throw spec_error("saved state: a header field of " + std::to_string(n) + " bytes");
      s.resize(n);
    }
    for (char& c : s) io.value(c);
  }
  void visit(state_io& io) {
    text(io, document, 1u << 20);
    io.value(value_bytes);
    std::uint32_t k = static_cast<std::uint32_t>(names.size());
    io.value(k);
    if (io.loading()) {
      if (k > 4096) throw spec_error("saved state: " + std::to_string(k) + " parameter tensors");
      names.resize(k);
      shapes.resize(k);
    }
    for (std::uint32_t i = 0; i < k; ++i) {
      text(io, names[i], 256);
      std::uint32_t rank = static_cast<std::uint32_t>(shapes[i].size());
      io.value(rank);
      if (io.loading()) {
        if (rank > 8) throw spec_error("saved state: a tensor of rank " + std::to_string(rank));
        shapes[i].resize(rank);
      }
      for (auto& d : shapes[i]) io.value(d);
    }
  }
};

header header_of(const experiment& run, const std::string& document) {
  header h;
  h.document = canonical(document);
  h.value_bytes = run.spec().prec == precision::f64 ? 8 : 4;
  for (const param_info& p : run.param_layout()) {
    h.names.push_back(p.name);
    h.shapes.emplace_back(p.shape.begin(), p.shape.end());
  }
  return h;
}

std::string shown(const json& doc, const std::string& pointer) {
  try {
    const json::json_pointer at(pointer);
    if (!doc.contains(at)) return "absent";
    std::string s = doc.at(at).dump();
    return s.size() > 60 ? s.substr(0, 57) + "..." : s;
  } catch (const json::exception&) {
    return "absent";
  }
}

// Names what differs between the file's experiment and this one.
void check_same(const header& file, const header& here) {
  json a, b;
  std::string lab_a, lab_b;
  try {
    a = json::parse(file.document);
    b = json::parse(here.document);
    lab_a = escaped(a.value("lab", std::string()), 60);
    lab_b = b.value("lab", std::string());
  } catch (const json::exception&) {
    throw spec_error("saved state: the experiment document in the file is not a JSON experiment");
  }
  if (lab_a != lab_b)
    throw spec_error("saved state: this file was saved from the " + lab_a + " lab; the current experiment is the " +
                     lab_b + " lab");
  if (file.value_bytes != here.value_bytes)
    throw spec_error(std::string("saved state: precision: the file holds ") + (file.value_bytes == 8 ? "f64" : "f32") +
                     " values, this experiment " + (here.value_bytes == 8 ? "f64" : "f32"));
  for (std::size_t i = 0; i < file.names.size() && i < here.names.size(); ++i)
    if (file.names[i] != here.names[i] || file.shapes[i] != here.shapes[i])
      throw spec_error("saved state: shape of " + escaped(here.names[i], 60) + ": file " +
                       (file.names[i] == here.names[i] ? "" : escaped(file.names[i], 60) + " ") + dims_text(file.shapes[i]) +
                       ", model " + dims_text(here.shapes[i]));
  if (file.names.size() != here.names.size())
    throw spec_error("saved state: the file holds " + std::to_string(file.names.size()) + " parameter tensors, the model " +
                     std::to_string(here.names.size()));
  if (a == b) return;
  const json patch = json::diff(a, b);
  const std::string path = patch.at(0).at("path").get<std::string>();
  std::string field = path.substr(1);
  for (char& c : field)
    if (c == '/') c = '.';
  throw spec_error("saved state: this file was saved from another " + lab_b + " experiment: " + escaped(field, 60) + " is " +
                   shown(a, path) + " in the file, " + shown(b, path) + " here");
}

}  // namespace

std::string save_run(experiment& run, const std::string& document) {
  header h = header_of(run, document);
  std::size_t size = sizeof magic + sizeof(std::uint32_t) + 2 * sizeof(std::uint64_t);
  state_io sizing(&size);   // one allocation: a GAN's state is 40 MB, and WASM's heap 512 MB
  h.visit(sizing);
  run.visit_state(sizing);
  std::string out;
  out.reserve(size);
  out.append(magic, sizeof magic);
  state_io io(out);
  std::uint32_t version = state_version;
  std::uint64_t length = 0;   // filled in below
  io.value(version);
  const std::size_t length_at = out.size();
  io.value(length);
  h.visit(io);
  run.visit_state(io);
  length = out.size() + hash_bytes;
  std::memcpy(&out[length_at], &length, sizeof length);
  std::uint64_t hash = fnv1a(out.data(), out.size());
  io.value(hash);
  return out;
}

void load_run(experiment& run, const std::string& document, const std::string& bytes) {
  if (bytes.size() < sizeof magic + 12 || bytes.compare(0, sizeof magic, magic, sizeof magic) != 0)
    throw spec_error("saved state: not a Synapse model file (it does not start with SYNSTATE)");
  state_io io(bytes, sizeof magic);
  std::uint32_t version = 0;
  std::uint64_t length = 0;
  io.value(version);
  if (version != state_version)
    throw spec_error("saved state: format version " + std::to_string(version) + ", this build reads version " +
                     std::to_string(state_version));
  io.value(length);
  if (length != bytes.size())
    throw spec_error("saved state: the file is " + std::to_string(bytes.size()) + " bytes, its header says " +
                     std::to_string(length) + (bytes.size() < length ? " (truncated)" : ""));
  std::uint64_t hash = 0;
  std::memcpy(&hash, bytes.data() + bytes.size() - hash_bytes, hash_bytes);
  if (hash != fnv1a(bytes.data(), bytes.size() - hash_bytes))
    throw spec_error("saved state: the file's hash does not match its contents (altered or damaged)");
  const std::size_t body = bytes.size() - hash_bytes;
  state_io in(bytes, io.position(), body);
  header file;
  file.visit(in);
  check_same(file, header_of(run, document));
  std::size_t kept_size = 0;
  state_io sizing(&kept_size);
  run.visit_state(sizing);
  std::string kept;
  kept.reserve(kept_size);
  state_io backup(kept);
  run.visit_state(backup);   // a refused state puts this back
  try {
    run.visit_state(in);
    if (in.position() != body) throw spec_error("saved state: bytes left over after the run's state");
  } catch (...) {
    state_io undo(kept, 0);
    run.visit_state(undo);
    throw;
  }
}

}  // namespace synapse
