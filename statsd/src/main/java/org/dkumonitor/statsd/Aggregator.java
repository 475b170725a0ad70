package org.dkumonitor.statsd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Etsy statsd's state between flushes (its {@code counters}, {@code timers},
 * {@code timer_counters}, {@code gauges}, {@code sets} objects), fed by the receiving threads
 * and emptied by {@link #snapshot}, which holds the lock only to copy values out (a few array
 * copies, well under a millisecond for 100,000 keys): the flush's arithmetic and formatting
 * run after, so a flush never holds up the receivers.
 *
 * <p>As statsd: the first three counters are its own ({@code bad_lines_seen},
 * {@code packets_received}, {@code metrics_received} under {@code prefixStats}); after a flush
 * counters go to 0, timers and sets to empty and gauges keep their value, unless the
 * {@code delete*} settings remove them (counters whose key contains one of statsd's own names
 * are zeroed, never removed; a gauge goes after {@code gaugesMaxTTL} flushes without a value).
 * With statsite's naming everything is removed after each flush, as statsite starts every
 * interval afresh. Beyond statsd: at most {@code maxKeys} keys; a sample for a new key beyond
 * is dropped and counted under {@code <prefixStats>.keys_over_limit}.
 */
final class Aggregator implements Samples {

    static final int BAD_LINES = 0;
    static final int PACKETS = 1;
    static final int METRICS = 2;

    private final Object lock = new Object();
    private final boolean statsite;
    private final boolean deleteCounters;
    private final boolean deleteTimers;
    private final boolean deleteGauges;
    private final boolean deleteSets;
    private final int gaugesMaxTtl;
    private final int maxKeys;
    private final byte[] timestampLagKey;
    private final byte[] keysOverLimitKey;

    private final KeyTable counters = new KeyTable(64);
    private double[] counterValues = new double[64];
    private final KeyTable timers = new KeyTable(64);
    private SamplePool timerSamples = new SamplePool();
    private int[] timerSampleCounts = new int[64];
    private double[] timerCounts = new double[64];
    private final KeyTable gauges = new KeyTable(64);
    private double[] gaugeValues = new double[64];
    private int[] gaugeTtls = new int[64];
    private final KeyTable sets = new KeyTable(64);
    private int[] setSizes = new int[64];
    /** Every set's members this interval, each keyed by its set's id (4 bytes), then itself. */
    private final KeyTable setMembers = new KeyTable(64);
    private byte[] memberKey = new byte[64];
    private final KeyTable keyValues = new KeyTable(16);
    private SamplePool keyValueSamples = new SamplePool();
    private int[] keyValueCounts = new int[16];
    /** What {@link #snapshot} fills, one for the life of the aggregator. */
    private final Snapshot snapshot = new Snapshot();
    private int keysOverLimit = -1;
    private long lastFlushSecond;

