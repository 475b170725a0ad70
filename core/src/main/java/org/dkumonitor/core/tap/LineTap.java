package org.dkumonitor.core.tap;

import java.util.Arrays;

/**
 * A listener's lines as received, for {@code dkmadmin tap}: while someone taps, every line
 * offered is copied into a bounded ring ({@value #CAPACITY} lines, each cut at
 * {@value #MAX_LINE_BYTES} bytes) that the tappers read at their own pace; one that falls
 * behind is told how many lines it lost. While nobody taps there is no ring, and
 * {@link #offer} is one volatile read: the receive path pays nothing else.
 */
public final class LineTap {

    static final int CAPACITY = 4096;
    static final int MAX_LINE_BYTES = 8192;

    private final String name;
    private final Object lock = new Object();
    private volatile byte[][] ring;
    private long head;
    private int tappers;

    public LineTap(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Offers the lines of {@code b[from, to)} (split on {@code \n}, empty ones skipped). */
    public void offer(byte[] b, int from, int to) {
        if (ring == null) {
            return;
        }
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == '\n') {
                if (i > start) {
                    add(b, start, i);
                }
                start = i + 1;
            }
        }
    }

    private void add(byte[] b, int from, int to) {
        byte[] line = Arrays.copyOfRange(b, from, Math.min(to, from + MAX_LINE_BYTES));
        synchronized (lock) {
            byte[][] lines = ring;
            if (lines == null) {
                return;
            }
            lines[(int) (head % CAPACITY)] = line;
            head++;
            lock.notifyAll();
        }
    }

    /** Starts a tap: lines offered from now on can be read with {@link Reader#next}. */
    public Reader open() {
        synchronized (lock) {
            if (tappers++ == 0) {
                ring = new byte[CAPACITY][];
            }
            return new Reader(head);
        }
    }

    /** One tapper's place in the ring. */
    public final class Reader implements AutoCloseable {

        private long cursor;
        private boolean closed;

        private Reader(long cursor) {
            this.cursor = cursor;
        }

        /**
         * The next line, waiting up to {@code millis} for one; null on time-out. Lines lost
         * because this reader was too slow are counted in {@link #lost}.
         */
        public byte[] next(long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            synchronized (lock) {
                while (cursor == head) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0 || closed) {
                        return null;
                    }
                    lock.wait(left);
                }
                if (head - cursor > CAPACITY) {
                    lost += head - CAPACITY - cursor;
                    cursor = head - CAPACITY;
                }
                return ring[(int) (cursor++ % CAPACITY)];
            }
        }

        private long lost;

        /** Lines skipped since the last call, because the ring moved past them. */
        public long lost() {
            long value = lost;
            lost = 0;
            return value;
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (!closed) {
                    closed = true;
                    if (--tappers == 0) {
                        ring = null;
                    }
                    lock.notifyAll();
                }
            }
        }
    }
}
