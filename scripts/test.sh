#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install dependencies, build,
# run the main job, then every test: the normal build, an
# AddressSanitizer+UBSan build of the test suite, and a build of the
# portable code paths that replace SSE2 on other architectures.
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
echo "== tests (portable code paths instead of SSE2, Debug)" >&2
bash scripts/build.sh build-portable -DDYAD_PORTABLE=ON -DDYAD_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
ctest --test-dir build-portable --output-on-failure -j "$(nproc)"