    Aggregator(StatsdConfig config) {
        boolean statsite = config.naming() == StatsdConfig.Naming.STATSITE;
        this.statsite = statsite;
        this.deleteCounters = statsite || config.deleteCounters();
        this.deleteTimers = statsite || config.deleteTimers();
        this.deleteGauges = statsite || config.deleteGauges();
        this.deleteSets = statsite || config.deleteSets();
        this.gaugesMaxTtl = config.gaugesMaxTTL();
        this.maxKeys = config.maxKeys();
        String stats = config.prefixStats();
        this.timestampLagKey = ascii(stats + ".timestamp_lag");
        this.keysOverLimitKey = ascii(stats + ".keys_over_limit");
        for (String own : new String[] {".bad_lines_seen", ".packets_received",
            ".metrics_received"}) {
            byte[] key = ascii(stats + own);
            addCounter(key, key.length);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Parses and counts one packet with the receiving thread's own parser. */
    void receive(StatsdParser threadParser, byte[] b, int from, int to) {
        synchronized (lock) {
            threadParser.packet(b, from, to, this);
        }
    }

    /** A TCP line over the limit, skipped: one bad line. */
    void overlong() {
        synchronized (lock) {
            counterValues[BAD_LINES]++;
        }
    }

    /** A parser for one receiving thread, reading the types this configuration knows. */
    StatsdParser newParser() {
        return new StatsdParser(statsite);
    }

    @Override
    public void packet() {
        counterValues[PACKETS]++;
        packetsSinceStart++;
    }

    private long packetsSinceStart;

    /** Packets received since start (tests wait on it). */
    long packetsSinceStart() {
        synchronized (lock) {
            return packetsSinceStart;
        }
    }

    @Override
    public void line() {
        counterValues[METRICS]++;
    }

    @Override
    public void badLine() {
        counterValues[BAD_LINES]++;
    }

    private boolean full() {
        return counters.size() + timers.size() + gauges.size() + sets.size()
                + keyValues.size() >= maxKeys;
    }

    private void overLimit() {
        if (keysOverLimit < 0) {
            keysOverLimit = addCounter(keysOverLimitKey, keysOverLimitKey.length);
        }
        counterValues[keysOverLimit]++;
    }

    @Override
    public void counter(byte[] key, int keyLength, double value) {
        int hash = KeyTable.hash(key, 0, keyLength);
        int id = counters.find(key, 0, keyLength, hash);
        if (id < 0) {
            if (full()) {
                overLimit();
                return;
            }
            id = addCounter(key, keyLength);
        }
        counterValues[id] += value;
    }

    private int addCounter(byte[] key, int keyLength) {
        int id = counters.add(key, 0, keyLength, KeyTable.hash(key, 0, keyLength));
        if (id == counterValues.length) {
            counterValues = Arrays.copyOf(counterValues, id * 2);
        }
        return id;
    }

    @Override
    public void timer(byte[] key, int keyLength, double value, double count) {
        int hash = KeyTable.hash(key, 0, keyLength);
        int id = timers.find(key, 0, keyLength, hash);
        if (id < 0) {
            if (full()) {
                overLimit();
                return;
            }
            id = timers.add(key, 0, keyLength, hash);
            if (id == timerCounts.length) {
                timerSampleCounts = Arrays.copyOf(timerSampleCounts, id * 2);
                timerCounts = Arrays.copyOf(timerCounts, id * 2);
            }
        }
        timerSamples.add(id, value);
        timerSampleCounts[id]++;
        timerCounts[id] += count;
    }

    @Override
    public void gauge(byte[] key, int keyLength, double value, boolean delta) {
        int hash = KeyTable.hash(key, 0, keyLength);
        int id = gauges.find(key, 0, keyLength, hash);
        if (id < 0) {
            if (full()) {
                overLimit();
                return;
            }
            id = addGauge(key, keyLength, hash);
            gaugeValues[id] = value;
        } else {
            double current = gaugeValues[id];
            // statsd: "if (gauges[key] && delta)", so a 0 (or NaN) gauge is set, not added to
            gaugeValues[id] = delta && current != 0 && current == current ? current + value
                    : value;
        }
        if (deleteGauges) {
            gaugeTtls[id] = gaugesMaxTtl;
        }
    }

    private int addGauge(byte[] key, int keyLength, int hash) {
        int id = gauges.add(key, 0, keyLength, hash);
        if (id == gaugeValues.length) {
            gaugeValues = Arrays.copyOf(gaugeValues, id * 2);
            gaugeTtls = Arrays.copyOf(gaugeTtls, id * 2);
        }
        return id;
    }

    @Override
    public void set(byte[] key, int keyLength, byte[] member, int from, int to) {
        int hash = KeyTable.hash(key, 0, keyLength);
        int id = sets.find(key, 0, keyLength, hash);
        if (id < 0) {
            if (full()) {
                overLimit();
                return;
            }
            id = sets.add(key, 0, keyLength, hash);
            if (id == setSizes.length) {
                setSizes = Arrays.copyOf(setSizes, id * 2);
            }
        }
        for (int i = from; i < to; i++) {
            if (member[i] < 0) {
                // statsd compares members as decoded text: invalid UTF-8 is U+FFFD
                byte[] decoded = new String(member, from, to - from, StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_8);
                addMember(id, decoded, 0, decoded.length);
                return;
            }
        }
        addMember(id, member, from, to);
    }

    private void addMember(int set, byte[] member, int from, int to) {
        int length = 4 + to - from;
        if (memberKey.length < length) {
            memberKey = new byte[Math.max(length, memberKey.length * 2)];
        }
        memberKey[0] = (byte) (set >>> 24);
        memberKey[1] = (byte) (set >>> 16);
        memberKey[2] = (byte) (set >>> 8);
        memberKey[3] = (byte) set;
        System.arraycopy(member, from, memberKey, 4, to - from);
        int before = setMembers.size();
        setMembers.add(memberKey, 0, length, KeyTable.hash(memberKey, 0, length));
        if (setMembers.size() > before) {
            setSizes[set]++;
        }
    }

    @Override
    public void keyValue(byte[] key, int keyLength, double value) {
        int hash = KeyTable.hash(key, 0, keyLength);
        int id = keyValues.find(key, 0, keyLength, hash);
        if (id < 0) {
            if (full()) {
                overLimit();
                return;
            }
            id = keyValues.add(key, 0, keyLength, hash);
            if (id == keyValueCounts.length) {
                keyValueCounts = Arrays.copyOf(keyValueCounts, id * 2);
            }
        }
        keyValueSamples.add(id, value);
        keyValueCounts[id]++;
    }

    /** Keys held now, over every type. */
    int keys() {
        synchronized (lock) {
            return counters.size() + timers.size() + gauges.size() + sets.size()
                    + keyValues.size();
        }
    }

    /**
     * statsd's flush, the part under the lock: sets the {@code timestamp_lag} gauge (from the
     * second flush on), copies every value out and clears as statsd does after its backends.
     * The snapshot is the aggregator's one, refilled in place (its arrays, and the timers' and
     * key/values' sample pools, swapped with the live ones, serve interval after interval):
     * it is valid until the next call, which the flush's lock orders after the flush.
     */
    Snapshot snapshot(long flushSecond, long flushIntervalMillis) {
        synchronized (lock) {
            if (lastFlushSecond > 0) {
                int id = gauges.find(timestampLagKey, 0, timestampLagKey.length,
                        KeyTable.hash(timestampLagKey, 0, timestampLagKey.length));
                if (id < 0) {
                    id = addGauge(timestampLagKey, timestampLagKey.length,
                            KeyTable.hash(timestampLagKey, 0, timestampLagKey.length));
                }
                gaugeValues[id] = flushSecond - lastFlushSecond - flushIntervalMillis / 1000.0;
            }
            lastFlushSecond = flushSecond;
            Snapshot s = snapshot;
            copyCounters(s);
            copyTimers(s);
            copyGauges(s);
            copySets(s);
            copyKeyValues(s);
            return s;
        }
    }

    private void copyCounters(Snapshot s) {
        int n = counters.size();
        s.counters = counters.view();
        s.counterValues = copy(counterValues, n, s.counterValues);
        if (deleteCounters) {
            boolean[] keep = new boolean[n];
            for (int id = 0; id < n; id++) {
                String key = s.counters.string(id);
                keep[id] = key.contains("packets_received") || key.contains("metrics_received")
                        || key.contains("bad_lines_seen");
            }
            counters.retain(keep);
            keysOverLimit = counters.find(keysOverLimitKey, 0, keysOverLimitKey.length,
                    KeyTable.hash(keysOverLimitKey, 0, keysOverLimitKey.length));
        }
        Arrays.fill(counterValues, 0);
    }

    private void copyTimers(Snapshot s) {
        int n = timers.size();
        s.timers = timers.view();
        s.timerSampleCounts = copy(timerSampleCounts, n, s.timerSampleCounts);
        s.timerCounts = copy(timerCounts, n, s.timerCounts);
        SamplePool full = timerSamples;
        timerSamples = s.timerSamples;
        timerSamples.clear();
        s.timerSamples = full;
        if (deleteTimers) {
            timers.clear();
        }
        Arrays.fill(timerSampleCounts, 0, n, 0);
        Arrays.fill(timerCounts, 0, n, 0);
    }

    private void copyGauges(Snapshot s) {
        int n = gauges.size();
        s.gauges = gauges.view();
        s.gaugeValues = copy(gaugeValues, n, s.gaugeValues);
        if (deleteGauges) {
            boolean[] keep = new boolean[n];
            int kept = 0;
            double[] values = new double[gaugeValues.length];
            int[] ttls = new int[gaugeTtls.length];
            for (int id = 0; id < n; id++) {
                boolean own = s.gauges.length(id) == timestampLagKey.length
                        && Arrays.equals(s.gauges.arena(), s.gauges.start(id),
                                s.gauges.start(id) + s.gauges.length(id), timestampLagKey, 0,
                                timestampLagKey.length);
                keep[id] = own || --gaugeTtls[id] >= 1;
                if (keep[id]) {
                    values[kept] = gaugeValues[id];
                    ttls[kept++] = gaugeTtls[id];
                }
            }
            gauges.retain(keep);
            gaugeValues = values;
            gaugeTtls = ttls;
        }
    }

    private void copySets(Snapshot s) {
        int n = sets.size();
        s.sets = sets.view();
        s.setSizes = copy(setSizes, n, s.setSizes);
        Arrays.fill(setSizes, 0, n, 0);
        setMembers.reset();
        if (deleteSets) {
            sets.clear();
        }
    }

    private void copyKeyValues(Snapshot s) {
        int n = keyValues.size();
        s.keyValues = keyValues.view();
        s.keyValueCounts = copy(keyValueCounts, n, s.keyValueCounts);
        SamplePool full = keyValueSamples;
        keyValueSamples = s.keyValueSamples;
        keyValueSamples.clear();
        s.keyValueSamples = full;
        keyValues.clear();
        Arrays.fill(keyValueCounts, 0, n, 0);
    }

    /** {@code from[0, n)} in {@code into} when it is long enough, else in a new array. */
    private static double[] copy(double[] from, int n, double[] into) {
        double[] to = into.length >= n ? into : new double[Math.max(n, into.length * 2)];
        System.arraycopy(from, 0, to, 0, n);
        return to;
    }

    private static int[] copy(int[] from, int n, int[] into) {
        int[] to = into.length >= n ? into : new int[Math.max(n, into.length * 2)];
        System.arraycopy(from, 0, to, 0, n);
        return to;
    }
}
