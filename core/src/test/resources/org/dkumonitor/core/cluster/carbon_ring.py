#!/usr/bin/python3
"""Where carbon's own ring (Debian's graphite-carbon, carbon.hashing) puts each metric.

    carbon_ring.py REPLICATION HOST:PORT[:INSTANCE]... < names > placements

One line out per name in: the indexes (0-based, in the order given) of the members that
carbon-relay's ConsistentHashingRouter sends the metric to, comma-separated. Used to record
and re-check core's golden file of carbon_ch placements.
"""
import sys

from carbon.hashing import ConsistentHashRing


def main():
    replication = int(sys.argv[1])
    members = []
    for arg in sys.argv[2:]:
        parts = arg.split(':')
        members.append((parts[0], int(parts[1]), parts[2] if len(parts) > 2 else None))
    ring = ConsistentHashRing([])
    index = {}
    for i, (host, _port, instance) in enumerate(members):
        ring.add_node((host, instance))
        index[(host, instance)] = i
    out = []
    for line in sys.stdin.buffer:
        name = line.rstrip(b'\n').decode('utf-8')
        chosen = []
        # as ConsistentHashingRouter.getDestinations without diverse replicas
        for count, node in enumerate(ring.get_nodes(name)):
            if count == replication:
                break
            chosen.append(str(index[node]))
        out.append(','.join(chosen))
    sys.stdout.write('\n'.join(out) + '\n')


main()
