#!/usr/bin/python3
"""Waits until a process is quiet: it used under 20 ms of CPU in one second.

Usage: wait-quiet.py PID [TIMEOUT_S]   (default 600 s; past it, says so and exits 0: the count
                                        then runs beside the server, as without this)

The benchmarks count a server's points with whisper-wait.py, which reads every file (about a
millisecond of Python each): started while the server still writes, it takes one of this
machine's two cores from it. They call this first, so the count starts once the writing ended.
"""
import os
import sys
import time


def cpu_seconds(pid, tick):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def main():
    pid = sys.argv[1]
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 600.0
    tick = os.sysconf("SC_CLK_TCK")
    deadline = time.time() + timeout
    last = cpu_seconds(pid, tick)
    while time.time() < deadline:
        time.sleep(1)
        try:
            now = cpu_seconds(pid, tick)
        except OSError:     # the process ended: nothing more will be written
            return 0
        if now - last < 0.02:
            return 0
        last = now
    print("wait-quiet: pid %s still busy after %.0f s; counting anyway" % (pid, timeout),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
