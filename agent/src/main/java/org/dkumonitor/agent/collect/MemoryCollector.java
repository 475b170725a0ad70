package org.dkumonitor.agent.collect;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * collectd's memory plugin on Linux with ValuesAbsolute and ValuesPercentage: used, buffered,
 * cached, free, slab_recl and slab_unrecl in bytes under {@code memory.memory.}, and each as a
 * percentage of their sum (the total) under {@code memory.percent.}. Read from /proc/meminfo, as
 * collectd reads it: OSHI does not expose buffers and slab.
 */
public final class MemoryCollector implements Collector {

    private final ProcFiles proc;

    public MemoryCollector(ProcFiles proc) {
        this.proc = proc;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void collect(Instant now, MetricSink sink) {
        Map<String, Long> kib = parse(proc.lines("meminfo"));
        long total = bytes(kib, "MemTotal");
        long free = bytes(kib, "MemFree");
        long buffered = bytes(kib, "Buffers");
        long cached = bytes(kib, "Cached");
        long slabReclaimable = bytes(kib, "SReclaimable");
        long slabUnreclaimable = bytes(kib, "SUnreclaim");
        long used = total - (free + buffered + cached + slabReclaimable + slabUnreclaimable);
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("used", used);
        values.put("buffered", buffered);
        values.put("cached", cached);
        values.put("free", free);
        values.put("slab_unrecl", slabUnreclaimable);
        values.put("slab_recl", slabReclaimable);
        long sum = 0;
        for (Map.Entry<String, Long> value : values.entrySet()) {
            sum += value.getValue();
            sink.put("memory.memory." + value.getKey(), value.getValue());
        }
        if (sum > 0) {
            for (Map.Entry<String, Long> value : values.entrySet()) {
                sink.put("memory.percent." + value.getKey(), 100.0 * value.getValue() / sum);
            }
        }
    }

    static Map<String, Long> parse(List<String> lines) {
        Map<String, Long> kib = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] value = ProcFields.words(line.substring(colon + 1));
            if (value.length == 0) {
                continue;
            }
            try {
                kib.put(line.substring(0, colon).strip(), Long.parseLong(value[0]));
            } catch (NumberFormatException e) {
                // not a number: not a field we use
            }
        }
        return kib;
    }

    private long bytes(Map<String, Long> kib, String field) {
        Long value = kib.get(field);
        if (value == null) {
            throw new CollectionException("memory: " + proc.path("meminfo") + " has no "
                    + field + " field");
        }
        return value * 1024;
    }
}
