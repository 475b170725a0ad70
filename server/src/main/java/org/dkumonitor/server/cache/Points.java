package org.dkumonitor.server.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dkumonitor.server.whisper.SortedPoints;
import org.dkumonitor.server.whisper.TimeSeriesPoint;

/**
 * One metric's points in arrival order, as a chain of pooled {@link BlockPool.Block}s: unsigned
 * 32-bit timestamps (whisper's range) and double values, 12 bytes a point. Not thread-safe; the
 * cache guards it. {@link #release} gives the blocks back to the pool.
 */
final class Points {

    int count;
    private BlockPool.Block head;
    private BlockPool.Block tail;
    /** A first block kept from the last write, for the next point of an empty chain. */
    private BlockPool.Block spare;

    void add(long timestamp, double value, BlockPool pool) {
        BlockPool.Block block = tail;
        if (block == null || block.count == block.capacity()) {
            block = tail != null ? pool.take() : spare != null ? takeSpare() : pool.takeFirst();
            if (tail == null) {
                head = block;
            } else {
                tail.next = block;
            }
            tail = block;
        }
        block.timestamps[block.count] = (int) timestamp;
        block.values[block.count] = value;
        block.count++;
        count++;
    }

    /** Moves the points of {@code later} to the end of these; {@code later} is left empty. */
    void append(Points later) {
        if (later.head == null) {
            return;
        }
        if (tail == null) {
            head = later.head;
        } else {
            tail.next = later.head;
        }
        tail = later.tail;
        count += later.count;
        later.head = null;
        later.tail = null;
        later.count = 0;
    }

    private BlockPool.Block takeSpare() {
        BlockPool.Block block = spare;
        spare = null;
        block.count = 0;
        block.next = null;
        return block;
    }

    /** Gives every block back to the pool, the spare too; these points are empty afterwards. */
    void release(BlockPool pool) {
        pool.give(head);
        pool.give(spare);
        spare = null;
        head = null;
        tail = null;
        count = 0;
    }

    /**
     * As {@link #release}, but the first block goes to {@code next} as its spare when it has
     * none: a metric written every few seconds then reuses its own block, which the pool's
     * bound would otherwise often drop and the next point make again.
     */
    void releaseKeepingSpare(BlockPool pool, Points next) {
        BlockPool.Block first = head;
        if (first != null && next.spare == null && first.capacity() == BlockPool.FIRST_POINTS) {
            BlockPool.Block rest = first.next;
            first.next = null;
            next.spare = first;
            head = rest;
        }
        pool.give(head);
        pool.give(spare);
        spare = null;
        head = null;
        tail = null;
        count = 0;
    }

    void appendTo(List<TimeSeriesPoint> out) {
        for (BlockPool.Block block = head; block != null; block = block.next) {
            for (int i = 0; i < block.count; i++) {
                out.add(new TimeSeriesPoint(Integer.toUnsignedLong(block.timestamps[i]),
                        block.values[i]));
            }
        }
    }

    /** Oldest first, one point per timestamp (the last added wins), as arrays. */
    SortedPoints sorted() {
        long[] times = new long[count];
        double[] values = new double[count];
        int at = 0;
        boolean increasing = true;
        for (BlockPool.Block block = head; block != null; block = block.next) {
            for (int i = 0; i < block.count; i++) {
                times[at] = Integer.toUnsignedLong(block.timestamps[i]);
                values[at] = block.values[i];
                increasing &= at == 0 || times[at] > times[at - 1];
                at++;
            }
        }
        if (increasing) {
            return new SortedPoints(times, values, count);
        }
        // sort by (timestamp, arrival); the sign flip makes unsigned order signed order
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = ((times[i] << 32) | i) ^ Long.MIN_VALUE;
        }
        Arrays.sort(keys);
        long[] outTimes = new long[count];
        double[] outValues = new double[count];
        int size = 0;
        for (int k = 0; k < count; k++) {
            int index = (int) (keys[k] & 0xFFFF_FFFFL);
            boolean lastOfItsTimestamp = k + 1 == count
                    || times[(int) (keys[k + 1] & 0xFFFF_FFFFL)] != times[index];
            if (lastOfItsTimestamp) {
                outTimes[size] = times[index];
                outValues[size] = values[index];
                size++;
            }
        }
        return new SortedPoints(outTimes, outValues, size);
    }

    /**
     * One point per timestamp, the last added winning (what carbon's writer does before calling
     * whisper, whose own rule would keep the first), oldest first.
     */
    List<TimeSeriesPoint> uniqueSorted() {
        SortedPoints sorted = sorted();
        List<TimeSeriesPoint> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            out.add(new TimeSeriesPoint(sorted.timestamps()[i], sorted.values()[i]));
        }
        return out;
    }
}
