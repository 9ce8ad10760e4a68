// train/state_io.h: one description of a run's state serves both directions.
// A part that keeps state has `template <class IO> void visit_state(IO& io)`
// naming its fields in order; state_io writes them (saving) or reads them back
// in place (loading), little-endian bytes as both builds store them (one
// layout for both: a file saved natively loads in WASM and back). Reading
// checks each fixed-size field's length against what this run holds and
// throws spec_error naming the field on any mismatch or a short buffer.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "../spec/spec.h"

namespace synapse {

class state_io {
 public:
  // Saving: appends to `out`.
  explicit state_io(std::string& out) : out_(&out) {}
  // Loading: reads `in` from `from`.
  state_io(const std::string& in, std::size_t from) : in_(&in), pos_(from) {}

  bool loading() const { return in_ != nullptr; }
  std::size_t position() const { return pos_; }
  // What the next fields belong to, for the messages ("optimizer of part model").
  void section(const char* name) { section_ = name; }

  template <class V>
  void value(V& v) {
    static_assert(std::is_trivially_copyable<V>::value, "plain values only");
    bytes(&v, sizeof v);
  }
  // long is 8 bytes natively and 4 in WASM: stored as 8 in both.
  void value(long& v) {
    std::int64_t w = v;
    bytes(&w, sizeof w);
    v = static_cast<long>(w);
  }
  void words(std::uint32_t* w, std::size_t n) { bytes(w, n * sizeof *w); }
  // A vector whose length this run fixes (parameters, moments): its length is
  // stored, and a file with another length is refused.
  template <class V>
  void fixed(std::vector<V>& v) {
    std::uint64_t n = v.size();
    value(n);
    if (loading() && n != v.size())
      throw spec_error(std::string("saved state: ") + section_ + " holds " + std::to_string(n) +
                       " values in the file, " + std::to_string(v.size()) + " in this run");
    bytes(v.data(), v.size() * sizeof(V));
  }
  // A vector whose length grows with the run (reports): resized when loading.
  template <class V>
  void growing(std::vector<V>& v, std::size_t most) {
    std::uint64_t n = v.size();
    value(n);
    if (loading()) {
      if (n > most) short_by(0);
      v.resize(static_cast<std::size_t>(n));
    }
    bytes(v.data(), v.size() * sizeof(V));
  }

 private:
  void bytes(void* p, std::size_t n) {
    if (!loading()) {
      out_->append(static_cast<const char*>(p), n);
      return;
    }
    if (n > in_->size() - pos_) short_by(n - (in_->size() - pos_));
    if (n) std::memcpy(p, in_->data() + pos_, n);
    pos_ += n;
  }
  [[noreturn]] void short_by(std::size_t) const {
    throw spec_error(std::string("saved state: the file ends inside ") + section_);
  }

  std::string* out_ = nullptr;
  const std::string* in_ = nullptr;
  std::size_t pos_ = 0;
  const char* section_ = "the header";
};

}  // namespace synapse
