package org.dkumonitor.agent.collect;

/**
 * One process's reading for the processes collector: its sizes as they are, and the counters
 * whose increase the collector sends as rates, -1 where unreadable (another user's
 * {@code /proc/PID/io}). {@code key} is the pid and start time: a pid the kernel gave again is
 * another process.
 */
record ProcessSample(String key, long threads, long vm, long rss, long data, long code,
        long stack, long maps, long[] counters) {

    /** The counters, in this order: the index into {@link #counters}. */
    static final int UTIME = 0;
    static final int STIME = 1;
    static final int MINFLT = 2;
    static final int MAJFLT = 3;
    static final int RCHAR = 4;
    static final int WCHAR = 5;
    static final int SYSCR = 6;
    static final int SYSCW = 7;
    static final int READ_BYTES = 8;
    static final int WRITE_BYTES = 9;
    static final int VOLUNTARY = 10;
    static final int INVOLUNTARY = 11;
    static final int COUNTERS = 12;
}
