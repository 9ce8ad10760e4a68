// data/python_random.cpp: MT19937 with CPython's integer seeding; the
// contract and formulas are in python_random.h.
#include "python_random.h"

namespace synapse {

namespace {

constexpr std::uint32_t matrix_a = 0x9908b0dfu;    // twist constant
constexpr std::uint32_t upper_bit = 0x80000000u;   // most significant bit
constexpr std::uint32_t lower_bits = 0x7fffffffu;  // the other 31 bits

}  // namespace

python_random::python_random(std::uint64_t seed) {
  // abs(seed) as 32-bit words, least significant first; 0 -> [0].
  std::uint32_t key[2];
  key[0] = static_cast<std::uint32_t>(seed & 0xffffffffu);
  key[1] = static_cast<std::uint32_t>(seed >> 32);
  const int words = key[1] != 0 ? 2 : 1;
  init_by_array(key, words);
}

void python_random::init_genrand(std::uint32_t s) {
  state_[0] = s;
  for (int i = 1; i < n_; ++i) {
    const std::uint32_t prev = state_[i - 1];
    state_[i] = 1812433253u * (prev ^ (prev >> 30)) + static_cast<std::uint32_t>(i);
  }
  index_ = n_;
}

void python_random::init_by_array(const std::uint32_t* key, int key_length) {
  init_genrand(19650218u);
  int i = 1;
  int j = 0;
  for (int k = n_ > key_length ? n_ : key_length; k > 0; --k) {
    const std::uint32_t prev = state_[i - 1];
    state_[i] = (state_[i] ^ ((prev ^ (prev >> 30)) * 1664525u)) + key[j] +
                static_cast<std::uint32_t>(j);
    ++i;
    ++j;
    if (i >= n_) {
      state_[0] = state_[n_ - 1];
      i = 1;
    }
    if (j >= key_length) j = 0;
  }
  for (int k = n_ - 1; k > 0; --k) {
    const std::uint32_t prev = state_[i - 1];
    state_[i] = (state_[i] ^ ((prev ^ (prev >> 30)) * 1566083941u)) -
                static_cast<std::uint32_t>(i);
    ++i;
    if (i >= n_) {
      state_[0] = state_[n_ - 1];
      i = 1;
    }
  }
  state_[0] = upper_bit;  // guarantees a non-zero state
  index_ = n_;
}

void python_random::twist() {
  for (int i = 0; i < n_; ++i) {
    const std::uint32_t mixed =
        (state_[i] & upper_bit) | (state_[(i + 1) % n_] & lower_bits);
    std::uint32_t next = state_[(i + m_) % n_] ^ (mixed >> 1);
    if (mixed & 1u) next ^= matrix_a;
    state_[i] = next;
  }
  index_ = 0;
}

std::uint32_t python_random::genrand_uint32() {
  if (index_ >= n_) twist();
  std::uint32_t y = state_[index_++];
  // Tempering.
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

double python_random::random() {
  const std::uint32_t a = genrand_uint32() >> 5;  // 27 bits
  const std::uint32_t b = genrand_uint32() >> 6;  // 26 bits
  return (static_cast<double>(a) * 67108864.0 + static_cast<double>(b)) *
         (1.0 / 9007199254740992.0);
}

double python_random::uniform(double a, double b) {
  const double width = b - a;
  const double r = random();
  const double scaled = width * r;
  return a + scaled;
}

}  // namespace synapse
