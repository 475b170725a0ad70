#!/usr/bin/env bash
# Installs the reference tools the tests compare against, from Debian's packages, when missing:
# python3-whisper (Graphite's own whisper module, to read the files we write) and chromium
# (headless, for the built-in UI's browser test), graphite-web with gunicorn (the render API's
# reference, run by tools/peers/graphite-web.sh), carbon-c-relay and graphite-carbon (the
# reference relays: carbon_ch placement, and carbon's own ring code).
# Tests that need a peer say so and are skipped only when it cannot be installed here.
set -uo pipefail

need=()
/usr/bin/python3 -c 'import whisper' 2>/dev/null || need+=(python3-whisper)
command -v /usr/bin/chromium >/dev/null || need+=(chromium)
/usr/bin/python3 -c 'import graphite.settings' 2>/dev/null || need+=(graphite-web)
/usr/bin/python3 -c 'import gunicorn' 2>/dev/null || need+=(gunicorn)
command -v curl >/dev/null || need+=(curl)
command -v /usr/bin/carbon-c-relay >/dev/null || need+=(carbon-c-relay)
[ -d /usr/lib/python3/dist-packages/carbon ] || need+=(graphite-carbon)
[ ${#need[@]} -eq 0 ] && exit 0

echo "[run-tests] installing test peers: ${need[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo_cmd=(sudo -n)
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null 2>&1; then
    "${sudo_cmd[@]}" apt-get update -q >/dev/null 2>&1
    "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
        || echo "[run-tests] warning: could not install ${need[*]}; tests that need them are skipped" >&2
fi
exit 0
