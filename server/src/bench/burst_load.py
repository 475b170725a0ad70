#!/usr/bin/env python3
"""A fast carbon plaintext burst: M metrics x P points over C connections, as fast as the
receiver reads them, for the kill -9 recovery check (recovery.sh).

Python cannot format 45 million lines a second, so each connection's lines for one
timestamp are formatted once, as a template with fixed-width placeholders for the value and
the timestamp, and every block is made from it with two bytes.replace() calls (C speed).

Names:  <prefix>.g<i//100 :03d>.m<i :05d>; point j of every metric has the value j and the
        timestamp first_ts + j*step, so that a reader can check every point: the sum of a
        group of 100 metrics at point j is 100*j.
Order:  point 0 of every metric, then point 1 ... (a fleet of senders).
Output: one JSON object (lines, seconds, lines_per_s, first_ts, end_ts) on stdout.
"""
import argparse
import json
import socket
import sys
import threading
import time

VALUE = b"VVVVVVV"
STAMP = b"TTTTTTTTTT"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("-m", "--metrics", type=int, default=10000)
    ap.add_argument("-p", "--points", type=int, default=4500)
    ap.add_argument("-c", "--connections", type=int, default=4)
    ap.add_argument("--step", type=int, default=10)
    ap.add_argument("--prefix", default="rec")
    ap.add_argument("--end-ts", type=int, default=None)
    args = ap.parse_args()
    end_ts = args.end_ts or (int(time.time()) // args.step) * args.step
    first_ts = end_ts - args.points * args.step

    templates = []
    for c in range(args.connections):
        lines = [b"%s.g%03d.m%05d %s %s\n" % (args.prefix.encode(), i // 100, i, VALUE, STAMP)
                 for i in range(c, args.metrics, args.connections)]
        templates.append(b"".join(lines))

    socks = []
    for _ in range(args.connections):
        s = socket.create_connection((args.host, args.port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        socks.append(s)
    errors = []

    def send(k):
        try:
            for j in range(args.points):
                block = templates[k].replace(VALUE, b"%07d" % j).replace(
                    STAMP, b"%010d" % (first_ts + (j + 1) * args.step))
                socks[k].sendall(block)
            socks[k].shutdown(socket.SHUT_WR)
            socks[k].recv(1)  # the server closes once it has read everything
        except OSError as e:
            errors.append("connection %d: %s" % (k, e))

    started = time.time()
    threads = [threading.Thread(target=send, args=(k,)) for k in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.time() - started
    for s in socks:
        s.close()
    lines = args.metrics * args.points
    print(json.dumps({"lines": lines, "seconds": round(seconds, 2),
                      "lines_per_s": round(lines / seconds), "first_ts": first_ts + args.step,
                      "end_ts": first_ts + args.points * args.step, "errors": errors}))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
