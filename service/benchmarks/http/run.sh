#!/usr/bin/env bash
# Starts the app jar on a free loopback port, runs one load driver of the benchmarks module against it, stops it.
#   service/benchmarks/http/run.sh FaultBatchLoad [batches] [singles]
#   service/benchmarks/http/run.sh SseLoad [labs] [clients-per-lab] [seconds] [faults-per-second-per-lab] [warm-up-s]
# Extra app settings: APP_ARGS="--pagerlab.limits.labs=128 ..." service/benchmarks/http/run.sh ...
# Another build of the app or of the drivers (to compare two in one session): APP_JAR=/tmp/before.jar or
# BENCH_JAR=/tmp/before-benchmarks.jar service/benchmarks/http/run.sh ...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../../..
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
app=${APP_JAR:-$(ls "$root"/service/app/target/pagerlab-app-*.jar | grep -v plain | head -1)}
bench=${BENCH_JAR:-$root/service/benchmarks/target/benchmarks.jar}
driver=$1
shift
port=$("$java" -cp "$bench" dev.pagerlab.benchmarks.http.FreePort)
log=$(mktemp)
# A driver puts far more operations into one lab than a class does: the per-lab history limit is lifted.
"$java" ${APP_JAVA_OPTS:-} -jar "$app" --server.address=127.0.0.1 --server.port="$port" \
    --pagerlab.limits.operations-per-lab=1000000000 ${APP_ARGS:-} >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break
    kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.2
done
# The driver also reports the server's CPU time per fault, which a loaded machine disturbs less than wall time.
"$java" ${DRIVER_JAVA_OPTS:-} -Dpagerlab.bench.server-pid=$pid -cp "$bench" "dev.pagerlab.benchmarks.http.$driver" "http://127.0.0.1:$port" "$@"
