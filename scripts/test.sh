#!/usr/bin/env bash
# scripts/test.sh: runs every test: Catch2 natively and in WASM (under ctest),
# then Node's test runner for the WASM module, the CLI and the page.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== Source file sizes (none over 400 lines)"
node scripts/check-file-sizes.mjs
echo "== Catch2, native"
(cd build/native && ctest --output-on-failure -j "$jobs")
echo "== Catch2, native, AddressSanitizer + UBSan"
# Any report fails its test (UBSan: -fno-sanitize-recover, CMakeLists.txt);
# LeakSanitizer works here and checks each test program at exit. Left out: the
# GAN quality test, 165 s natively and over 8 minutes under the sanitizers (its
# code runs in the other GAN tests). The rest: 3.5 min, built in 4 (2 cores).
(cd build/asan && ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --output-on-failure -j "$jobs" -E "^after 2,000 steps the GAN")
echo "== Catch2, WASM under Node"
(cd build/wasm && ctest --output-on-failure -j "$jobs")
echo "== Node: WASM module, CLI, page"
shopt -s nullglob
node --test --test-concurrency=1 tests/js/*.test.mjs tests/page/*.test.mjs
