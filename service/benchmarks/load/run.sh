#!/usr/bin/env bash
# Load tests with wrk on loopback: single-fault POSTs, a 12-worker attach/detach/fault storm, the storm while one
# client misbehaves (opens the lab's event stream and never reads it), the storm while another client builds the
# detach path explosion in its own lab and detaches through it, and the storm again. Each run is bounded ($DURATION
# per wrk run), the service is started here on 127.0.0.1 and stopped at the end, whatever happens.
#
#   service/benchmarks/load/run.sh            # builds the app jar unless $JAR is given; DURATION=20s by default
#   STORAGE=database service/benchmarks/load/run.sh # the default embedded journal (SQLite in a temporary
#                                                     # directory), not memory
#
# Needs wrk (installed with apt-get when missing and running as root), curl and python3.
set -euo pipefail
if [ -n "${JAR:-}" ]; then JAR=$(readlink -f "$JAR"); fi
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../../.. && pwd)
PORT=${PORT:-18090}
# Small send queues, so that in a bounded run the client that never reads overflows its queue and is dropped many
# times (with the default 16,384 it takes ~15k attach/detach pairs, longer than a run).
SERVICE_ARGS=${SERVICE_ARGS:---pagerlab.sse.send-queue=256 --pagerlab.sse.replay-buffer=256}
STORAGE=${STORAGE:-memory}
DURATION=${DURATION:-20s}

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing: apt-get install wrk" >&2
    exit 2
  fi
fi

# memory by default, so that the numbers compare with those taken before labs were journaled; database journals every
# accepted change into the default embedded database (SQLite) in the service's temporary directory.
case "$STORAGE" in
  memory) STORAGE_ARGS=(--pagerlab.storage=memory) ;;
  database) STORAGE_ARGS=() ;;
  *) echo "STORAGE is memory or database" >&2; exit 2 ;;
esac
. "$HERE/service.sh"
# shellcheck disable=SC2086 # SERVICE_ARGS are separate arguments
JVM_ARGS=-Xmx1g start_service "${STORAGE_ARGS[@]}" $SERVICE_ARGS

storm_lab() {
  local lab; lab=$(new_lab)
  post "/$lab/dataspaces" '{"type":"RAM","size":"64K"}' >/dev/null
  for w in $(seq 1 12); do
    post "/$lab/rm-sessions" '{"size":"4M"}' >/dev/null
    post "/$lab/rm-sessions/rm-$w/threads" '{}' >/dev/null
  done
  echo "$lab"
}

# Prints "name req/s p99 non2xx" from one wrk run.
measure() {
  local name=$1; shift
  local out; out=$(wrk --latency --timeout 10s -d "$DURATION" "$@" "$BASE")
  echo "$out" >&2
  local rps p99 bad
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  printf '%-34s %10s req/s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p99" "${bad:-0}"
}

# Warm-up: the JIT and the lab code paths, not measured.
LAB=$(fault_lab) wrk -d 10s -t2 -c8 -s "$HERE/faults.lua" "$BASE" >/dev/null
LAB=$(storm_lab) wrk -d 10s -t12 -c12 -s "$HERE/storm.lua" "$BASE" >/dev/null

SUMMARY=()
SUMMARY+=("$(LAB=$(fault_lab) measure "single-fault POSTs (2 threads, 16 conns)" -t2 -c16 -s "$HERE/faults.lua")")
SUMMARY+=("$(LAB=$(storm_lab) measure "storm (12 workers)" -t12 -c12 -s "$HERE/storm.lua")")
LAB=$(storm_lab)
SECONDS_OF_RUN=$(( ${DURATION%s} + 5 ))
python3 "$HERE/silent_sse.py" --port "$PORT" --lab "$LAB" --streams 8 --seconds "$SECONDS_OF_RUN" >&2 &
SILENT=$!
sleep 2
SUMMARY+=("$(LAB=$LAB measure "storm + a client that never reads" -t12 -c12 -s "$HERE/storm.lua")")
wait $SILENT || true
# The explosion client builds its chain (n = 200: 801 regions, 1.6 billion paths) before the storm starts, then
# detaches and re-attaches through it in its own lab while the storm runs in another.
python3 "$HERE/explosion.py" --port "$PORT" --n 200 --seconds "$SECONDS_OF_RUN" >&2 &
EXPLOSION=$!
sleep 5
SUMMARY+=("$(LAB=$(storm_lab) measure "storm + a path explosion next door" -t12 -c12 -s "$HERE/storm.lua")")
wait $EXPLOSION || true
SUMMARY+=("$(LAB=$(storm_lab) measure "storm again (no misbehaving client)" -t12 -c12 -s "$HERE/storm.lua")")

echo
printf '%s\n' "${SUMMARY[@]}"
