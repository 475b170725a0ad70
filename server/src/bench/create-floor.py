#!/usr/bin/env python3
"""The floor of first contact: create M whisper files and write P points into each, as fast as
the file system allows, with nothing else in the way (no sockets, no cache, no log).

  create-floor.py DIR M P RETENTIONS   e.g. create-floor.py /tmp/t 10000 60 10s:1d,1m:30d,1h:3y

Each file is made as a careful server makes it with fallocate: opened O_CREAT|O_EXCL, blocks
reserved by posix_fallocate (glibc calls fallocate(2)), the whisper header written, then the P
points (60 s apart, ending one minute before now, as carbon-load.py sends them) written into
the first archive with one pwrite, and closed. Files are named as carbon-load.py names its
metrics (DIR/bench/gNNN/mNNNNN.wsp). Prints one JSON line: files, points, seconds, points_per_s.
"""
import json
import os
import struct
import sys
import time

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}


def seconds(text):
    return int(text[:-1]) * UNITS[text[-1]] if text[-1] in UNITS else int(text)


def archives(spec):
    result = []
    for part in spec.split(","):
        step, keep = part.split(":")
        step = seconds(step)
        result.append((step, seconds(keep) // step))
    return result


def main():
    root, m, p, spec = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    arcs = archives(spec)
    header_size = 16 + 12 * len(arcs)
    header = bytearray(struct.pack("!2LfL", 1, arcs[-1][0] * arcs[-1][1], 0.5, len(arcs)))
    offset = header_size
    for step, points in arcs:
        header += struct.pack("!3L", offset, step, points)
        offset += points * 12
    size = offset
    header = bytes(header)
    step0 = arcs[0][0]
    end = int(time.time()) // 60 * 60 - 60
    stamps = [end - 60 * (p - 1 - k) for k in range(p)]
    base = stamps[0] - stamps[0] % step0
    # the points as whisper lays them out: each in its slot (60 s apart in a 10 s archive:
    # one slot in six), written as one run from the first to the last
    run = bytearray((stamps[-1] - base) // step0 * 12 + 12)
    for k, t in enumerate(stamps):
        slot = (t - t % step0 - base) // step0
        struct.pack_into("!Ld", run, slot * 12, t - t % step0, float(k))
    run = bytes(run)
    os.makedirs(os.path.join(root, "bench"), exist_ok=True)
    t0 = time.time()
    for i in range(m):
        directory = os.path.join(root, "bench", "g%03d" % (i // 100))
        if i % 100 == 0:
            os.makedirs(directory, exist_ok=True)
        fd = os.open(os.path.join(directory, "m%05d.wsp" % i),
                     os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
        os.posix_fallocate(fd, 0, size)
        os.pwrite(fd, header, 0)
        os.pwrite(fd, run, header_size)
        os.close(fd)
    elapsed = time.time() - t0
    print(json.dumps({"files": m, "points": m * p, "seconds": round(elapsed, 3),
                      "points_per_s": round(m * p / elapsed, 1)}))


if __name__ == "__main__":
    main()
