#!/usr/bin/env bash
# Durable single faults with a light client: wrk posts single faults to LABS labs, one connection and thread each,
# against one service, and prints its rate and the service's CPU time per request (all its threads, from /proc).
# Unlike DurabilityBenchmark's java.net.http client, which takes about half of the two cores itself, wrk leaves the
# service to be the limit, so this shows what a commit costs the service when many students post at once. Warm-up
# rounds first (the JIT compiles for about a minute on two cores). Bounded: WARMUP + ROUNDS runs of SECONDS each,
# loopback only. Run it once per storage or build:
#
#   JAR=/tmp/final.jar APP_ARGS=--pagerlab.storage=memory service/benchmarks/load/durable-singles.sh
#   JAR=/tmp/final.jar service/benchmarks/load/durable-singles.sh     # embedded SQLite, in a fresh directory
#   JAR=/tmp/before.jar LABS=4 service/benchmarks/load/durable-singles.sh
#
# Needs wrk, curl, python3 and Java 21 or later (JAVA_HOME or the java on PATH); Linux (reads /proc/PID/stat).
set -euo pipefail
if [ -n "${JAR:-}" ]; then JAR=$(readlink -f "$JAR"); fi
cd "$(dirname "$0")"
ROOT=$(cd ../../.. && pwd)
PORT=${PORT:-18092}
LABS=${LABS:-8}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
WARMUP=${WARMUP:-6}
ROUNDS=${ROUNDS:-2}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
. ./service.sh
# shellcheck disable=SC2086 # APP_ARGS are separate arguments
start_service ${APP_ARGS:-}
ALL=""
for _ in $(seq 1 "$LABS"); do ALL="$ALL,$(fault_lab x86_64)"; done
export LABS=${ALL#,}

run() {
  local out; out=$(wrk -t"$N" -c"$N" -d"${SECONDS_PER_RUN}s" -s labs.lua "$BASE")
  if echo "$out" | grep -q "Non-2xx"; then echo "requests failed" >&2; echo "$out" >&2; exit 1; fi
  echo "$out"
}
N=$(echo "$LABS" | tr ',' '\n' | wc -l)
for _ in $(seq 1 "$WARMUP"); do run >/dev/null; done
TICKS=$(getconf CLK_TCK)
for round in $(seq 1 "$ROUNDS"); do
  before=$(cpu_ticks)
  rate=$(run | awk '/Requests\/sec/ {print $2}')
  after=$(cpu_ticks)
  awk -v r="$rate" -v n="$N" -v round="$round" -v ticks=$((after - before)) -v hz="$TICKS" -v s="$SECONDS_PER_RUN" \
    'BEGIN { printf "round %d: %d labs, %.0f single faults/s, service %.1f us of CPU per request\n", round, n, r,
             ticks / hz * 1e6 / (r * s) }'
done
