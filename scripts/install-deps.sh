#!/usr/bin/env bash
# Installs everything dyad needs to build and test on Debian 12, from Debian's
# own packages. Safe to re-run. Needs root (or sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PACKAGES=(
  build-essential cmake pkg-config ninja-build git ca-certificates
  libicu-dev                 # sentence segmentation, tokenization, case folding
  libcli11-dev               # command line
  libfmt-dev                 # formatting
  nlohmann-json3-dev         # JSON output and small JSON files
  libsimdjson-dev            # fast JSONL story reading
  zlib1g-dev libzstd-dev     # compressed input
  libsqlite3-dev             # event store
  libjemalloc-dev            # the dyad binary's allocator (threads free each other's blocks cheaply)
  libcairo2-dev              # PNG charts (dyad trend/alignment --plot FILE.png)
  libgtest-dev libgmock-dev  # unit tests
  libbenchmark-dev           # microbenchmarks
  iso-codes                  # ISO 3166 country names for the default dictionaries
  wordnet-base               # WordNet exception lists for verb/noun inflection
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present" >&2
fi
