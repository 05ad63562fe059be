#!/usr/bin/env bash
# Issue 13 goal 6 with wrk: single-fault POSTs against GET of a lab on one service (memory storage), alternating,
# with the service's CPU time per request (all its threads, from /proc). A warm-up round first: the first ~20,000
# requests of each kind still run partly interpreted. Bounded: ROUNDS x 2 runs of SECONDS each, loopback only.
#
#   service/benchmarks/load/fault-vs-get.sh                    # builds the app jar unless $JAR is given
#   JAR=/tmp/before.jar service/benchmarks/load/fault-vs-get.sh  # two builds: run each in turn
#
# Needs wrk, curl, python3 and Java 21 or later (JAVA_HOME or the java on PATH); Linux (reads /proc/PID/stat).
set -euo pipefail
if [ -n "${JAR:-}" ]; then JAR=$(readlink -f "$JAR"); fi
cd "$(dirname "$0")"
ROOT=$(cd ../../.. && pwd)
PORT=${PORT:-18091}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
ROUNDS=${ROUNDS:-3}
WARMUP_SECONDS=${WARMUP_SECONDS:-$SECONDS_PER_RUN}   # longer on a busy machine, where compilation takes longer
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
. ./service.sh
start_service --pagerlab.storage=memory
LAB=$(fault_lab)
export LAB

TICK_US=$((1000000 / $(getconf CLK_TCK)))
run() { # label, seconds, wrk arguments...
  local label=$1 seconds=$2; shift 2
  local before after out requests rate
  before=$(cpu_ticks)
  out=$(wrk -t1 -c4 -d"${seconds}s" "$@")
  after=$(cpu_ticks)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  if echo "$out" | grep -q "Non-2xx"; then echo "$label: requests failed" >&2; echo "$out" >&2; exit 1; fi
  echo "$label $rate $(( (after - before) * TICK_US / requests ))"
}
echo "round kind req/s server-CPU-us/request (wrk -t1 -c4, ${SECONDS_PER_RUN}s each)"
for round in warm-up $(seq 1 "$ROUNDS"); do
  seconds=$SECONDS_PER_RUN; [ "$round" = warm-up ] && seconds=$WARMUP_SECONDS
  run "$round GET " "$seconds" "$BASE/api/v1/labs/$LAB"
  run "$round POST" "$seconds" -s faults.lua "$BASE"
done
