#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install dependencies, build,
# run the main job, then every test: the normal build and an
# AddressSanitizer+UBSan build of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/quickstart.sh > /dev/null
echo "== tests (RelWithDebInfo, -Werror)" >&2
ctest --test-dir build --output-on-failure -j "$(nproc)"
echo "== tests (AddressSanitizer + UBSan)" >&2
bash scripts/build.sh build-asan -DDYAD_SANITIZE=ON -DDYAD_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp" \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
