package org.dkumonitor.core.layout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reserved range of {@value #SIZE} ports starting at {@code base}: which service listens where.
 * PORT+3 is reserved for later use; PORT+8 and +9 are a local ClickHouse's, when the install
 * runs one.
 */
public record PortMap(int base) {

    public static final int SIZE = 10;
    public static final int LOWEST_BASE = 1024;
    public static final int HIGHEST_BASE = 65535 - SIZE;

    public PortMap {
        if (base < LOWEST_BASE || base > HIGHEST_BASE) {
            throw new IllegalArgumentException("port range base must be " + LOWEST_BASE + ".."
                    + HIGHEST_BASE + " (the range takes " + SIZE + " ports), found " + base);
        }
    }

    /** Grafana's HTTP port (the built-in UI answers here when Grafana is absent). */
    public int grafana() {
        return base;
    }

    /** Carbon plaintext, TCP and UDP. */
    public int carbonPlaintext() {
        return base + 1;
    }

    /** Graphite HTTP API and the built-in UI. */
    public int api() {
        return base + 2;
    }

    /** Carbon pickle, TCP. */
    public int carbonPickle() {
        return base + 4;
    }

    /** StatsD, UDP and TCP. */
    public int statsd() {
        return base + 5;
    }

    /** HTTP ingest: events and counters. */
    public int httpIngest() {
        return base + 6;
    }

    /** GottWall-style TCP/UDP stream. */
    public int stream() {
        return base + 7;
    }

    /** HTTP of the ClickHouse server the install runs, when it runs one. */
    public int clickhouseHttp() {
        return base + 8;
    }

    /** The native protocol of the ClickHouse server the install runs, when it runs one. */
    public int clickhouseNative() {
        return base + 9;
    }

    /** Every service port by name, in port order. */
    public Map<String, Integer> byService() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("grafana", grafana());
        ports.put("carbon-plaintext", carbonPlaintext());
        ports.put("graphite-api", api());
        ports.put("carbon-pickle", carbonPickle());
        ports.put("statsd", statsd());
        ports.put("http-ingest", httpIngest());
        ports.put("stream", stream());
        return ports;
    }
}
