#!/usr/bin/env bash
# Re-records graphite-web-events-golden.json from Debian's graphite-web (the peer script
# tools/peers/graphite-web.sh installs and starts it on a free port with an empty database).
# Usage: server/src/test/resources/stats-service/record-graphite-events.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../../../.." && pwd)
PORT=${PORT:-28417}
WORK=$(mktemp -d)
trap '"$REPO/tools/peers/graphite-web.sh" stop "$WORK" "$PORT" >/dev/null; rm -rf /tmp/graphite-web-ref/gw-$PORT "$WORK"' EXIT
"$REPO/tools/peers/graphite-web.sh" start "$WORK" "$PORT" >&2
/usr/bin/python3 - "$PORT" > "$HERE/graphite-web-events-golden.json" <<'PYEOF'
import json, sys, urllib.request, urllib.error
G = "http://127.0.0.1:" + sys.argv[1]
def call(path, body=None, accept=None):
    req = urllib.request.Request(G + path, data=body.encode() if body else None,
                                 method="POST" if body else "GET")
    if accept:
        req.add_header("Accept", accept)
    try:
        r = urllib.request.urlopen(req)
        return {"status": r.status, "content_type": r.headers["Content-Type"], "body": r.read().decode()}
    except urllib.error.HTTPError as e:
        return {"status": e.code, "content_type": e.headers["Content-Type"], "body": e.read().decode()[:300]}
posts = ['{"what": "deploy app 1.2", "tags": ["deploy", "app"], "data": "by bob", "when": 1700000000}',
         '{"what": "incident", "tags": "db outage", "when": 1700000100.5}']
out = {"recorded_by": "record-graphite-events.sh (in this directory) against tools/peers/graphite-web.sh",
       "posts": [], "bad_posts": [], "gets": []}
for body in posts:
    r = call("/events/", body)
    out["posts"].append({"body": body, "status": r["status"], "content_type": r["content_type"], "body_out": r["body"]})
r = call("/events/", '{"what": "t", "tags": 5}')
out["bad_posts"].append({"request": '{"what": "t", "tags": 5}', **r})
out["bad_posts"].append({"request": "not json", "status": call("/events/", "not json")["status"],
                         "note": "graphite-web fails with 500 (json.loads raises); we answer 400"})
for p in ["/events/get_data?from=1699999000&until=1700001000",
          "/events/get_data?from=1699999000&until=1700001000&tags=deploy",
          "/events/get_data?from=1699999000&until=1700001000&tags=deploy%20db&set=union",
          "/events/get_data?from=1699999000&until=1700001000&tags=deploy%20db",
          "/events/get_data?from=1699999000&until=1700001000&jsonp=cb",
          "/render?target=events(%22*%22)&from=1699999990&until=1700000110&format=json",
          "/render?target=events(%22deploy%22,%22app%22)&from=1699999990&until=1700000010&format=json",
          "/render?target=events(%22nothing%22)&from=1699999990&until=1700000000&format=json"]:
    out["gets"].append({"path": p, **call(p)})
for p in ["/events/1/", "/events/2/", "/events/9/"]:
    out["gets"].append({"path": p, "accept": "application/json", **call(p, accept="application/json")})
print(json.dumps(out, indent=1))
PYEOF
