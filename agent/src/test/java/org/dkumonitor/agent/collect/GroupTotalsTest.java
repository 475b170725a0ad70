package org.dkumonitor.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GroupTotalsTest {

    private static ProcessSample sample(String key, long utime, long rchar) {
        long[] counters = new long[ProcessSample.COUNTERS];
        Arrays.fill(counters, -1);
        counters[ProcessSample.UTIME] = utime;
        counters[ProcessSample.STIME] = 0;
        counters[ProcessSample.MINFLT] = 0;
        counters[ProcessSample.MAJFLT] = 0;
        counters[ProcessSample.RCHAR] = rchar;
        return new ProcessSample(key, 2, 100, 10, 5, 3, 1, 4, counters);
    }

    private static Map<String, Double> report(GroupTotals totals, double seconds) {
        Map<String, Double> sent = new TreeMap<>();
        totals.report("g", seconds, 100, sent::put);
        return sent;
    }

    @Test
    void sumsSizesAndTheIncreaseOfCountersThatDidNotGoBack() {
        GroupTotals totals = new GroupTotals();
        long[] before = sample("1@1", 100, 0).counters();
        totals.add(sample("1@1", 150, 0), before);
        totals.add(sample("2@2", 90, 0), before);
        Map<String, Double> sent = report(totals, 10);
        assertEquals(2.0, sent.get("g.ps_count.processes"));
        assertEquals(4.0, sent.get("g.ps_count.threads"));
        assertEquals(200.0, sent.get("g.ps_vm"));
        assertEquals(8.0, sent.get("g.file_handles.mapped"));
        assertEquals(50 * 10_000 / 10.0, sent.get("g.ps_cputime.user"), "90 < 100 adds nothing");
    }

    @Test
    void aPairIsSentOnlyWhenBothItsCountersWereReadableAndRatesOnlyAfterTheFirstRound() {
        GroupTotals totals = new GroupTotals();
        totals.add(sample("1@1", 150, 10), null);
        Map<String, Double> first = report(totals, Double.NaN);
        assertFalse(first.containsKey("g.ps_cputime.user"));
        Map<String, Double> later = report(totals, 10);
        assertEquals(0.0, later.get("g.ps_cputime.user"));
        assertFalse(later.containsKey("g.io_octets.rx"), "wchar was not readable");
    }
}
