#!/usr/bin/env python3
"""Sends GottWall metrics the way the real clients do, built by gottwall_client.py (which
mirrors stati-net and stati-go-net byte for byte), over real sockets. Used by dkumonitor's
tests and benchmark as the peer client.

    gw_send.py SPEC_JSON

SPEC: {"transport": "http"|"tcp"|"udp", "host", "port", "project", "private_key",
       "public_key", "client": "py2-json"|"py3-json"|"py3-ujson"|"go",
       "metrics": [{"action", "name", "value", "ts", "filters"}], "prefix": "/gottwall",
       "auth_delimiter": optional, "ts": optional auth ts (default: now, as the clients)}
Prints one JSON line: {"statuses": [...]} for HTTP, {"reply": "OK"|"FAIL"|""} for TCP,
{"sent": n} for UDP. The auth ts is computed as the real clients do (mktime(utcnow()) for
stati-net, time.Now().Unix() for Go): run with TZ=UTC.
"""
import datetime
import json
import socket
import sys
import time

import gottwall_client as gw


def auth_ts(spec):
    if spec.get("ts") is not None:
        return int(spec["ts"])
    if spec["client"] == "go":
        return int(time.time())
    return gw.dt_to_ts(datetime.datetime.utcnow())


def rule(spec):
    return {"go": "go", "py3-json": "py3", "py3-ujson": "py3"}.get(spec["client"], "py2")


def read_response(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise IOError("connection closed before the response")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        body += sock.recv(4096)
    return int(head.split(b" ")[1]), body[length:]


def http(spec):
    statuses = []
    sock = socket.create_connection((spec["host"], spec["port"]))
    prefix = spec.get("prefix", "/gottwall")
    for m in spec["metrics"]:
        ts = auth_ts(spec)
        if spec["client"] == "go":
            raw = gw.go_http_request(spec["project"], m["action"], spec["private_key"],
                                     spec["public_key"], m["name"], m.get("value", 1),
                                     m["ts"], ts, host=spec["host"], port=spec["port"],
                                     prefix=prefix)
        else:
            auth = gw.s1_header(spec["private_key"], spec["public_key"], ts, rule=rule(spec))
            body = gw.http_body(m["name"], m["ts"], m.get("value", 1), m.get("filters"),
                                spec["client"])
            build = gw.http_request_py2 if spec["client"].startswith("py2") \
                else gw.http_request_py3
            raw = build(spec["project"], m["action"], auth, body, host=spec["host"],
                        port=spec["port"], prefix=prefix)
        sock.sendall(raw)
        status, _ = read_response(sock)
        statuses.append(status)
    sock.close()
    return {"statuses": statuses}


def chunks(spec, auth):
    out = []
    for m in spec["metrics"]:
        if spec["client"] == "go":
            out.append(gw.go_message(m["action"], m["name"], spec["project"], m["ts"],
                                     m.get("value", 1)))
        else:
            out.append(gw.stream_chunk(spec["project"], auth, m["action"], m["name"], m["ts"],
                                       m.get("value", 1), m.get("filters"), spec["client"]))
    return out


def tcp(spec):
    ts = auth_ts(spec)
    auth = gw.s2_header(spec["private_key"], spec["public_key"], spec["project"], ts,
                        rule=rule(spec))
    delimiter = spec.get("auth_delimiter", gw.TCP_AUTH_DELIMITER)
    sock = socket.create_connection((spec["host"], spec["port"]))
    sock.sendall((auth + delimiter).encode("utf-8"))
    reply = b""
    while len(reply) < 2:
        part = sock.recv(4 - len(reply))
        if not part:
            break
        reply += part
    if reply == b"OK":
        for c in chunks(spec, auth):
            sock.sendall((c + gw.CHUNK_DELIMITER).encode("utf-8"))
    else:
        reply += sock.recv(4)
    sock.close()
    return {"reply": reply.decode("latin-1")}


def udp(spec):
    ts = auth_ts(spec)
    auth = gw.s2_header(spec["private_key"], spec["public_key"], spec["project"], ts,
                        rule=rule(spec))
    default = gw.UDP_SERVER_AUTH_DELIMITER if spec["client"] == "go" \
        else gw.PY_UDP_CLIENT_AUTH_DELIMITER
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sent = 0
    for c in chunks(spec, auth):
        sock.sendto(gw.udp_datagram(auth, c, spec.get("auth_delimiter", default)),
                    (spec["host"], spec["port"]))
        sent += 1
    sock.close()
    return {"sent": sent}


def main(argv):
    spec = json.loads(argv[1])
    result = {"http": http, "tcp": tcp, "udp": udp}[spec["transport"]](spec)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
