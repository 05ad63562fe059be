"""A misbehaving client: opens the lab's /events stream and never reads it, with a tiny receive buffer.

It opens one such connection a second, up to `--streams`, and keeps them all open (the service drops them when their
send queues overflow; the client does not notice, as it never reads) until `--seconds` have passed; then it closes
them all. Loopback only.
"""
import argparse
import socket
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--lab", required=True)
parser.add_argument("--streams", type=int, default=8)
parser.add_argument("--seconds", type=float, required=True)
args = parser.parse_args()

deadline = time.monotonic() + args.seconds
opened = []
while time.monotonic() < deadline:
    if len(opened) >= args.streams:
        time.sleep(0.2)
        continue
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    s.connect(("127.0.0.1", args.port))
    s.sendall(("GET /api/v1/labs/%s/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
               % args.lab).encode("ascii"))
    opened.append(s)
    time.sleep(1.0)
for s in opened:
    s.close()
print("silent client: %d connections opened in %.0f s, none read" % (len(opened), args.seconds))
