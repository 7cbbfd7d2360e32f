#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install dependencies, build,
# and code the example article with dyad's default dictionaries.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build
example=../shared/examples/iraq-iran-military-cooperation.jsonl
[ -f "$example" ] || example=data/examples/iraq-iran-2005.jsonl
echo "== dyad code $example" >&2
./build/dyad code "$example" --format jsonl --summary
