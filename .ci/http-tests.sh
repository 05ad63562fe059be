#!/usr/bin/env bash
# Runs the http-tests/ walkthroughs with httpyac against the built jar on a free loopback port. Quiet when they
# pass; on a failure, each failed exchange in full. Writes a JUnit report to target/http-tests/junit.xml and
# ends with one line: "httpyac: N passed, N failed". Needs the jar from ./mvnw verify (or package).
set -euo pipefail
cd "$(dirname "$0")/.."

jar=$(ls service/app/target/pagerlab-app-*.jar | head -n1)
(cd http-tests && npm ci --no-audit --no-fund --loglevel=error)

log=$(mktemp)
# Port 0: the service picks a free port and logs it.
java -jar "$jar" --server.port=0 --server.address=127.0.0.1 >"$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT

port=
for _ in $(seq 1 240); do
  port=$(sed -n 's/.*Tomcat started on port[^0-9]*\([0-9][0-9]*\).*/\1/p' "$log" | head -n1)
  if [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null; then break; fi
  if ! kill -0 $app 2>/dev/null; then cat "$log"; echo "the service did not start" >&2; exit 1; fi
  sleep 0.5
done
[ -n "$port" ] || { cat "$log"; echo "the service did not report its port" >&2; exit 1; }

mkdir -p target/http-tests
report=target/http-tests/junit.xml
send() { (cd http-tests && npx --no-install httpyac send ./*.http --all --var host="http://127.0.0.1:$port" "$@"); }

status=0
send --junit >"$report" || status=$?

root=$(grep -m1 -o '<testsuites [^>]*>' "$report" || true)
attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$root"; }
tests=$(attr tests); failures=$(attr failures); errors=$(attr errors)
tests=${tests:-0}; failed=$(( ${failures:-0} + ${errors:-0} ))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

if [ "$failed" -ne 0 ]; then
  echo "httpyac failed (exit $status); the failed exchanges, from a second run:" >&2
  send --output none --output-failed exchange --filter only-failed >&2 || true
fi
echo "httpyac: $(( tests - ${failures:-0} - ${errors:-0} )) passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$tests" -gt 0 ]
