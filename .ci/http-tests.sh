#!/usr/bin/env bash
# Runs the http-tests/ walkthroughs with httpyac against the built jar on a free loopback port,
# then prints one closing line: "httpyac: N passed, N failed". Needs the jar from ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=$(ls service/app/target/pagerlab-app-*.jar | grep -v plain | head -n1)
(cd http-tests && npm ci --no-audit --no-fund --loglevel=error)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
java -jar "$jar" --server.port="$port" --server.address=127.0.0.1 >"$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null; then break; fi
  if ! kill -0 $app 2>/dev/null; then cat "$log"; echo "the service did not start" >&2; exit 1; fi
  sleep 0.5
done

passed=0
failed=0
for file in http-tests/*.http; do
  summary=$(cd http-tests && npx --no-install httpyac send "$(basename "$file")" --all \
              --var host="http://127.0.0.1:$port" --json 2>/dev/null \
            | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(s["successTests"], s["failedTests"]+s["erroredTests"]+s["erroredRequests"])') \
    || summary="0 1"
  read -r ok bad <<<"$summary"
  echo "$(basename "$file"): $ok passed, $bad failed"
  passed=$((passed + ok))
  failed=$((failed + bad))
done
echo "httpyac: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
