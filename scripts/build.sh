#!/usr/bin/env bash
# scripts/build.sh: builds everything: the native engine, CLI and tests
# (build/native), the tests under sanitizers (build/asan), the WASM engine and
# tests (build/wasm), then the web page
# (web/dist). Incremental: reruns are quick.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

# MNIST as the runner and the page load it (build/data; skipped when up to date),
# and the LSTM lab's airline series, read by the engine as it is.
node datasets/prepare-mnist.mjs
cp -p datasets/airline-passengers.csv build/data/

if [ ! -f build/native/build.ninja ]; then
  cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build/native -j "$jobs"

# The Catch2 tests again under AddressSanitizer and UBSan (CMakeLists.txt,
# SYNAPSE_SANITIZE), run by scripts/test.sh: only the test program.
if [ ! -f build/asan/build.ninja ]; then
  cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYNAPSE_SANITIZE=ON
fi
cmake --build build/asan -j "$jobs" --target unit_tests

if [ ! -f build/wasm/build.ninja ]; then
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build/wasm -j "$jobs"


if [ -f web/vite.config.mjs ]; then
  mkdir -p web/src/generated
  # The reference build and the opt-in relaxed-SIMD one (web/src/engine-build.ts).
  cp build/wasm/engine.mjs build/wasm/engine.wasm build/wasm/engine-relaxed.mjs build/wasm/engine-relaxed.wasm web/src/generated/
  # The page's TypeScript is type-checked (vite only strips the types): a type error fails the build.
  npx tsc --noEmit -p web/tsconfig.json
  # Inputs (web/vite.config.mjs): index.html, the one page for every lab; mnist.html, the MNIST lab's old address.
  # Its last step (web/vite-offline.mjs) puts build/data's files, gzip-compressed, in web/dist/data
  # (the labs fetch them from the page's own host) and writes the service worker, web/dist/sw.js.
  npx vite build --config web/vite.config.mjs --logLevel warn
fi
echo "build: native build/native/synapse, wasm build/wasm/engine{,-relaxed}.{mjs,wasm}, page web/dist"
