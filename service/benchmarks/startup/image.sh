#!/usr/bin/env bash
# Time to ready of the Docker image: each variant is started `runs` times, alternating, with host networking on a
# free loopback port; "ready" is the first 200 from /actuator/health/readiness, measured from just before
# `docker run`. Prints the median of each variant and every run. A variant is LABEL=IMAGE, the image as it ships,
# or LABEL=IMAGE COMMAND..., the image started with COMMAND instead of its entrypoint (for example
# "no-cds=pagerlab:latest java -Xshare:off -jar /app/pagerlab.jar").
#   service/benchmarks/startup/image.sh 3 before=pagerlab:before after=pagerlab:latest
# BENCHMARKS.md, "Start-up", has the commands that build the images compared there.
set -euo pipefail
runs=${1:?usage: image.sh RUNS LABEL=IMAGE[ COMMAND...]...}
shift
[ $# -gt 0 ] || { echo "usage: image.sh RUNS LABEL=IMAGE[ COMMAND...]..." >&2; exit 2; }
work=$(mktemp -d)
container=
cleanup() {
    [ -z "$container" ] || docker rm -f -v "$container" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { # a loopback port nothing answers on, below Linux's ephemeral range (other programs' outgoing ports)
    local port
    while :; do
        port=$((10000 + RANDOM % 20000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

ready_ms() { # variant index; prints milliseconds from `docker run` to readiness
    local spec=${variants[$1]} port start image command
    read -r -a command <<<"${spec#*=}"
    image=${command[0]}
    command=("${command[@]:1}")
    port=$(free_port)
    start=$(date +%s%N)
    if [ ${#command[@]} -eq 0 ]; then
        container=$(docker run -d --network host -e SERVER_PORT="$port" -e SERVER_ADDRESS=127.0.0.1 "$image")
    else
        container=$(docker run -d --network host -e SERVER_PORT="$port" -e SERVER_ADDRESS=127.0.0.1 \
            --entrypoint "${command[0]}" "$image" "${command[@]:1}")
    fi
    until curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null; do
        if [ "$(docker inspect -f '{{.State.Running}}' "$container" 2>/dev/null)" != true ]; then
            docker logs "$container" 2>&1 | tail -30 >&2 || true
            echo "image.sh: ${spec%%=*} stopped before it was ready" >&2
            return 1
        fi
        sleep 0.02
    done
    echo $(( ($(date +%s%N) - start) / 1000000 ))
    docker logs "$container" >"$work/log" 2>&1
    # The JVM's own figure, for comparison: "Started ... in X seconds (process running for Y)".
    grep -o 'process running for [0-9.]*' "$work/log" | tail -1 >>"$work/jvm.$1" || true
    # A class-data archive the JVM could not use shows as a warning, and the run then measures a start without it.
    grep -E '\[(warning|error)\]\[(cds|aot)' "$work/log" | sed "s/^/${spec%%=*}: /" >&2 || true
    docker rm -f -v "$container" >/dev/null
    container=
}

variants=("$@")
for i in "${!variants[@]}"; do : >"$work/$i"; : >"$work/jvm.$i"; done
for _ in $(seq 1 "$runs"); do
    for i in "${!variants[@]}"; do
        ready_ms "$i" >>"$work/$i"
    done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf 'time to ready, median of %d runs, alternating (ms):\n' "$runs"
for i in "${!variants[@]}"; do
    spec=${variants[$i]}
    printf '  %-14s %6s   runs [%s]   JVM: %s\n' "${spec%%=*}" "$(median <"$work/$i")" \
        "$(paste -sd' ' "$work/$i")" "$(sed 's/process running for //' "$work/jvm.$i" | paste -sd' ')"
done
