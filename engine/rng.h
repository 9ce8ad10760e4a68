// rng.h: the engine's only source of randomness, compatible with numpy's
// legacy generator (np.random.seed / np.random.random / np.random.shuffle).
//
// numpy's legacy RandomState is MT19937 seeded with init_genrand(seed), which
// is exactly std::mt19937(seed) (the standard fixes its output bit for bit).
// random() builds a double in [0, 1) from two 32-bit draws a, b:
//   ((a >> 5) * 67108864.0 + (b >> 6)) / 9007199254740992.0
// so seed 1 gives 0.417022004702574, 0.7203244934421581, 0.00011437481734488664,
// 0.30233257263183977, 0.14675589081711304 (checked in tests/native/test_rng.cpp).
// normal() is numpy's legacy polar method (pairs, the second value cached);
// it uses the engine's own log, so it may differ from numpy in the last bit.
// interval(max) and shuffle() follow numpy's legacy masked rejection sampling.
#pragma once

#include <cstdint>

namespace synapse {

// MT19937, written out (the output std::mt19937 gives, bit for bit: checked in
// test_rng.cpp) so that its state has one layout everywhere: a saved run
// (train/state.h) stores these words, readable by the native and WASM builds.
class mt19937 {
 public:
  static constexpr int n = 624;
  explicit mt19937(std::uint32_t s = 5489u) { seed(s); }
  void seed(std::uint32_t s) {
    x[0] = s;
    for (int i = 1; i < n; ++i) x[i] = 1812433253u * (x[i - 1] ^ (x[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
    i_ = n;
  }
  std::uint32_t operator()() {
    if (i_ >= n) twist();
    std::uint32_t y = x[i_++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    return y ^ (y >> 18);
  }
  std::uint32_t x[n];   // the state words
  int& index() { return i_; }   // the next word to temper, 0..n (n: twist first)

 private:
  void twist() {
    for (int k = 0; k < n; ++k) {
      const std::uint32_t y = (x[k] & 0x80000000u) | (x[(k + 1) % n] & 0x7fffffffu);
      x[k] = x[(k + 397) % n] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
    }
    i_ = 0;
  }
  int i_ = n;
};

class rng {
 public:
  explicit rng(std::uint32_t seed = 1) : mt_(seed) {}
  void seed(std::uint32_t s) {
    mt_.seed(s);
    has_gauss_ = false;
  }

  std::uint32_t next_u32() { return mt_(); }
  double uniform();                  // [0, 1), numpy's random()
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  double normal();                   // N(0, 1), numpy's legacy gauss
  std::uint32_t interval(std::uint32_t max);   // uniform integer in [0, max]

  // numpy's legacy shuffle of n items: for i = n-1 .. 1 swap(i, interval(i)).
  template <class It>
  void shuffle(It first, std::uint32_t n) {
    for (std::uint32_t i = n; i > 1; --i) {
      const std::uint32_t j = interval(i - 1);
      auto tmp = first[i - 1];
      first[i - 1] = first[j];
      first[j] = tmp;
    }
  }

  // Everything the next draw depends on, for a saved run (train/state_io.h).
  template <class IO>
  void visit_state(IO& io) {
    io.words(mt_.x, mt19937::n);
    io.value(mt_.index());
    io.value(has_gauss_);
    io.value(gauss_);
  }

 private:
  mt19937 mt_;
  bool has_gauss_ = false;
  double gauss_ = 0;
};

}  // namespace synapse
