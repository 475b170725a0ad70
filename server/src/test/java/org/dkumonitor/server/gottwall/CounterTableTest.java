package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.junit.jupiter.api.Test;

class CounterTableTest {

    private static final long NOW = 1_700_000_000L - 1_700_000_000L % 3600 + 1800;
    private static final List<Retention> RETENTIONS = List.of(new Retention(60, 60 * 24),
            new Retention(3600, 24 * 30));

    /** The points written, and what a reread of the store sees: the last total per slot. */
    private final List<String> written = new ArrayList<>();
    private final Map<String, Double> stored = new HashMap<>();
    private final CounterTable table = new CounterTable(name -> RETENTIONS,
            (series, slot, step) -> stored.getOrDefault(series + "@" + slot, Double.NaN),
            batch -> {
                for (int i = 0; i < batch.size(); i++) {
                    written.add(batch.name(i) + " " + batch.timestamp(i) + " " + batch.value(i));
                    stored.put(batch.name(i) + "@" + batch.timestamp(i), batch.value(i));
                }
            }, 60);

    private void add(String series, CounterTable.Kind kind, long time, double value) {
        table.add(table.slot(series, time, NOW), kind, value, NOW);
    }

    @Test
    void sumsEveryCountOfAStepIntoOnePoint() {
        long minute = NOW - NOW % 60;
        for (int i = 0; i < 1000; i++) {
            add("gottwall.p.orders", CounterTable.Kind.SUM, minute + i % 60, 1);
        }
        add("gottwall.p.orders", CounterTable.Kind.SUM, minute - 1, 5);
        assertEquals(2, table.flush(NOW));
        assertEquals(List.of("gottwall.p.orders " + (minute - 60) + " 5.0",
                "gottwall.p.orders " + minute + " 1000.0"), written.stream().sorted().toList());
        written.clear();
        assertEquals(0, table.flush(NOW), "nothing changed, nothing written");
        add("gottwall.p.orders", CounterTable.Kind.SUM, minute, -3);
        table.flush(NOW);
        assertEquals(List.of("gottwall.p.orders " + minute + " 997.0"), written,
                "the whole total again, replacing the slot's earlier write");
    }

    @Test
    void aGaugeKeepsTheLastValueAndAnAvgTheMean() {
        long minute = NOW - NOW % 60;
        add("gottwall.p.temp", CounterTable.Kind.LAST, minute, 20);
        add("gottwall.p.temp", CounterTable.Kind.LAST, minute + 5, 22);
        add("gottwall.p.load", CounterTable.Kind.MEAN, minute, 1);
        add("gottwall.p.load", CounterTable.Kind.MEAN, minute + 1, 2);
        add("gottwall.p.load", CounterTable.Kind.MEAN, minute + 2, 6);
        table.flush(NOW);
        assertEquals(List.of("gottwall.p.load " + minute + " 3.0",
                "gottwall.p.temp " + minute + " 22.0"), written.stream().sorted().toList());
        assertEquals(AggregationMethod.LAST, table.aggregationOf("gottwall.p.temp"));
        assertEquals(AggregationMethod.AVERAGE, table.aggregationOf("gottwall.p.load"));
        assertNull(table.aggregationOf("gottwall.p.other"));
    }

    @Test
    void aLateCountAddsToTheStoredTotalAfterItsCellIsGone() {
        long old = NOW - 2 * 86_400; // older than the minute archive keeps
        long oldSlot = old - old % 3600;
        add("gottwall.p.orders", CounterTable.Kind.SUM, old, 7);
        table.flush(NOW);
        table.flush(NOW + 10); // the cell goes once an earlier flush wrote its total
        stored.put("gottwall.p.orders@" + oldSlot, 100.0); // what whisper holds by now
        add("gottwall.p.orders", CounterTable.Kind.SUM, old + 60, 3);
        table.flush(NOW + 10);
        assertEquals("gottwall.p.orders " + oldSlot + " 103.0", written.get(written.size() - 1),
                "a two-day-old count lands in its hourly slot, on top of what is stored");
        table.flush(NOW + 10 + CounterTable.GRACE_SECONDS + 1);
        table.flush(NOW + 10 + CounterTable.GRACE_SECONDS + 2);
        assertEquals(0, table.seriesInMemory(), "an idle series leaves memory");
    }

    @Test
    void aRestartedTableStartsFromTheStoredTotal() {
        long minute = NOW - NOW % 60;
        stored.put("gottwall.p.orders@" + minute, 40.0);
        add("gottwall.p.orders", CounterTable.Kind.SUM, minute, 2);
        table.flush(NOW);
        assertEquals(List.of("gottwall.p.orders " + minute + " 42.0"), written);
    }

    @Test
    void refusesTimesOutsideTheRetentionAndTheFuture() {
        BadMetricException old = assertThrows(BadMetricException.class,
                () -> table.slot("gottwall.p.x", NOW - 31L * 86_400, NOW));
        assertEquals(BadMetricException.Reason.TOO_OLD, old.reason());
        assertEquals(BadMetricException.Reason.TOO_OLD, assertThrows(BadMetricException.class,
                () -> table.slot("gottwall.p.x", 0, NOW)).reason(), "1970");
        assertEquals(BadMetricException.Reason.FUTURE, assertThrows(BadMetricException.class,
                () -> table.slot("gottwall.p.x", 4_102_444_800L, NOW)).reason(), "2100");
        assertEquals(NOW - NOW % 60 + 60, table.slot("gottwall.p.x", NOW + 60, NOW).start());
    }

    @Test
    void aSeriesKeepsItsKind() {
        add("gottwall.p.x", CounterTable.Kind.SUM, NOW, 1);
        BadMetricException e = assertThrows(BadMetricException.class,
                () -> add("gottwall.p.x", CounterTable.Kind.LAST, NOW, 1));
        assertEquals(BadMetricException.Reason.KIND_CONFLICT, e.reason());
    }
}
