# Sourced by the load scripts in this directory (after they set ROOT, PORT and, if they like, JAR): starts the
# service on loopback and stops it on exit, whatever happens, and sets up labs to load.
#
#   start_service ARGS...  builds the app jar unless $JAR is given, starts it (with $JVM_ARGS, if set) on
#                          127.0.0.1:$PORT with a fresh data
#                          directory (removed on exit), logging at WARN, no per-lab history limit, then ARGS; waits
#                          until it is healthy; sets APP (its pid) and BASE (its URL)
#   post PATH BODY         POST under /api/v1/labs, printing the answer
#   new_lab [PLATFORM]     creates a lab (on foc unless PLATFORM is given) and prints its id
#   fault_lab [PLATFORM]   new_lab with a 1 GiB RAM dataspace attached to rm-1 and thread th-1 (what faults.lua and
#                          labs.lua post faults to); prints its id
#   cpu_ticks              the service's CPU time so far, in clock ticks (Linux: /proc/$APP/stat)

start_service() {
  if [ -z "${JAR:-}" ]; then
    (cd "$ROOT" && ./mvnw -B -q package -pl service/app -am -DskipTests)
    JAR=$(ls "$ROOT"/service/app/target/pagerlab-app-*.jar | grep -v plain | head -n1)
  fi
  SERVICE_DATA=$(mktemp -d)
  BASE=http://127.0.0.1:$PORT
  # shellcheck disable=SC2086 # JVM_ARGS are separate arguments
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${JVM_ARGS:-} -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
    --logging.level.root=WARN --pagerlab.storage-directory="$SERVICE_DATA" \
    --pagerlab.limits.operations-per-lab=1000000000 "$@" >"$SERVICE_DATA/service.log" 2>&1 &
  APP=$!
  trap 'kill $APP 2>/dev/null || true; wait $APP 2>/dev/null || true; rm -rf "$SERVICE_DATA"' EXIT
  for _ in $(seq 1 180); do
    curl -sf "$BASE/actuator/health" >/dev/null && return 0
    sleep 1
  done
  echo "the service did not start" >&2
  cat "$SERVICE_DATA/service.log" >&2
  exit 1
}

post() { curl -sf -X POST "$BASE/api/v1/labs$1" -H 'Content-Type: application/json' -d "$2"; }

new_lab() { post "" "{\"platform\":\"${1:-foc}\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

fault_lab() {
  local lab; lab=$(new_lab "${1:-foc}")
  post "/$lab/dataspaces" '{"type":"RAM","size":"1G"}' >/dev/null
  post "/$lab/rm-sessions" '{"size":"1G"}' >/dev/null
  post "/$lab/rm-sessions/rm-1/regions" '{"dataspace":"ds-1"}' >/dev/null
  post "/$lab/rm-sessions/rm-1/threads" '{}' >/dev/null
  echo "$lab"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP/stat"; }
