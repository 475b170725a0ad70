#!/usr/bin/env bash
# Records the metric paths a stock collectd sends: Debian's collectd-core 5.12 with the plugins
# its example collectd.conf loads for a host (cpu, df, disk, interface, load, memory, processes,
# swap) left at their default options, and write_graphite as its example block has it, with
# Prefix "collectd." (SeparateInstances false, EscapeCharacter "_", StoreRates true): what a
# user sending with a default collectd.conf produces (cpu-0.cpu-user, memory.memory-used,
# load.load.shortterm, ...), unlike the dkumonitor agent's collectd settings.
#
#   collectd-stock-paths.sh OUT_FILE [SECONDS]      # default 25 s (Interval 10)
#
# The host is named "vm" (Hostname), as in collectd-sample-paths.txt; the paths are sorted
# and distinct. Everything runs under a private directory in /tmp, on a free loopback port.
set -euo pipefail
OUT=${1:?usage: $0 OUT_FILE [SECONDS]}
SECONDS_TO_RUN=${2:-25}
PY=/usr/bin/python3

if [ ! -x /usr/sbin/collectd ] || [ ! -f /usr/lib/collectd/write_graphite.so ]; then
  echo "installing collectd-core ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends collectd-core >&2 \
    || { apt-get -o DPkg::Lock::Timeout=600 update -qq >&2;
         apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends collectd-core >&2; }
fi

RUN=$(mktemp -d /tmp/collectd-stock.XXXXXX)
SINK_PID="" COLLECTD_PID=""
cleanup() {
  for pid in $COLLECTD_PID $SINK_PID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
}
trap cleanup EXIT

PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$PY - "$PORT" "$RUN/lines.txt" "$RUN/ready" <<'PYEOF' &
import socket, sys, threading
port, out, ready = int(sys.argv[1]), sys.argv[2], sys.argv[3]
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port)); srv.listen(4); open(ready, "w").close()
lock = threading.Lock()
def serve(conn):
    with conn, open(out, "ab") as f:
        while True:
            data = conn.recv(65536)
            if not data:
                return
            with lock:
                f.write(data); f.flush()
while True:
    conn, _ = srv.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
PYEOF
SINK_PID=$!
for _ in $(seq 50); do [ -f "$RUN/ready" ] && break; sleep 0.1; done

cat > "$RUN/collectd.conf" <<CONF
Hostname "vm"
BaseDir "$RUN"
PIDFile "$RUN/collectd.pid"
PluginDir "/usr/lib/collectd"
TypesDB "/usr/share/collectd/types.db"
Interval 10
LoadPlugin cpu
LoadPlugin df
LoadPlugin disk
LoadPlugin interface
LoadPlugin load
LoadPlugin memory
LoadPlugin processes
LoadPlugin swap
LoadPlugin write_graphite
<Plugin write_graphite>
  <Node "dkumonitor">
    Host "127.0.0.1"
    Port "$PORT"
    Protocol "tcp"
    Prefix "collectd."
    StoreRates true
    AlwaysAppendDS false
    EscapeCharacter "_"
    SeparateInstances false
    PreserveSeparator false
  </Node>
</Plugin>
CONF
/usr/sbin/collectd -f -C "$RUN/collectd.conf" >"$RUN/collectd.log" 2>&1 &
COLLECTD_PID=$!
sleep "$SECONDS_TO_RUN"
kill "$COLLECTD_PID"; wait "$COLLECTD_PID" 2>/dev/null || true; COLLECTD_PID=""
# file systems other than / are this machine's own (containers mount many): left out
cut -d' ' -f1 "$RUN/lines.txt" | grep -Ev '\.df-[^.]+\.' | sort -u > "$OUT"
cut -d' ' -f1 "$RUN/lines.txt" | grep '\.df-root\.' >> "$OUT"
sort -u -o "$OUT" "$OUT"
echo "$(wc -l < "$OUT") distinct paths from stock collectd into $OUT" >&2
