// data/python_random.h: CPython's random.Random for non-negative integer
// seeds, bit for bit (Python's `random` module, not numpy's generator).
//
// Generator: MT19937 (Matsumoto & Nishimura, 1998). Seeding follows CPython's
// random_seed() for an int: the key is the 32-bit words of abs(seed), least
// significant word first (seed 0 gives the key [0]), fed to init_by_array
// (init_genrand(19650218), then the two mixing passes).
//
//   random()        = (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
//                     with a = genrand_uint32() >> 5, b = genrand_uint32() >> 6
//                     (CPython's random_random: 53 random bits in [0, 1))
//   uniform(a, b)   = a + (b - a) * random()   (random.uniform, same order)
//
// Known values (python3 -c "import random; random.seed(S); print(random.random())"):
//   seed 24601 -> 0.5759914575229014      seed 0 -> 0.8444218515250481
//   seed 1     -> 0.13436424411240122     seed 2**32 + 5 -> 0.15727238718789782
// (checked in tests/native/test_autoencoder_data.cpp). No allocation beyond
// the state array, no libm.
#pragma once

#include <cstdint>

namespace synapse {

class python_random {
 public:
  explicit python_random(std::uint64_t seed);

  std::uint32_t genrand_uint32();                 // next raw 32-bit output
  double random();                                // [0, 1), random.random()
  double uniform(double a, double b);             // random.uniform(a, b)

 private:
  static constexpr int n_ = 624;
  static constexpr int m_ = 397;

  void init_genrand(std::uint32_t s);
  void init_by_array(const std::uint32_t* key, int key_length);
  void twist();

  std::uint32_t state_[n_];
  int index_ = n_;
};

}  // namespace synapse
