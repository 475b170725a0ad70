#!/usr/bin/env python3
"""Steady-state load on a carbon server, and what it costs: M metrics each sending a point
every INTERVAL seconds for ROUNDS rounds, over 4 connections, paced evenly over each interval.

  steady-load.py --port P --dir WHISPER_DIR --pid SERVER_PID [-m 100000] [--rounds 30]
                 [--interval 10] [--sample 2000] [--settle 120]

Phases:
  creation   one round, then wait until every metric's file holds it (not measured: the
             first contact of a fleet is ingest-bench.sh's business)
  steady     ROUNDS rounds, each INTERVAL s; the server's CPU seconds and RSS are read from
             /proc/PID at its start and end
  drain      after the last round, until every file holds every point or --settle s pass
Receipt-to-file delay: SAMPLE metrics spread over the names are watched from a thread that
reads the slot of each point in their file (archive 0) every 0.25 s; the delay of a point is the
moment it was seen in the file minus the moment its line was written to the socket (the
sockets are read at once: the server keeps up, or TCP makes the sender wait, which shows as a
late round). Points dropped: every file's archive-0 slots for every steady round are read after
the drain; dropped = sent - found.
Prints one JSON object.
"""
import argparse
import json
import os
import socket
import struct
import threading
import time


def name(i):
    return "steady.g%03d.m%06d" % (i // 1000, i)


def path(root, i):
    return os.path.join(root, "steady", "g%03d" % (i // 1000), "m%06d.wsp" % i)


def proc(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    status = dict(line.split(":", 1) for line in open("/proc/%d/status" % pid))
    tick = os.sysconf("SC_CLK_TCK")
    return {"cpu_s": (int(fields[11]) + int(fields[12])) / tick,
            "rss_mib": int(status["VmRSS"].split()[0]) / 1024,
            "hwm_mib": int(status["VmHWM"].split()[0]) / 1024}


class Archive0:
    """Reads archive 0 slots of a whisper file: (offset, step, points), base interval."""

    def __init__(self, file):
        self.fd = os.open(file, os.O_RDONLY)
        header = os.pread(self.fd, 16 + 12, 0)
        if len(header) < 28:          # still being created (carbon writes in place)
            os.close(self.fd)
            raise OSError("incomplete header")
        self.offset, self.step, self.points = struct.unpack("!3L", header[16:28])
        self.base = 0

    def has(self, timestamp):
        if self.base == 0:
            head = os.pread(self.fd, 4, self.offset)
            self.base = struct.unpack("!L", head)[0] if len(head) == 4 else 0
            if self.base == 0:
                return False
        slot = ((timestamp - self.base) // self.step) % self.points
        interval = struct.unpack("!L", os.pread(self.fd, 4, self.offset + slot * 12))[0]
        return interval == timestamp

    def count(self, timestamps):
        return sum(1 for t in timestamps if self.has(t))

    def close(self):
        os.close(self.fd)


def open_archive(root, i):
    try:
        return Archive0(path(root, i))
    except (OSError, struct.error):
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("-m", "--metrics", type=int, default=100000)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--interval", type=int, default=10)
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--settle", type=float, default=120)
    ap.add_argument("--connections", type=int, default=4)
    args = ap.parse_args()
    m, interval = args.metrics, args.interval
    socks = [socket.create_connection(("127.0.0.1", args.port)) for _ in range(args.connections)]
    chunks = 100                          # each round in 100 slices, INTERVAL/100 s apart
    per_chunk = (m + chunks - 1) // chunks
    names = [name(i).encode() for i in range(m)]

    def send_round(ts, start, r=None):
        """Sends one round paced over the interval; notes each chunk's send time."""
        times = []
        stamp = b" %d\n" % ts
        for c in range(chunks):
            due = start + c * interval / chunks
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            lo, hi = c * per_chunk, min(m, (c + 1) * per_chunk)
            payload = [b"".join(names[i] + b" %d" % (i % 1000) + stamp
                                for i in range(k, hi, args.connections))
                       for k in range(lo, lo + args.connections)]
            times.append(time.time())
            if r is not None:
                sent_at[(r, c)] = times[-1]
            for s, data in zip(socks, payload):
                s.sendall(data)
        return times

    # creation phase: one round a minute ago (so that no file's newest point is a steady one)
    created = (int(time.time()) // interval - 6) * interval
    created_at = time.time()
    send_round(created, time.time())
    pending = set(range(m))
    deadline = time.time() + 600
    while pending and time.time() < deadline:
        for i in list(pending):
            a = open_archive(args.dir, i)
            if a is not None:
                try:
                    if a.has(created):
                        pending.discard(i)
                finally:
                    a.close()
        if pending:
            time.sleep(0.5)
    creation_s = time.time() - created_at
    if pending:
        raise SystemExit("creation phase: %d files still missing after 600 s" % len(pending))

    # steady phase with the probe
    sample = list(range(0, m, max(1, m // args.sample)))
    sent_at = {}                          # (round, chunk) -> time
    delays = []
    stop = threading.Event()

    def probe():
        # a point is looked for once its chunk was sent (sent_at), so the delay is measured
        # from its own send, not from the end of its round
        archives = {i: open_archive(args.dir, i) for i in sample}
        missing = [i for i, a in archives.items() if a is None]
        if missing:
            raise SystemExit("probe: %d sampled files vanished" % len(missing))
        next_round = {i: 0 for i in sample}
        while not stop.is_set() or any(next_round[i] < len(rounds_sent) for i in sample):
            if not rounds_sent:
                time.sleep(0.05)
                continue
            now = time.time()
            for i in sample:
                r = next_round[i]
                while r < len(rounds_sent) and (r, i // per_chunk) in sent_at \
                        and archives[i].has(rounds_sent[r]):
                    delays.append(now - sent_at[(r, i // per_chunk)])
                    r += 1
                next_round[i] = r
            if stop.is_set() and time.time() > stop_deadline[0]:
                break
            time.sleep(0.25)
        for a in archives.values():
            a.close()

    rounds_sent = []
    stop_deadline = [0]
    t0 = (int(time.time()) // interval + 1) * interval
    while time.time() < t0:
        time.sleep(0.01)
    before = proc(args.pid)
    steady_start = time.time()
    watcher = threading.Thread(target=probe)
    watcher.start()
    for r in range(args.rounds):
        ts = t0 + r * interval
        rounds_sent.append(ts)
        send_round(ts, t0 + r * interval, r)
    steady_end = time.time()
    after = proc(args.pid)

    # drain, then count every point
    stop_deadline[0] = time.time() + args.settle
    stop.set()
    watcher.join()
    for s in socks:
        s.close()
    found = 0
    for i in range(m):
        a = open_archive(args.dir, i)
        if a is not None:
            found += a.count(rounds_sent)
            a.close()
    sent = m * args.rounds
    delays.sort()
    print(json.dumps({
        "metrics": m, "rounds": args.rounds, "interval_s": interval, "sent": sent,
        "found": found, "dropped": sent - found,
        "creation_s": round(creation_s, 1),
        "steady_s": round(steady_end - steady_start, 1),
        "cpu_steady_s": round(after["cpu_s"] - before["cpu_s"], 2),
        "rss_end_mib": round(after["rss_mib"], 1), "hwm_mib": round(after["hwm_mib"], 1),
        "probed_points": len(delays),
        "probed_expected": len(sample) * args.rounds,
        "max_delay_s": round(delays[-1], 2) if delays else None,
        "p99_delay_s": round(delays[int(len(delays) * 0.99)], 2) if delays else None,
        "median_delay_s": round(delays[len(delays) // 2], 2) if delays else None}))


if __name__ == "__main__":
    main()
