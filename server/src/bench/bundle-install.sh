# Sourced by the bench scripts that install the built bundle and run it (recovery.sh, soak.sh):
# the bundle, ten free loopback ports, and an install under $OUTDIR/data that is stopped (and,
# unless KEEP=1, removed) when the script exits. Set OUTDIR and KEEP, then call
# bench_install_setup BASE_PORT; it sets BUNDLE, PY, PORT (PORT..PORT+9 free) and DATA.

bench_install_setup() {
  BUNDLE=$(ls -d "$REPO"/dist/dkumonitor-*/ 2>/dev/null | grep -v '\.tar' | head -n 1 || true)
  [ -x "${BUNDLE}installer" ] || { echo "build the bundle first: ./make-package" >&2; exit 1; }
  PY=/usr/bin/python3
  PORT=$($PY - "$1" <<'PYEOF'
import socket, sys
for base in range(int(sys.argv[1]), 60000, 10):
    socks = []
    try:
        for p in range(base, base + 10):
            s = socket.socket(); s.bind(("127.0.0.1", p)); socks.append(s)
        print(base); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
PYEOF
)
  DATA=$OUTDIR/data
  rm -rf "$OUTDIR"; mkdir -p "$OUTDIR"
  trap bench_install_cleanup EXIT
}

bench_install_cleanup() {
  "$DATA/bin/dkm" stop >/dev/null 2>&1 || true
  if [ "$KEEP" != 1 ]; then rm -rf "$DATA"; fi
}
