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
echo "== Catch2, WASM under Node"
(cd build/wasm && ctest --output-on-failure -j "$jobs")
echo "== Node: WASM module, CLI, page"
shopt -s nullglob
node --test --test-concurrency=1 tests/js/*.test.mjs tests/page/*.test.mjs
