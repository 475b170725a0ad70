#!/usr/bin/env python3
"""Hostile load against a running install (soak.sh starts it), for issue 15.

While the attacks below run, a canary sends one point every 5 s (a fresh TCP connection
each time, as a cron job would) and a reader renders it until it shows up: every point must
be rendered within 15 s and be in its whisper file within 15 s (read directly, twice a
second), and still there at the end. Per late or slow point the summary says what the
reader's renders answered meanwhile (503, 200 without it, an error), and with SOAK_DUMPS set
a thread dump of the server is taken while a point is over 8 s late. A monitor samples the
server's RSS, descriptors and supervisor state every second. The attacks, each in a process
of its own with the descriptor limit raised to the hard limit:

  slowloris  connections on every TCP port (carbon, pickle, API, UI, ingest, GottWall's
             stream) that trickle a byte every 5 s and never finish a line, a frame or an
             HTTP request;
  idle       thousands of connections that send nothing (more than a port takes);
  pickle     bombs: frames announcing 1 MiB that send a few bytes, lists shared in two 40
             times over, nesting 1000 deep, a list inside itself, a 2 GiB length;
  globs      finds and renders of *e*e*e*...*f over nodes of 200 e's;
  renders    50 clients rendering 1000 series of 6 h at once, over and over;
  burst      100,000 new metric names in one go, a third of the way in.

Prints one JSON summary on stdout; exits 1 when a check failed.
"""
import argparse
import asyncio
import http.client
import json
import multiprocessing
import os
import random
import resource
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse

LATE_S = 15


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# ---------------------------------------------------------------- raw socket attacks

async def trickler(port, first, each, counts, stop):
    """One connection that sends `first`, then `each` every 5 s, reconnecting when closed."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            counts["refused"] += 1
            await asyncio.sleep(1 + random.random())
            continue
        counts["opened"] += 1
        try:
            writer.write(first)
            await writer.drain()
            while not stop.is_set():
                try:
                    data = await asyncio.wait_for(reader.read(1024), 5)
                    if not data:
                        counts["closed_by_server"] += 1
                        break
                except asyncio.TimeoutError:
                    writer.write(each)
                    await writer.drain()
        except OSError:
            counts["closed_by_server"] += 1
        finally:
            writer.close()
        await asyncio.sleep(1 + random.random())


async def idler(port, counts, stop):
    """One connection that sends nothing, reconnecting when the server closes it."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            counts["refused"] += 1
            await asyncio.sleep(1 + random.random())
            continue
        counts["opened"] += 1
        try:
            while not stop.is_set():
                try:
                    if not await asyncio.wait_for(reader.read(1024), 1):
                        counts["closed_by_server"] += 1
                        break
                except asyncio.TimeoutError:
                    pass
        except OSError:
            counts["closed_by_server"] += 1
        finally:
            writer.close()
        await asyncio.sleep(1 + random.random())


def socket_attack(kind, plan, duration, queue):
    """Runs `plan`, a list of (port, count, first, each) or (port, count), in one process."""
    raise_fd_limit()
    counts = {"opened": 0, "refused": 0, "closed_by_server": 0}

    async def run():
        stop = asyncio.Event()
        tasks = []
        for item in plan:
            for _ in range(item[1]):
                if kind == "idle":
                    tasks.append(asyncio.create_task(idler(item[0], counts, stop)))
                else:
                    tasks.append(asyncio.create_task(trickler(item[0], item[2], item[3],
                                                              counts, stop)))
                await asyncio.sleep(0.002)  # ramp up: 500 connections a second
        await asyncio.sleep(max(0, duration - len(tasks) * 0.002))
        stop.set()
        await asyncio.wait(tasks, timeout=10)

    asyncio.run(run())
    queue.put((kind, counts))


def pickle_bombs():
    dag = bytearray(b"\x80\x02]q\x00")
    for i in range(1, 41):
        dag += b"](h%ch%ceq%c" % (i - 1, i - 1, i)
    dag += b"."
    return [
        bytes(dag),
        b"]" * 1000 + b"a" * 999 + b".",
        b"]2a.",
        b"(lp0\n(S'" + b"x" * 300 + b"'\n(]]]]]]]]]]]]]]]]]]]]]]]]]]aaaaaaaaaaaaaaaaaaaaaaaaaaI1\ntta.",
    ]


