# Replays whisper operations with Graphite's own python whisper, for WhisperPythonInteropTest.
# stdin: JSON {"cases": [{"path", "archives", "xff", "method", "ops", "fetches", "read"}]}
#   ops: [{"op": "update_many", "points": [[t, v]...], "now": n}]; when "read" is set the
#   file already exists (written by Java) and is only read.
# stdout: JSON list, per case: {"info": whisper.info(path), "fetches": [[[start,end,step],values]|null]}
import json
import sys
import whisper

out = []
for case in json.load(sys.stdin)["cases"]:
    path = case["path"]
    if not case.get("read"):
        whisper.create(path, [tuple(a) for a in case["archives"]], xFilesFactor=case["xff"],
                       aggregationMethod=case["method"])
        for op in case["ops"]:
            whisper.update_many(path, [tuple(p) for p in op["points"]], now=op["now"])
    fetches = []
    for f in case["fetches"]:
        r = whisper.fetch(path, f["from"], f["until"], now=f["now"])
        fetches.append(None if r is None else [list(r[0]), r[1]])
    info = whisper.info(path)
    out.append({"info": info, "fetches": fetches})
json.dump(out, sys.stdout)
