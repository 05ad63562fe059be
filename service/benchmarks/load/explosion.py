"""A misbehaving client: builds the detach path explosion in its own lab, then detaches and re-attaches through it.

Five region maps, each one's managed dataspace attached `--n` times into the next (n^4 attachment paths from the top
down to one 4 KiB RAM region at the bottom), `--faults` mappings installed through the top; then, until `--seconds`
have passed, detach the RAM region (which flushes every mapping), attach it again and fault the mappings in again.
Before the engine recorded mappings at the regions they came through, one such detach with n = 200 took about
100 s and held the lab's lock meanwhile. One keep-alive connection, loopback only; prints what it did.
"""
import argparse
import http.client
import json
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--n", type=int, default=200)
parser.add_argument("--faults", type=int, default=50)
parser.add_argument("--seconds", type=float, required=True)
args = parser.parse_args()

conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=300)


def call(method, path, body=None, ok=(200, 201, 204)):
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body)
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    text = response.read()
    if response.status not in ok:
        raise SystemExit("%s %s -> %d %s" % (method, path, response.status, text[:300]))
    return json.loads(text) if text else None


lab = call("POST", "/api/v1/labs", {"platform": "nova"})["id"]
base = "/api/v1/labs/" + lab
page = 0x1000
bottom = call("POST", base + "/rm-sessions", {"size": hex(page)})
ram = call("POST", base + "/dataspaces", {"type": "RAM", "size": hex(page)})["id"]
call("POST", base + "/rm-sessions/%s/regions" % bottom["id"], {"dataspace": ram})
below, size = bottom, page
for level in range(2, 6):
    rm = call("POST", base + "/rm-sessions", {"size": hex(size * args.n)})
    for i in range(args.n):
        call("POST", base + "/rm-sessions/%s/regions" % rm["id"], {"dataspace": below["dataspace"], "at": hex(i * size)})
    below, size = rm, size * args.n
thread = call("POST", base + "/rm-sessions/%s/threads" % below["id"], {})["id"]
pages = size // page
addrs = [((i * 0x9E3779B97F4A7C15 % 2**64) >> 1) % pages * page for i in range(args.faults)]

deadline = time.monotonic() + args.seconds
rounds, slowest = 0, 0.0
while time.monotonic() < deadline:
    for a in addrs:
        call("POST", base + "/threads/%s/faults" % thread, {"addr": hex(a), "type": "READ"})
    started = time.monotonic()
    call("DELETE", base + "/rm-sessions/%s/regions/0x0" % bottom["id"])
    slowest = max(slowest, time.monotonic() - started)
    call("POST", base + "/rm-sessions/%s/regions" % bottom["id"], {"dataspace": ram})
    rounds += 1
conn.close()
print("explosion client: n=%d (%d regions), %d rounds of %d faults + detach + attach, slowest detach %.1f ms"
      % (args.n, 1 + 4 * args.n, rounds, args.faults, slowest * 1000))
