#!/usr/bin/env python3
"""Generate the golden PNG bytes that tests/native/test_png.cpp compares with png_gray8().

Builds the PNGs with the standard library only (struct, zlib) exactly as
engine/cli/png.h describes: signature, IHDR (8-bit grey, no interlace), one IDAT
holding a zlib stream of *stored* deflate blocks (header 78 01, blocks of at most
65,535 bytes, a filter byte 0 before each row, Adler-32), IEND; CRC-32 per chunk.

The stored blocks are written here by hand with struct, because zlib's own level-0
stream cuts blocks where its buffers end, not at 65,535 bytes. zlib then checks the
result: zlib.decompress must give back the raw rows, and for the small image the
stream must equal zlib.compress(raw, 0) byte for byte.

Prints:
  * the 3 x 2 image's PNG as hex, 32 bytes per line, for the test's inline golden;
  * the length and CRC-32 of the whole 300 x 300 PNG whose pixel (x, y) is
    (7 * x + 13 * y) % 256 (its raw data, 90,300 bytes, needs two stored blocks).

Run from the repository root with any python3:  python3 tests/golden/gen_png.py
"""
import struct
import zlib

STORED_MAX = 65535


def zlib_stored(raw):
    out = bytearray(b"\x78\x01")
    starts = list(range(0, len(raw), STORED_MAX)) or [0]
    for i, at in enumerate(starts):
        block = raw[at:at + STORED_MAX]
        final = 1 if i == len(starts) - 1 else 0
        out += struct.pack("<BHH", final, len(block), len(block) ^ 0xFFFF)
        out += block
    out += struct.pack(">I", zlib.adler32(raw))
    return bytes(out)


def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data)))


def png_gray8(width, height, pixels):
    raw = b"".join(b"\x00" + bytes(pixels[y * width:(y + 1) * width]) for y in range(height))
    idat = zlib_stored(raw)
    assert zlib.decompress(idat) == raw
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) +
           chunk(b"IEND", b""))
    return png, raw, idat


def main():
    small = [0, 127, 255,
             1, 128, 254]
    png, raw, idat = png_gray8(3, 2, small)
    assert idat == zlib.compress(raw, 0), "zlib's level-0 stream differs for the 3 x 2 image"
    print("// 3 x 2 image, pixels", small, "-", len(png), "bytes")
    for at in range(0, len(png), 32):
        print('"' + png[at:at + 32].hex().upper() + '"')

    w = h = 300
    big = [(7 * x + 13 * y) % 256 for y in range(h) for x in range(w)]
    png, raw, idat = png_gray8(w, h, big)
    print("// 300 x 300 image, pixel (x, y) = (7x + 13y) %% 256: raw %d bytes, "
          "PNG %d bytes, CRC-32 of the file 0x%08X" % (len(raw), len(png), zlib.crc32(png)))


if __name__ == "__main__":
    main()
