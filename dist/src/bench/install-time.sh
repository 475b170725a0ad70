#!/usr/bin/env bash
# Prints how long `installer -t all` takes from the unpacked bundle (the issue's figure: under
# 2 s), and the tarball's size (under 60 MiB without Grafana). Run after ./make-package:
#   dist/src/bench/install-time.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs=${1:-5}
tarball=$(ls dist/dkumonitor-*.tar.gz | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar xzf "$tarball" -C "$work"
bundle=$(ls -d "$work"/dkumonitor-*/)
echo "tarball $tarball: $(stat -c %s "$tarball") bytes ($(( $(stat -c %s "$tarball") / 1048576 )) MiB)"
for i in $(seq 1 "$runs"); do
    port=$(( 40000 + RANDOM % 2000 * 10 ))
    start=$(date +%s%N)
    "$bundle/installer" -d "$work/data $i" -p "$port" > "$work/out $i" 2>&1 \
        || { cat "$work/out $i"; exit 1; }
    echo "run $i: installer -t all took $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
