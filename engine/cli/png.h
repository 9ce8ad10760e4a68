// cli/png.h: write an 8-bit greyscale PNG without a compression library, and
// lay sample images out on a grid for it (`synapse run gan-mnist --samples grid.png`).
//
// The file (PNG 1.2 / ISO 15948; all integers big-endian):
//   signature   89 50 4E 47 0D 0A 1A 0A
//   chunk       length (4, of data) | type (4) | data | CRC-32 of type + data (4)
//   IHDR (13)   width (4) | height (4) | bit depth 8 | colour type 0 (grey) |
//               compression 0 | filter 0 | interlace 0
//   IDAT        one zlib stream (RFC 1950) of the raw data: height rows, each a
//               filter byte 0 ("None") then width grey bytes, so raw = height * (width + 1)
//   IEND (0)    no data; its CRC is AE 42 60 82
// The zlib stream is 78 01 (deflate, 32K window, level "fastest": (0x78 * 256 + 0x01) % 31 == 0),
// then *stored* deflate blocks (RFC 1951 §3.2.4), each at most 65,535 bytes:
//   header byte BFINAL (bit 0, 1 on the last block) | BTYPE 00 (bits 1-2), LEN (2, little-endian),
//   NLEN = ~LEN (2, little-endian), LEN raw bytes;
// then the Adler-32 of the raw data (4, big-endian).
//
// CRC-32 (ISO-HDLC, as PNG and zlib): reflected, polynomial 0xEDB88320, register starts at
//   0xFFFFFFFF and is inverted at the end:  c = T[(c ^ byte) & 0xFF] ^ (c >> 8),
//   T[n] = n shifted right 8 times, xoring 0xEDB88320 whenever a 1 falls out.
// Adler-32 (RFC 1950): a = 1 + sum of bytes, b = sum of the a's, both mod 65521; (b << 16) | a.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace synapse {

// CRC-32 of n bytes, continuing from a previous result `crc` (0 to start):
// crc32(ab) == crc32(b, nb, crc32(a, na)).  crc32("123456789") == 0xCBF43926.
std::uint32_t crc32(const std::uint8_t* data, std::size_t n, std::uint32_t crc = 0);

// Adler-32 of n bytes, continuing from `adler` (1 to start, as zlib).
// adler32("Wikipedia") == 0x11E60398.
std::uint32_t adler32(const std::uint8_t* data, std::size_t n, std::uint32_t adler = 1);

// Largest width or height png_gray8 accepts (the IDAT stays far below PNG's 2^31 - 1 limit).
constexpr int png_max_side = 16384;

// The PNG file, as bytes, of a width x height greyscale image; pixels is row-major,
// width * height bytes, 0 black .. 255 white. Throws std::invalid_argument if width or
// height is outside 1..png_max_side or pixels is null.
std::string png_gray8(int width, int height, const std::uint8_t* pixels);

// Grey level of the gaps between grid cells and of unused cells: mid-grey, what the
// midpoint (lo + hi) / 2 maps to (round(127.5)). A generated MNIST digit is white strokes
// on its own black background (-1 -> 0), so a black gap would merge neighbouring tiles into
// one black field and a stroke touching a tile's edge would seem to run into the next
// digit; grey frames every tile and stays darker than strokes, lighter than the ground.
constexpr std::uint8_t image_grid_background = 128;

// Lays `count` images (each rows x cols doubles, row-major, one after another in
// `images`) on a grid, left to right then top to bottom, `per_row` to a grid row, with
// `gap` background pixels between images and around the border:
//   grid columns C = min(count, per_row), grid rows R = ceil(count / per_row)
//   out_width  = gap + C * (cols + gap),  out_height = gap + R * (rows + gap)
//   image k's pixel (y, x) lands at (gap + (k / per_row) * (rows + gap) + y,
//                                    gap + (k % per_row) * (cols + gap) + x)
//   grey(v) = round(255 * (v - lo) / (hi - lo)), clamped to 0..255 (half rounds up; NaN -> 0)
// Returns out_height * out_width bytes, row-major, ready for png_gray8. The GAN lab's 100
// samples of 28 x 28 in [-1, 1], 10 per row, gap 2, make a 302 x 302 grid.
// Throws std::invalid_argument if count, rows, cols or per_row < 1, gap < 0, lo and hi are
// not finite with lo < hi, images is null, or a side would exceed png_max_side.
std::vector<std::uint8_t> image_grid(const double* images, int count, int rows, int cols,
                                     int per_row, int gap, double lo, double hi,
                                     int& out_width, int& out_height);

}  // namespace synapse
