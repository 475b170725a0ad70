package org.dkumonitor.server.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Gives the old generation's garbage back to the system under the serial collector, which the
 * launcher chooses for its small footprint.
 *
 * <p>Why: JDK 25's serial collector makes room for what the young collections promote by
 * growing the old generation, up to -Xmx, and collects it only when it cannot grow any more.
 * Whatever a server keeps for seconds (a metric's cached points, a kept file handle) is
 * promoted and then dies there, so under a steady load the process's memory climbs toward the
 * heap's maximum and stays there (steady-bench.sh: 100,000 metrics every 10 s reached 217 MiB
 * in two minutes with one full collection; with batchSeconds 20, 607 MiB). Checked every
 * {@code period}: once the old generation has grown by {@value #GROWTH_BYTES} bytes since the
 * last full collection, one is asked for; the collector then shrinks the old generation to
 * MaxHeapFreeRatio of what lives (the launcher turns off ShrinkHeapInSteps so it does so at
 * once). Cost: one full collection of the live heap (tens of milliseconds for 50 MiB) per
 * {@value #GROWTH_BYTES} bytes promoted, at most once a period; nothing while nothing is
 * promoted. Other collectors give memory back on their own: this does nothing under them.
 */
public final class HeapTrim implements Runnable {

    private static final Logger LOG = Logger.getLogger(HeapTrim.class.getName());
    /** Growth of the old generation that is worth a full collection. */
    static final long GROWTH_BYTES = 32L * 1024 * 1024;

    private final LongSupplier oldCommitted;
    private final Runnable collect;
    private long baseline;
    private long collections;

    /** Over this JVM's serial old generation; null when the JVM runs another collector. */
    public static HeapTrim ofThisJvm() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Tenured Gen")) {
                return new HeapTrim(() -> pool.getUsage().getCommitted(), System::gc);
            }
        }
        return null;
    }

    /** {@code oldCommitted}: the old generation's committed bytes; {@code collect}: a full GC. */
    HeapTrim(LongSupplier oldCommitted, Runnable collect) {
        this.oldCommitted = oldCommitted;
        this.collect = collect;
        this.baseline = oldCommitted.getAsLong();
    }

    @Override
    public void run() {
        long committed = oldCommitted.getAsLong();
        if (committed < baseline) {
            baseline = committed; // shrunk by a collection of its own
            return;
        }
        if (committed - baseline < GROWTH_BYTES) {
            return;
        }
        long grown = committed - baseline;
        collect.run();
        baseline = oldCommitted.getAsLong();
        collections++;
        if (collections == 1) {
            LOG.info("the old generation grew by " + grown / (1024 * 1024)
                    + " MiB of promoted garbage: collected and given back (repeated whenever it"
                    + " grows by " + GROWTH_BYTES / (1024 * 1024) + " MiB; counted, not logged)");
        }
    }

    /** Full collections asked for so far. */
    public long collections() {
        return collections;
    }
}
