#!/usr/bin/env bash
# The engine against native code, in one run (BENCHMARKS.md): for flat and nested, the native baseline (median of
# its rounds, once before and once after JMH, averaged), the engine's checksum (must equal the native one) and
# NativeWorkloadBenchmark's score; prints faults/s and the ratio engine/native. Extra arguments go to JMH.
# ENTRY=faultsIntoAnswer measures the engine through Lab.fault into a reused FaultAnswer instead of the ordinary
# Lab.fault (ENTRY=faults, the default).
#   ./mvnw -B -q package -pl service/benchmarks -am -DskipTests && service/benchmarks/native/ratio.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=$here/../target/benchmarks.jar
[ -f "$jar" ] || { echo "build first: ./mvnw -B -q package -pl service/benchmarks -am -DskipTests" >&2; exit 1; }
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
csv=$(mktemp)
trap 'rm -f "$csv"' EXIT
native_rate() { "$here/run.sh" "$1" 4000000 5 | awk '/median/ { print $4 }'; }
native_sum() { "$here/run.sh" "$1" 4000000 1 | sed -n 's/.*checksum \([0-9a-f]*\).*/\1/p'; }
status=0
for shape in flat nested; do
    before=$(native_rate "$shape")
    "$java" -jar "$jar" "NativeWorkloadBenchmark.${ENTRY:-faults}\$" -p shape="$shape" -rf csv -rff "$csv" "$@" >/dev/null
    after=$(native_rate "$shape")
    engine=$(awk -F, 'NR == 2 { print $5 }' "$csv")
    want=$(native_sum "$shape")
    got=$("$java" -cp "$jar" dev.pagerlab.benchmarks.NativeWorkload "$shape" | sed -n 's/.*checksum \([0-9a-f]*\).*/\1/p')
    same=$([ "$want" = "$got" ] && echo "equal" || echo "DIFFERENT")
    [ "$same" = equal ] || status=1
    awk -v s="$shape" -v entry="${ENTRY:-faults}" -v b="$before" -v a="$after" -v e="$engine" -v c="$same ($got)" 'BEGIN {
        n = (b + a) / 2
        printf "%-6s %s native %.2f M faults/s (%.2f before, %.2f after)  engine %.2f M faults/s  ratio %.2f  checksums %s\n",
            s, entry, n / 1e6, b / 1e6, a / 1e6, e / 1e6, e / n, c }'
done
exit $status
