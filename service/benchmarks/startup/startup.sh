#!/usr/bin/env bash
# Time to ready of the app jar, without and with the JDK's AOT cache (JDK 25+, JEP 483/514) or CDS (JDK 21-24):
# each variant is started `runs` times, alternating, on a free loopback port; "ready" is the first 200 from
# /actuator/health/readiness, measured from just before the JVM is launched. Prints the median of each.
#   ./mvnw -B -q package -pl service/app,service/benchmarks -am -DskipTests && service/benchmarks/startup/startup.sh [runs]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../../..
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
runs=${1:-5}
jar=$(ls "$root"/service/app/target/pagerlab-app-*.jar | grep -v plain | head -1)
bench=$root/service/benchmarks/target/benchmarks.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Spring Boot's extracted layout: the AOT cache and CDS only work with it (the classpath must be plain jars).
"$java" -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
app=$work/app/$(basename "$jar")
feature=$("$java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q AOTCacheOutput && echo aot || echo cds)
if [ "$feature" = aot ]; then
    cache=(-XX:AOTCache="$work/app.aot")
    "$java" -XX:AOTCacheOutput="$work/app.aot" -Dspring.context.exit=onRefresh -jar "$app" \
        --server.port=0 --server.address=127.0.0.1 >"$work/training.log" 2>&1
else
    cache=(-XX:SharedArchiveFile="$work/app.jsa")
    "$java" -XX:ArchiveClassesAtExit="$work/app.jsa" -Dspring.context.exit=onRefresh -jar "$app" \
        --server.port=0 --server.address=127.0.0.1 >"$work/training.log" 2>&1
fi

ready_ms() { # command... ; prints milliseconds from launch to readiness
    local port start pid
    port=$("$java" -cp "$bench" dev.pagerlab.benchmarks.http.FreePort)
    start=$(date +%s%N)
    "$@" --server.port="$port" --server.address=127.0.0.1 >"$work/run.log" 2>&1 &
    pid=$!
    until curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null; do
        kill -0 $pid 2>/dev/null || { cat "$work/run.log" >&2; return 1; }
        sleep 0.02
    done
    echo $(( ($(date +%s%N) - start) / 1000000 ))
    kill $pid
    wait $pid 2>/dev/null || true
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: >"$work/jar"; : >"$work/extracted"; : >"$work/cached"
for _ in $(seq 1 "$runs"); do
    ready_ms "$java" -jar "$jar" >>"$work/jar"
    ready_ms "$java" -jar "$app" >>"$work/extracted"
    ready_ms "$java" "${cache[@]}" -jar "$app" >>"$work/cached"
done
printf 'time to ready, median of %d runs (ms): jar %s, extracted %s, extracted + %s cache %s\n' "$runs" \
    "$(median <"$work/jar")" "$(median <"$work/extracted")" "$feature" "$(median <"$work/cached")"
printf 'all runs: jar [%s] extracted [%s] cached [%s]\n' "$(paste -sd' ' "$work/jar")" \
    "$(paste -sd' ' "$work/extracted")" "$(paste -sd' ' "$work/cached")"
