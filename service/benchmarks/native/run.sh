#!/usr/bin/env bash
# Builds the native baseline (pager.cc) with g++ -O2 when a compiler is present and runs it:
#   service/benchmarks/native/run.sh flat|nested [faults] [rounds]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../target/native
cxx=${CXX:-g++}
if ! command -v "$cxx" >/dev/null; then
    echo "no C++ compiler ($cxx): the native baseline is skipped" >&2
    exit 2
fi
mkdir -p "$out"
if [ ! -x "$out/pager" ] || [ "$here/pager.cc" -nt "$out/pager" ]; then
    "$cxx" -O2 -std=c++17 -o "$out/pager" "$here/pager.cc"
fi
exec "$out/pager" "$@"
