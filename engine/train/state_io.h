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

namespace synapse {

// Throws spec_error(message) (state.cpp: this header is included by
// optim/optimizer.h, which spec/spec.h includes, so it cannot include spec.h).
[[noreturn]] void refuse_state(const std::string& message);

class state_io {
 public:
  // Saving: appends to `out`.
  explicit state_io(std::string& out) : out_(&out) {}
  // Sizing: adds what saving would append to *bytes (save_run reserves it first).
  explicit state_io(std::size_t* bytes) : size_(bytes) {}
  // Loading: reads `in` from `from` up to `end` (npos: its end).
  state_io(const std::string& in, std::size_t from, std::size_t end = std::string::npos)
      : in_(&in), pos_(from), end_(end < in.size() ? end : in.size()) {}

  bool loading() const { return in_ != nullptr; }
  std::size_t position() const { return pos_; }
  // What the next fields belong to, for the messages ("optimizer of part model").
  void section(const char* name) { section_ = name; }

  template <class V>
  void value(V& v) {
    static_assert(std::is_trivially_copyable<V>::value, "plain values only");
    bytes(&v, sizeof v);
  }
  // long and std::size_t are 8 bytes natively and 4 in WASM: stored as 8 in both.
  void value(long& v) {
    std::int64_t w = v;
    bytes(&w, sizeof w);
    v = static_cast<long>(w);
  }
  void value(unsigned long& v) {
    std::uint64_t w = v;
    bytes(&w, sizeof w);
    v = static_cast<unsigned long>(w);
  }
  void words(std::uint32_t* w, std::size_t n) { bytes(w, n * sizeof *w); }
  // A vector whose length this run fixes (parameters, moments): its length is
  // stored, and a file with another length is refused.
  template <class V>
  void fixed(std::vector<V>& v) {
    fixed(v.data(), v.size());
  }
  // The same for `count` values at `data` (an Eigen matrix's).
  template <class V>
  void fixed(V* data, std::size_t count) {
    static_assert(std::is_trivially_copyable<V>::value, "plain values only");
    length(count);
    bytes(data, count * sizeof(V));
  }
  // The length this run holds for what follows; a file with another is refused.
  void length(std::size_t count) {
    std::uint64_t n = count;
    bytes(&n, sizeof n);
    if (loading() && n != count)
      refuse_state(std::string("saved state: ") + section_ + " holds " + std::to_string(n) + " values in the file, " +
                   std::to_string(count) + " in this run");
  }
  // count values of any precision stored as doubles (an optimizer's moments:
  // optimizer<T>::state()'s layout), without a copy of them all.
  template <class V>
  void as_doubles(V* data, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      double d = static_cast<double>(data[i]);
      bytes(&d, sizeof d);
      if (loading()) data[i] = static_cast<V>(d);
    }
  }
  // A short text (a phase's name): its length, then its bytes.
  void text(std::string& s, std::size_t most) {
    std::uint64_t n = s.size();
    bytes(&n, sizeof n);
    if (loading()) {
      if (n > most) short_by(0);
      s.resize(static_cast<std::size_t>(n));
    }
    bytes(&s[0], s.size());
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
    if (size_) {
      *size_ += n;
      return;
    }
    if (!loading()) {
      out_->append(static_cast<const char*>(p), n);
      return;
    }
    if (n > end_ - pos_) short_by(n - (end_ - pos_));
    if (n) std::memcpy(p, in_->data() + pos_, n);
    pos_ += n;
  }
  [[noreturn]] void short_by(std::size_t) const {
    refuse_state(std::string("saved state: the file ends inside ") + section_);
  }

  std::string* out_ = nullptr;
  const std::string* in_ = nullptr;
  std::size_t* size_ = nullptr;
  std::size_t pos_ = 0, end_ = 0;
  const char* section_ = "the header";
};

}  // namespace synapse
