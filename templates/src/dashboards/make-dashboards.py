#!/usr/bin/python3
# Writes the Grafana dashboards the installer provisions (templates/.../conf/grafana/dashboards/)
# from the panel lists below, so that the JSON stays uniform. Run from that directory:
#   cd templates/src/main/resources/org/dkumonitor/templates/conf/grafana/dashboards
#   /usr/bin/python3 ../../../../../../../../dashboards/make-dashboards.py
# installer DashboardsTest checks every series path against collectd-sample-paths.txt (the
# agent's names, collectd with dkumonitor's settings) or collectd-stock-paths.txt (collectd with
# its default plugin options and write_graphite's SeparateInstances false: cpu-0.cpu-user,
# memory.memory-used, load.load.shortterm); the system panels query both namings, each target
# matching nothing under the other, so a host sending either way fills them.
import json, sys
DS = {"type": "graphite", "uid": "dkumonitor-graphite"}

def var(name, query, regex="", multi=False, include_all=False, label=None):
    return {"type": "query", "name": name, "label": label or name, "datasource": DS,
            "query": query, "definition": query, "refresh": 1, "multi": multi,
            "includeAll": include_all, "sort": 1, "regex": regex, "hide": 0,
            "current": {}, "options": []}

def dashboard(uid, title, variables, panels, tags):
    out = []
    for i, (title_, unit, targets, stack) in enumerate(panels):
        out.append({
            "id": i + 1, "type": "timeseries", "title": title_, "datasource": DS,
            "gridPos": {"h": 8, "w": 12, "x": (i % 2) * 12, "y": (i // 2) * 8},
            "targets": [{"refId": chr(65 + j), "datasource": DS, "target": t}
                        for j, t in enumerate(targets)],
            "fieldConfig": {"defaults": {"unit": unit, "min": 0,
                                         "custom": {"fillOpacity": 10,
                                                    "stacking": {"mode": "normal" if stack else "none"}}},
                            "overrides": []},
            "options": {"legend": {"displayMode": "table", "placement": "bottom",
                                   "calcs": ["mean", "max", "lastNotNull"]},
                        "tooltip": {"mode": "multi"}}})
    return {"uid": uid, "title": title, "tags": tags, "schemaVersion": 39, "version": 1,
            "editable": True, "time": {"from": "now-6h", "to": "now"}, "refresh": "1m",
            "timezone": "browser", "templating": {"list": variables}, "panels": out,
            "annotations": {"list": []}}

H = "collectd.$host"
# stock collectd's names for the same figures (its jiffies per second are percents of a core)
STOCK_CPU = "aliasSub(averageSeriesWithWildcards(" + H + ".cpu-*.cpu-{user,system,nice,wait,steal,interrupt,softirq}, 2), '^.*\\.cpu-', '')"
STOCK_LOAD = "aliasByNode(divideSeries(" + H + ".load.load.*, countSeries(" + H + ".cpu-*.cpu-idle)), 4)"
STOCK_DF_USED = "aliasByNode(applyByNode(" + H + ".df-*.df_complex-used, 2, 'asPercent(%.df_complex-used, sumSeries(%.df_complex-*))'), 2)"
host = dashboard("dkumonitor-host", "Host system", [var("host", "collectd.*")], [
    ("CPU (average of all cores)", "percent",
     ["aliasByNode(averageSeriesWithWildcards(" + H + ".cpu.*.percent.{user,system,nice,wait,steal,interrupt,softirq}, 3), 4)",
      STOCK_CPU], True),
    ("Load (per core)", "short", ["aliasByNode(" + H + ".load.load.relative.*, 5)", STOCK_LOAD], False),
    ("Memory", "bytes", ["aliasByNode(" + H + ".memory.memory.{used,buffered,cached,slab_recl,slab_unrecl,free}, 4)",
                         "aliasSub(" + H + ".memory.memory-{used,buffered,cached,slab_recl,slab_unrecl,free}, '^.*memory-', '')"], True),
    ("Swap I/O", "Bps", ["aliasByNode(" + H + ".swap.swap_io.*, 4)", "aliasSub(" + H + ".swap.swap_io-*, '^.*swap_io-', '')"], False),
    ("Disk space used", "percent", ["aliasByNode(" + H + ".df.*.percent_bytes.used, 3)", STOCK_DF_USED], False),
    ("Disk throughput", "Bps", ["aliasByNode(" + H + ".disk.*.disk_octets.{read,write}, 3, 5)",
                                "aliasByNode(" + H + ".disk-*.disk_octets.{read,write}, 2, 4)"], False),
    ("Disk busy time", "ms", ["aliasByNode(" + H + ".disk.*.disk_io_time.io_time, 3)",
                              "aliasByNode(" + H + ".disk-*.disk_io_time.io_time, 2)"], False),
    ("Network traffic", "Bps", ["aliasByNode(" + H + ".interface.*.if_octets.{rx,tx}, 3, 5)",
                                "aliasByNode(" + H + ".interface-*.if_octets.{rx,tx}, 2, 4)"], False),
    ("Network errors and drops", "pps", ["aliasByNode(" + H + ".interface.*.{if_errors,if_dropped}.*, 3, 4, 5)",
                                         "aliasByNode(" + H + ".interface-*.{if_errors,if_dropped}.*, 2, 3, 4)"], False),
    ("Processes by state", "short", ["aliasByNode(" + H + ".processes.ps_state.*, 4)",
                                     "aliasSub(" + H + ".processes.ps_state-*, '^.*ps_state-', '')"], True),
], ["dkumonitor", "host"])

P = H + ".processes.$process"
procs = dashboard("dkumonitor-processes", "Processes (DSS backend and others)", [
    var("host", "collectd.*"),
    var("process", "collectd.$host.processes.*", regex="/^(?!ps_state$|fork_rate$).*/",
        multi=True, include_all=True)], [
    ("Resident memory", "bytes", ["aliasByNode(" + P + ".ps_rss, 3)"], False),
    ("CPU time", "ms", ["aliasByNode(" + P + ".ps_cputime.{user,syst}, 3, 5)"], False),
    ("Threads", "short", ["aliasByNode(" + P + ".ps_count.threads, 3)"], False),
    ("Disk I/O", "Bps", ["aliasByNode(" + P + ".disk_octets.{read,write}, 3, 5)"], False),
    ("Context switches", "short", ["aliasByNode(" + P + ".contextswitch.*, 3, 5)"], False),
    ("Page faults", "short", ["aliasByNode(" + P + ".ps_pagefaults.*, 3, 5)"], False),
], ["dkumonitor", "dss", "processes"])

# dkumonitor's two DSS dashboards, over this agent's paths (collectd.HOST...) and DSS's own
# Graphite reporter (dss.INSTANCE.backend.server...): several hosts side by side.
A = "collectd.$host"
dss_system = dashboard("dkumonitor-dss-system", "DSS system view", [
    var("host", "collectd.*", multi=True, include_all=True)], [
    ("Average CPU busy", "percent",
     ["aliasByNode(averageSeriesWithWildcards(sumSeriesWithWildcards(" + A + ".cpu.*.percent.{user,system,nice,guest,steal}, 5), 3), 1)",
      "aliasByNode(averageSeriesWithWildcards(sumSeriesWithWildcards(" + A + ".cpu-*.cpu-{user,system,nice,steal}, 3), 2), 1)"], False),
    ("RAM used (%)", "percent",
     ["aliasByNode(sumSeriesWithWildcards(" + A + ".memory.percent.{used,buffered,cached}, 4), 1)",
      "aliasByNode(applyByNode(" + A + ".memory.memory-used, 1, 'asPercent(sumSeries(%.memory.memory-{used,buffered,cached}), sumSeries(%.memory.memory-*))'), 1)"], False),
    ("RAM used (bytes)", "bytes",
     ["aliasByNode(sumSeriesWithWildcards(" + A + ".memory.memory.{used,buffered,cached}, 4), 1)",
      "aliasByNode(sumSeriesWithWildcards(" + A + ".memory.memory-{used,buffered,cached}, 3), 1)"], False),
    ("Network I/O", "Bps",
     ["aliasByNode(sumSeriesWithWildcards(" + A + ".interface.*.if_octets.{rx,tx}, 3), 1, 4)",
      "aliasByNode(sumSeriesWithWildcards(" + A + ".interface-*.if_octets.{rx,tx}, 2), 1, 3)"], False),
    ("Disk used", "bytes", ["aliasByNode(" + A + ".df.*.df_complex.used, 1, 3)",
                            "aliasByNode(" + A + ".df-*.df_complex-used, 1, 2)"], False),
    ("Disk I/O latency (weighted I/O time)", "ms",
     ["aliasByNode(sumSeriesWithWildcards(" + A + ".disk.*.disk_io_time.weighted_io_time, 3), 1)",
      "aliasByNode(sumSeriesWithWildcards(" + A + ".disk-*.disk_io_time.weighted_io_time, 2), 1)"], False),
], ["dkumonitor", "dss"])

D = "dss.$dss.backend.server"
dss_backend = dashboard("dkumonitor-dss-backend", "DSS backend view", [
    var("dss", "dss.*", multi=True, include_all=True, label="DSS instance"),
    var("host", "collectd.*", multi=True, include_all=True)], [
    ("Active users", "short", ["aliasByNode(" + D + ".dku.collaboration.activeUsers, 1)"], False),
    ("Datasets", "short", ["aliasByNode(" + D + ".catalog.indexAll.datasets.count, 1)"], False),
    ("Recipes", "short", ["aliasByNode(" + D + ".catalog.indexAll.recipes, 1)"], False),
    ("Backend Java heap", "bytes", ["aliasByNode(" + D + ".jvm.memory.heap.used, 1)"], False),
    ("DSS processes (backend, jobs, kernels)", "short",
     ["aliasByNode(" + A + ".processes.dss_*.ps_count.processes, 1, 3)"], False),
    ("Backend open files", "short",
     ["aliasByNode(" + A + ".processes.dss_backend.file_handles.mapped, 1)"], False),
], ["dkumonitor", "dss"])

for name, d in (("host-system.json", host), ("processes.json", procs),
                ("dss-system.json", dss_system), ("dss-backend.json", dss_backend)):
    with open(name, "w") as f:
        json.dump(d, f, indent=2)
        f.write("\n")
