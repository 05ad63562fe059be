#!/usr/bin/env python3
"""Where a GET of a lab and a single-fault POST spend their time, from a JFR recording of fault-vs-get.sh.

  JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=/tmp/app.jfr,settings=profile \
    -XX:FlightRecorderOptions=stackdepth=256" JAR=app.jar service/benchmarks/load/fault-vs-get.sh | tee /tmp/run.txt
  service/benchmarks/load/jfr-get-post.py /tmp/app.jfr /tmp/run.txt [rows]

Execution samples are split into the script's runs by time: a run is a stretch of samples under doGet or doPost
(start-up's health checks and the lab's set-up make the first two stretches, then the warm-up round's two). Only
the measured rounds count; each method's inclusive samples are printed per 10,000 requests of each kind, the
methods that differ most first. Samples count Java frames only (not the kernel's socket work).
"""
import collections, json, re, subprocess, sys

jfr, run, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 40
seconds = None
requests = {'GET': 0.0, 'POST': 0.0}
for line in open(run):
    f = line.split()
    if line.startswith('round'):
        seconds = float(re.search(r', (\d+)s each', line).group(1))
    elif len(f) == 4 and f[0] != 'warm-up' and f[1] in requests:
        requests[f[1]] += float(f[2]) * seconds
text = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '256', '--events', 'jdk.ExecutionSample', jfr],
                      capture_output=True, text=True, check=True).stdout
samples = []
for e in json.loads(text)['recording']['events']:
    names = [fr['method']['type']['name'].split('/')[-1] + '.' + fr['method']['name']
             for fr in e['values']['stackTrace']['frames']]
    kind = 'POST' if 'FrameworkServlet.doPost' in names else 'GET' if 'FrameworkServlet.doGet' in names else None
    samples.append((e['values']['startTime'], kind, names))
samples.sort(key=lambda s: s[0])
stretches = []
for t, kind, _ in samples:
    if kind is None:
        continue
    if stretches and stretches[-1][0] == kind:
        stretches[-1][2] = t
    else:
        stretches.append([kind, t, t])
measured = stretches[4:]
inclusive = {'GET': collections.Counter(), 'POST': collections.Counter()}
for t, _, names in samples:
    for kind, start, end in measured:
        if start <= t <= end:
            inclusive[kind].update(set(names))
            inclusive[kind]['(all)'] += 1
            break
per = {k: {n: c / requests[k] * 1e4 for n, c in inclusive[k].items()} for k in inclusive}
print(f"requests measured: GET {requests['GET']:.0f}, POST {requests['POST']:.0f}; samples per 10,000 requests:")
print(f"{'GET':>7} {'POST':>7} {'diff':>7}  method (inclusive)")
names = set(per['GET']) | set(per['POST'])
for n in sorted(names, key=lambda n: -abs(per['POST'].get(n, 0) - per['GET'].get(n, 0)))[:rows]:
    g, p = per['GET'].get(n, 0), per['POST'].get(n, 0)
    print(f"{g:7.1f} {p:7.1f} {p - g:+7.1f}  {n}")
