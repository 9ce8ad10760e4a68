// layers/shape.h: the shape of one example as a layer takes or gives it (the
// batch is always the row index of the activation matrix, so a layer sees
// (B, size) and reads each row with its own geometry):
//   (N)        features (dense, dropout)
//   (T, F)     a sequence of T steps of F features (the LSTM lab)
//   (H, W, C)  an image, channels last: Keras' default layout, so the
//              lecture's shapes and summaries read the same, and a pixel's
//              channels are contiguous (im2col rows and the packed gemm's
//              output columns run over channels and filters).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace synapse {

using shape = std::vector<int>;

// Values in one example (64-bit: sizes are checked before any allocation).
inline std::uint64_t shape_size(const shape& s) {
  std::uint64_t n = 1;
  for (int d : s) n *= static_cast<std::uint64_t>(d < 0 ? 0 : d);
  return n;
}

// "(28, 28, 1)", "(200)" - as Keras' summary writes them, without the batch.
inline std::string shape_text(const shape& s) {
  std::string t = "(";
  for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
  return t + ")";
}

}  // namespace synapse