def pickle_attack(port, duration, queue):
    counts = {"frames": 0, "half_frames": 0, "errors": 0}
    bombs = pickle_bombs()
    end = time.time() + duration
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                for bomb in bombs:
                    s.sendall(struct.pack(">I", len(bomb)) + bomb)
                    counts["frames"] += 1
        except OSError:
            counts["errors"] += 1
        for length in (1 << 20, 1 << 31):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                    s.sendall(struct.pack(">I", length) + b"\x80\x02]" + b"\x00" * 100)
                    counts["half_frames"] += 1
            except OSError:
                counts["errors"] += 1
        time.sleep(0.05)
    queue.put(("pickle", counts))


# ---------------------------------------------------------------- HTTP attacks

def http_get(port, path, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, body
    finally:
        conn.close()


def http_loop(name, port, paths, threads, duration, queue):
    statuses = {}
    lock = threading.Lock()
    slowest = [0.0]
    end = time.time() + duration

    def loop():
        while time.time() < end:
            started = time.time()
            try:
                status, _ = http_get(port, random.choice(paths))
            except OSError as e:
                status = type(e).__name__
                time.sleep(0.5)
            with lock:
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                slowest[0] = max(slowest[0], time.time() - started)

    workers = [threading.Thread(target=loop, daemon=True) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(duration + 120)
    queue.put((name, {"statuses": statuses, "slowest_s": round(slowest[0], 1)}))


def burst(port, names, queue):
    now = int(time.time())
    started = time.time()
    lines = b"".join(b"soak.burst.n%06d 1 %d\n" % (i, now) for i in range(names))
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(lines)
        s.shutdown(socket.SHUT_WR)
        s.recv(1)
    queue.put(("burst", {"names": names, "seconds": round(time.time() - started, 1)}))


# ---------------------------------------------------------------- canary and monitor

class Canary:
    """Sends soak.canary.value = seq every 5 s (a fresh connection each time, as a cron job
    would), and one reader renders the points not seen yet every half second over a
    kept-alive connection, as Grafana's datasource proxy does (a new one when it breaks)."""

    def __init__(self, carbon, api):
        self.carbon, self.api = carbon, api
        self.sent = {}  # seq -> timestamp
        self.sent_at = {}  # seq -> when it was sent
        self.latency = {}  # seq -> seconds until rendered
        self.errors = []
        # why a point was late: per seq, what the reader's renders answered while it was
        # pending ("503", "200 without it", "error") and when it reached its whisper file
        self.attempts = {}  # seq -> {outcome: count}
        self.slowest_render = {}  # seq -> longest render while it was pending (s)
        self.on_disk = {}  # seq -> seconds from send until it was in the whisper file
        self.wsp = None
        self.dump_dir, self.pid, self.dumps, self.last_dump = None, lambda: None, 0, 0
        self.stopped = threading.Event()
        self.reader_stopped = threading.Event()

    def note(self, pending, outcome, took):
        for s in pending:
            counts = self.attempts.setdefault(s, {})
            counts[outcome] = counts.get(outcome, 0) + 1
            self.slowest_render[s] = max(self.slowest_render.get(s, 0), round(took, 2))

    def maybe_dump(self, pending):
        """A thread dump of the server (to $OUTDIR/dumps) while a point is over 8 s late."""
        oldest = min((self.sent_at[s] for s in pending if s not in self.latency),
                     default=None)
        if oldest is None or time.time() - oldest < 8 or self.dumps >= 12 \
                or time.time() - self.last_dump < 4 or not self.dump_dir:
            return
        self.last_dump = time.time()
        self.dumps += 1
        pid = self.pid()
        jcmd = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd"
        if pid and os.path.exists(jcmd):
            os.makedirs(self.dump_dir, exist_ok=True)
            with open(os.path.join(self.dump_dir, "dump-%d-seq%d.txt" % (
                    int(time.time()), min(pending))), "w") as out:
                subprocess.run([jcmd, str(pid), "Thread.print"], stdout=out,
                               stderr=subprocess.STDOUT, timeout=30)

    def watch_disk(self):
        """Reads the canary's whisper file directly (not through the server) twice a second."""
        while not self.reader_stopped.is_set():
            if self.wsp and os.path.exists(self.wsp):
                try:
                    stored = whisper_points(self.wsp)
                except (OSError, struct.error):
                    stored = {}
                for s, ts in list(self.sent.items()):
                    if s not in self.on_disk and stored.get(ts) == s:
                        self.on_disk[s] = round(time.time() - self.sent_at[s], 2)
            self.reader_stopped.wait(0.5)

    def run(self):
        threading.Thread(target=self.read, daemon=True).start()
        threading.Thread(target=self.watch_disk, daemon=True).start()
        seq = 0
        while not self.stopped.is_set():
            seq += 1
            ts = int(time.time())
            try:
                with socket.create_connection(("127.0.0.1", self.carbon), timeout=10) as s:
                    s.sendall(b"soak.canary.value %d %d\n" % (seq, ts))
            except OSError as e:
                self.errors.append("send %d: %s" % (seq, e))
            self.sent_at[seq] = time.time()
            self.sent[seq] = ts
            self.stopped.wait(5)

    def read(self):
        conn = None
        while not self.reader_stopped.is_set():
            pending = {s: ts for s, ts in list(self.sent.items()) if s not in self.latency}
            if pending:
                path = "/render?" + urllib.parse.urlencode({
                    "target": "soak.canary.value", "from": min(pending.values()) - 60,
                    "until": int(time.time()) + 60, "format": "json"})
                started = time.time()
                outcome = "error"
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", self.api, timeout=10)
                    conn.request("GET", path)
                    response = conn.getresponse()
                    body = response.read()
                    outcome = str(response.status)
                    if response.status == 200:
                        series = json.loads(body)
                        points = {(v, t) for v, t in series[0]["datapoints"]} if series else set()
                        for s, ts in pending.items():
                            if (s, ts) in points:
                                self.latency[s] = round(time.time() - self.sent_at[s], 2)
                        if any(s not in self.latency for s in pending):
                            outcome = "200 without it"
                except (OSError, ValueError, http.client.HTTPException) as e:
                    outcome = "error " + type(e).__name__
                    if conn is not None:
                        conn.close()
                    conn = None
                self.note(list(pending), outcome, time.time() - started)
                self.maybe_dump(pending)
            self.reader_stopped.wait(0.5)


class Monitor:
    """Samples the server process: RSS, peak RSS, descriptors, pid (restarts), state."""

    def __init__(self, data):
        self.data = data
        self.pids, self.peak_rss, self.peak_hwm, self.peak_fds = [], 0, 0, 0
        self.peak_fds_breakdown = {}
        self.states = {}
        self.samples = []
        self.burst_files = []  # (time, files in soak/burst/): how fast the burst is created
        self.stopped = threading.Event()
        self.low_disk = threading.Event()  # the machine's disk is shared: never fill it

    def server_pid(self):
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                cmd = open("/proc/%s/cmdline" % pid, "rb").read().split(b"\0")
            except OSError:
                continue
            if b"org.dkumonitor.server.ServerMain" in cmd and self.data.encode() in cmd:
                return int(pid)
        return None

    def state(self):
        try:
            out = subprocess.run([self.data + "/bin/dkm", "status", "server"],
                                 capture_output=True, text=True).stdout.split()
        except OSError:
            return "?"
        return out[1] if len(out) > 1 else "?"

    def run(self):
        tick = 0
        while not self.stopped.is_set():
            pid = self.server_pid()
            if pid and (not self.pids or self.pids[-1] != pid):
                self.pids.append(pid)
            if pid:
                try:
                    st = dict(l.split(":", 1) for l in open("/proc/%d/status" % pid))
                    rss = int(st["VmRSS"].split()[0]) // 1024
                    hwm = int(st["VmHWM"].split()[0]) // 1024
                    fds = len(os.listdir("/proc/%d/fd" % pid))
                    self.peak_rss, self.peak_hwm = max(self.peak_rss, rss), max(self.peak_hwm, hwm)
                    if fds > self.peak_fds:
                        self.peak_fds = fds
                        self.peak_fds_breakdown = fd_breakdown(pid)
                    self.samples.append((round(time.time()), rss, fds))
                except (OSError, KeyError, ValueError):
                    pass
            disk = os.statvfs(self.data)
            if disk.f_bavail * disk.f_frsize < 5 << 30:
                self.low_disk.set()
            if tick % 5 == 0:
                burst_dir = os.path.join(self.data, "storage/whisper/soak/burst")
                try:
                    files = sum(1 for _ in os.scandir(burst_dir))
                except OSError:
                    files = 0
                self.burst_files.append((round(time.time()), files))
            if tick % 10 == 0:
                state = self.state()
                self.states[state] = self.states.get(state, 0) + 1
            tick += 1
            self.stopped.wait(1)


def fd_breakdown(pid):
    """What a process's descriptors are: sockets by local port, whisper files, the rest."""
    ports = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            for line in open(table).readlines()[1:]:
                f = line.split()
                ports[f[9]] = int(f[1].rsplit(":", 1)[1], 16)
        except OSError:
            pass
    counts = {}
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if target.startswith("socket:["):
            key = "socket:%s" % ports.get(target[8:-1], "other")
        elif ".wsp" in target:
            # a file the persister created is open under its temporary name, now deleted
            key = "wsp"
        else:
            key = "other"
        counts[key] = counts.get(key, 0) + 1
    return counts


def whisper_points(path):
    """Every (timestamp, value) of the finest archive of a whisper file."""
    with open(path, "rb") as f:
        data = f.read()
    count = struct.unpack(">I", data[12:16])[0]
    offset, _, points = struct.unpack(">III", data[16:28])
    slots = {}
    for i in range(points):
        ts, value = struct.unpack(">Id", data[offset + 12 * i: offset + 12 * i + 12])
        if ts:
            slots[ts] = value
    return slots


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--port", type=int, required=True, help="the install's PORT")
    ap.add_argument("--duration", type=int, default=600)
    ap.add_argument("--after", type=int, default=60, help="seconds of canary after the attacks")
    args = ap.parse_args()
    port = args.port
    carbon, api, ui, pickle_port = port + 1, port + 2, port, port + 4
    raise_fd_limit()

    monitor = Monitor(args.data)
    threading.Thread(target=monitor.run, daemon=True).start()
    canary = Canary(carbon, api)
    canary.wsp = os.path.join(args.data, "storage/whisper/soak/canary/value.wsp")
    canary.dump_dir = os.environ.get("SOAK_DUMPS")
    canary.pid = monitor.server_pid
    canary_started = time.time()
    threading.Thread(target=canary.run, daemon=True).start()
    time.sleep(10)

    queue = multiprocessing.Queue()
    d = args.duration
    long_e = "e" * 200
    glob = "*e" * 14 + "*f"
    http_half = b"GET /render?target=soak.big.*.* HTTP/1.1\r\nHost: x\r\n"
    procs = [
        multiprocessing.Process(target=socket_attack, args=("slowloris", [
            (carbon, 1500, b"soak.slow.loris ", b"1"),
            (pickle_port, 500, struct.pack(">I", 1 << 20) + b"\x80\x02", b"\x00"),
            (api, 1500, http_half, b"X-Slow: 1\r\n"),
            (ui, 500, http_half, b"X-Slow: 1\r\n"),
            (port + 6, 500, b"POST /log/event HTTP/1.1\r\nContent-Length: 99\r\n",
             b"X-Slow: 1\r\n"),
            (port + 7, 300, b"{\"project\": \"slow", b"x")], d, queue)),
        multiprocessing.Process(target=socket_attack, args=("idle", [
            (carbon, 5000), (pickle_port, 2000), (api, 300), (ui, 300), (port + 6, 300),
            (port + 7, 300)], d, queue)),
        multiprocessing.Process(target=pickle_attack, args=(pickle_port, d, queue)),
        multiprocessing.Process(target=http_loop, args=("globs", api, [
            "/metrics/find?" + urllib.parse.urlencode({"query": "soak." + glob}),
            "/metrics/find?" + urllib.parse.urlencode({"query": "soak.%s.*" % glob}),
            "/render?" + urllib.parse.urlencode({"target": "soak.%s.value" % glob,
                                                  "format": "json"}),
            "/render?" + urllib.parse.urlencode({"target": "soak.%s.value" % long_e,
                                                  "format": "json"})], 4, d, queue)),
        multiprocessing.Process(target=http_loop, args=("renders", api, [
            "/render?" + urllib.parse.urlencode({"target": "soak.big.*.*", "from": "-6h",
                                                  "format": "json"}),
            "/render?" + urllib.parse.urlencode({"target": "sumSeries(soak.big.*.*)",
                                                  "from": "-6h", "format": "json"})],
            50, d, queue)),
    ]
    for p in procs:
        p.start()
    monitor.low_disk.wait(d / 3)
    burst_at = time.time()
    burster = multiprocessing.Process(target=burst, args=(carbon, 100_000, queue))
    burster.start()
    procs.append(burster)
    results = {}
    deadline = time.time() + d * 2 / 3 + 180
    while len(results) < len(procs) and time.time() < deadline \
            and not monitor.low_disk.is_set():
        try:
            name, value = queue.get(timeout=5)
            results[name] = value
        except Exception:
            pass
    for p in procs:
        p.join(0 if monitor.low_disk.is_set() else 5)
        if p.is_alive():
            p.terminate()
    attacks_ended = time.time()

    time.sleep(args.after)
    canary.stopped.set()
    time.sleep(LATE_S + 5)
    canary.reader_stopped.set()
    monitor.stopped.set()
    try:
        health_status, health_body = http_get(api, "/health", timeout=10)
        health = json.loads(health_body)
    except (OSError, ValueError) as e:
        health_status, health = None, str(e)

    sent = dict(canary.sent)
    # late: rendered, or in its whisper file, more than LATE_S after it was sent
    late = [s for s in sent if canary.latency.get(s, 999) > LATE_S
            or (sent[s] < time.time() - 10 and canary.on_disk.get(s, 999) > LATE_S)]
    slow = [s for s in sent if canary.latency.get(s, 999) > 5 or canary.on_disk.get(s, 999) > 10]
    after = [s for s, ts in sent.items() if ts > attacks_ended]
    wsp = os.path.join(args.data, "storage/whisper/soak/canary/value.wsp")
    stored = whisper_points(wsp) if os.path.exists(wsp) else {}
    missing_on_disk = [s for s, ts in sent.items() if stored.get(ts) != s
                       and ts < time.time() - 10]
    summary = {
        "canary": {"sent": len(sent), "rendered": len(canary.latency),
                   "late_or_missing": len(late), "late_seqs": late[:20],
                   "max_latency_s": max(canary.latency.values(), default=None),
                   "median_latency_s": sorted(canary.latency.values())[len(canary.latency) // 2]
                   if canary.latency else None,
                   "sent_after_attacks": len(after),
                   "slow_detail": {s: {"latency_s": canary.latency.get(s),
                                       "on_disk_s": canary.on_disk.get(s),
                                       "renders": canary.attempts.get(s),
                                       "slowest_render_s": canary.slowest_render.get(s)}
                                   for s in sorted(set(late) | set(slow))[:40]},
                   "on_disk_max_s": max(canary.on_disk.values(), default=None),
                   "on_disk_median_s": sorted(canary.on_disk.values())[len(canary.on_disk) // 2]
                   if canary.on_disk else None,
                   "burst_at_s": round(burst_at - canary_started, 1),
                   "burst_files": [(round(t - canary_started), n) for t, n in
                                   monitor.burst_files if n and n < 100_000][::2],
                   "missing_on_disk": len(missing_on_disk), "send_errors": canary.errors[:5]},
        "server": {"pids": monitor.pids, "restarts": max(0, len(monitor.pids) - 1),
                   "peak_rss_mib": monitor.peak_rss, "peak_hwm_mib": monitor.peak_hwm,
                   "peak_fds": monitor.peak_fds,
                   "peak_fds_breakdown": monitor.peak_fds_breakdown,
                   "states_seen": monitor.states,
                   "health_after": health_status, "health": health},
        "attacks": results,
        "stopped_for_low_disk": monitor.low_disk.is_set(),
    }
    print(json.dumps(summary, indent=1))
    ok = (not monitor.low_disk.is_set() and not late and not missing_on_disk and summary["server"]["restarts"] == 0
          and "FATAL" not in monitor.states and health_status == 200)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
