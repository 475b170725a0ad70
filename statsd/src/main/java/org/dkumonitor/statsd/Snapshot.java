package org.dkumonitor.statsd;

/**
 * What one flush works from: the keys and values {@link Aggregator#snapshot} copied out under
 * its lock. The aggregator's one, refilled by every snapshot (arrays may be longer than their
 * view's size); owned by the flushing thread in between.
 */
final class Snapshot {

    KeyTable.View counters = KeyTable.View.EMPTY;
    double[] counterValues = new double[0];
    KeyTable.View timers = KeyTable.View.EMPTY;
    /** The interval's timings, by timer id: {@link SamplePool#group} them first. */
    SamplePool timerSamples = new SamplePool();
    int[] timerSampleCounts = new int[0];
    double[] timerCounts = new double[0];
    KeyTable.View gauges = KeyTable.View.EMPTY;
    double[] gaugeValues = new double[0];
    KeyTable.View sets = KeyTable.View.EMPTY;
    int[] setSizes = new int[0];
    KeyTable.View keyValues = KeyTable.View.EMPTY;
    SamplePool keyValueSamples = new SamplePool();
    int[] keyValueCounts = new int[0];

    /** Keys flushed, statsd's {@code numStats}. */
    int keys() {
        return counters.size() + timers.size() + gauges.size() + sets.size();
    }

    /**
     * The ids of {@code view} in the order JavaScript iterates an object's keys: those that are
     * array indexes ({@code "0"}, {@code "42"}: canonical integers below 2^32 - 1) first, by
     * value, then the others in insertion order.
     */
    static int[] order(KeyTable.View view) {
        int n = view.size();
        int[] ids = new int[n];
        int indexes = 0;
        for (int id = 0; id < n; id++) {
            if (arrayIndex(view, id) >= 0) {
                indexes++;
            }
        }
        if (indexes == 0) {
            for (int id = 0; id < n; id++) {
                ids[id] = id;
            }
            return ids;
        }
        long[] numbered = new long[indexes];
        int k = 0;
        for (int id = 0; id < n; id++) {
            long index = arrayIndex(view, id);
            if (index >= 0) {
                numbered[k++] = index << 24 | id;
            }
        }
        java.util.Arrays.sort(numbered);
        k = 0;
        for (long entry : numbered) {
            ids[k++] = (int) (entry & 0xffffff);
        }
        for (int id = 0; id < n; id++) {
            if (arrayIndex(view, id) < 0) {
                ids[k++] = id;
            }
        }
        return ids;
    }

    private static long arrayIndex(KeyTable.View view, int id) {
        int length = view.length(id);
        int start = view.start(id);
        byte[] b = view.arena();
        if (length == 0 || length > 10 || (b[start] == '0' && length > 1)) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < start + length; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value < 4_294_967_295L ? value : -1;
    }
}
