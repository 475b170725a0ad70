package org.dkumonitor.server.carbon;

import java.util.Arrays;
import org.dkumonitor.server.cache.MetricCache;

/**
 * Validated points from one read of one connection, handed to the {@link PointStore} together
 * so that the write-ahead log and the cache are entered once per read, not once per line. The
 * batch also holds the time its points are judged against ("now" for {@code -1} timestamps and
 * the future limit): read from the clock when the batch's first point arrives, forgotten when
 * the batch is stored, so a connection or socket that stays quiet for an hour is not judged
 * against the time of its previous read.
 */
public final class PointBatch implements MetricCache.Batch {

    private String[] names = new String[256];
    private byte[][] utf8Names = new byte[256][];
    private long[] timestamps = new long[256];
    private double[] values = new double[256];
    private int size;
    private long now = NO_TIME;

    /** What {@link #now()} says until the batch's first point set the time. */
    static final long NO_TIME = Long.MIN_VALUE;

    /** Sets the time this batch's points are judged against (the time {@code -1} stands for). */
    void begin(long now) {
        this.now = now;
    }

    /** The time set by {@link #begin}, or {@link #NO_TIME} since the last {@link #expire}. */
    long now() {
        return now;
    }

    /** Forgets the time: the next point reads the clock afresh. */
    void expire() {
        this.now = NO_TIME;
    }

    /** Names recently seen on this connection: received bytes to the stored name. */
    final NameCache names() {
        return nameCache;
    }

    private final NameCache nameCache = new NameCache();
    private final PlaintextParser.Parsed parsed = new PlaintextParser.Parsed();

    /** Scratch space for the line being parsed. */
    final PlaintextParser.Parsed parsed() {
        return parsed;
    }

    public void add(String name, long timestamp, double value) {
        add(name, null, timestamp, value);
    }

    /** Adds a point whose stored name's UTF-8 bytes are known (saves the log encoding it). */
    public void add(String name, byte[] utf8Name, long timestamp, double value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            utf8Names = Arrays.copyOf(utf8Names, size * 2);
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        utf8Names[size] = utf8Name;
        timestamps[size] = timestamp;
        values[size] = value;
        size++;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String name(int index) {
        return names[index];
    }

    /** The stored name as UTF-8, or null when the receiver did not have it at hand. */
    public byte[] utf8Name(int index) {
        return utf8Names[index];
    }

    /** Sets the stored name's UTF-8 form once someone has encoded it. */
    public void utf8Name(int index, byte[] utf8Name) {
        utf8Names[index] = utf8Name;
    }

    @Override
    public long timestamp(int index) {
        return timestamps[index];
    }

    @Override
    public double value(int index) {
        return values[index];
    }

    public void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(utf8Names, 0, size, null);
        size = 0;
    }
}
