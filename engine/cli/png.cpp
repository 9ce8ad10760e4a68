// cli/png.cpp: the greyscale PNG writer and the sample grid (format and formulas: png.h).
#include "engine/cli/png.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace synapse {
namespace {

// T[n] for the reflected CRC-32 with polynomial 0xEDB88320, built once.
const std::array<std::uint32_t, 256>& crc32_table() {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
      t[n] = c;
    }
    return t;
  }();
  return table;
}

void put_u32_be(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>((v >> 24) & 0xFF));
  out.push_back(static_cast<char>((v >> 16) & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
  out.push_back(static_cast<char>(v & 0xFF));
}

void put_u16_le(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}

const std::uint8_t* bytes_of(const std::string& s, std::size_t from = 0) {
  return reinterpret_cast<const std::uint8_t*>(s.data()) + from;
}

// Appends length | type | data | CRC-32(type + data).
void put_chunk(std::string& out, const char (&type)[5], const std::string& data) {
  put_u32_be(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t type_at = out.size();
  out.append(type, 4);
  out += data;
  put_u32_be(out, crc32(bytes_of(out, type_at), 4 + data.size()));
}

// Stored-block deflate size limit: LEN is 16 bits.
constexpr std::size_t stored_block_max = 65535;

// The zlib stream of `raw`: header 78 01, stored blocks of at most 65,535 bytes, Adler-32.
std::string zlib_stored(const std::string& raw) {
  const std::size_t blocks = raw.empty() ? 1 : (raw.size() + stored_block_max - 1) / stored_block_max;
  std::string z;
  z.reserve(2 + raw.size() + 5 * blocks + 4);
  z.push_back(static_cast<char>(0x78));
  z.push_back(static_cast<char>(0x01));
  std::size_t at = 0;
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::size_t len = std::min(stored_block_max, raw.size() - at);
    const bool last = b + 1 == blocks;
    z.push_back(static_cast<char>(last ? 0x01 : 0x00));   // BFINAL, BTYPE = 00 (stored)
    put_u16_le(z, static_cast<std::uint32_t>(len));
    put_u16_le(z, static_cast<std::uint32_t>(~len & 0xFFFF));
    z.append(raw, at, len);
    at += len;
  }
  put_u32_be(z, adler32(bytes_of(raw), raw.size()));
  return z;
}

void check_side(const char* what, int v) {
  if (v < 1 || v > png_max_side)
    throw std::invalid_argument(std::string("png: ") + what + " must be 1.." +
                                std::to_string(png_max_side) + ", got " + std::to_string(v));
}

// round(255 * (v - lo) / (hi - lo)) clamped to 0..255; NaN -> 0.
std::uint8_t grey_of(double v, double lo, double hi) {
  const double t = 255.0 * (v - lo) / (hi - lo);
  if (!(t > 0.0)) return 0;
  if (t >= 255.0) return 255;
  return static_cast<std::uint8_t>(std::floor(t + 0.5));
}

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t n, std::uint32_t crc) {
  const auto& t = crc32_table();
  std::uint32_t c = ~crc;
  for (std::size_t i = 0; i < n; ++i) c = t[(c ^ data[i]) & 0xFFu] ^ (c >> 8);
  return ~c;
}

std::uint32_t adler32(const std::uint8_t* data, std::size_t n, std::uint32_t adler) {
  constexpr std::uint32_t mod = 65521;
  // 5552 is the most bytes whose sums cannot overflow 32 bits before reducing (as zlib's NMAX).
  constexpr std::size_t run_max = 5552;
  std::uint32_t a = adler & 0xFFFFu, b = adler >> 16;
  while (n > 0) {
    const std::size_t run = std::min(n, run_max);
    for (std::size_t i = 0; i < run; ++i) {
      a += data[i];
      b += a;
    }
    a %= mod;
    b %= mod;
    data += run;
    n -= run;
  }
  return (b << 16) | a;
}

std::string png_gray8(int width, int height, const std::uint8_t* pixels) {
  check_side("width", width);
  check_side("height", height);
  if (pixels == nullptr) throw std::invalid_argument("png: pixels is null");

  const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
  std::string raw;
  raw.reserve(h * (w + 1));
  for (std::size_t y = 0; y < h; ++y) {
    raw.push_back('\0');   // filter type 0: None
    raw.append(reinterpret_cast<const char*>(pixels + y * w), w);
  }

  std::string ihdr;
  put_u32_be(ihdr, static_cast<std::uint32_t>(width));
  put_u32_be(ihdr, static_cast<std::uint32_t>(height));
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);   // depth 8, grey, deflate, filter 0, no interlace

  std::string png("\x89PNG\r\n\x1a\n", 8);
  put_chunk(png, "IHDR", ihdr);
  put_chunk(png, "IDAT", zlib_stored(raw));
  put_chunk(png, "IEND", std::string());
  return png;
}

std::vector<std::uint8_t> image_grid(const double* images, int count, int rows, int cols,
                                     int per_row, int gap, double lo, double hi,
                                     int& out_width, int& out_height) {
  auto require = [](bool ok, const std::string& message) {
    if (!ok) throw std::invalid_argument("image_grid: " + message);
  };
  require(count >= 1, "count must be >= 1, got " + std::to_string(count));
  require(rows >= 1 && cols >= 1,
          "image size must be >= 1 x 1, got " + std::to_string(rows) + " x " + std::to_string(cols));
  require(per_row >= 1, "per_row must be >= 1, got " + std::to_string(per_row));
  require(gap >= 0, "gap must be >= 0, got " + std::to_string(gap));
  require(rows <= png_max_side && cols <= png_max_side && gap <= png_max_side,
          "image size and gap must be <= " + std::to_string(png_max_side));
  require(std::isfinite(lo) && std::isfinite(hi) && lo < hi && std::isfinite(hi - lo),
          "need finite lo < hi, got lo = " + std::to_string(lo) + ", hi = " + std::to_string(hi));
  require(images != nullptr, "images is null");

  const long long grid_cols = std::min(count, per_row);
  const long long grid_rows = (static_cast<long long>(count) + per_row - 1) / per_row;
  const long long width = gap + grid_cols * (static_cast<long long>(cols) + gap);
  const long long height = gap + grid_rows * (static_cast<long long>(rows) + gap);
  require(width <= png_max_side && height <= png_max_side,
          "grid of " + std::to_string(width) + " x " + std::to_string(height) +
              " pixels exceeds the PNG limit of " + std::to_string(png_max_side));

  const auto W = static_cast<std::size_t>(width);
  std::vector<std::uint8_t> grid(W * static_cast<std::size_t>(height), image_grid_background);
  const auto pixels_per_image = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
  for (int k = 0; k < count; ++k) {
    const double* image = images + static_cast<std::size_t>(k) * pixels_per_image;
    const auto top = static_cast<std::size_t>(gap + (k / per_row) * (rows + gap));
    const auto left = static_cast<std::size_t>(gap + (k % per_row) * (cols + gap));
    for (int y = 0; y < rows; ++y) {
      std::uint8_t* out = grid.data() + (top + static_cast<std::size_t>(y)) * W + left;
      const double* in = image + static_cast<std::size_t>(y) * static_cast<std::size_t>(cols);
      for (int x = 0; x < cols; ++x) out[x] = grey_of(in[x], lo, hi);
    }
  }
  out_width = static_cast<int>(width);
  out_height = static_cast<int>(height);
  return grid;
}

}  // namespace synapse
