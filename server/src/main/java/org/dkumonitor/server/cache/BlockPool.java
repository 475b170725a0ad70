package org.dkumonitor.server.cache;

/**
 * Fixed-size blocks of points, handed out to the cache and taken back once their points are on
 * disk. A busy cache then reuses the same blocks instead of growing and dropping arrays: points
 * live for about a second, long enough that a generational collector promotes them, so without
 * reuse the old generation (and the process's memory) grows with the garbage of every burst.
 * At most {@code keep} free blocks of each size are kept; more are left to the collector.
 *
 * <p>Two sizes: a metric's first block holds {@value #FIRST_POINTS} points, the ones after it
 * {@value #POINTS}. A fleet that sends a point every 10 s has one to three points of each
 * metric waiting (three with storage.batchSeconds 20, the default): a first block of 16 held
 * 250 bytes a metric for them, one of 4 holds about 100 (15 MB less for 100,000 metrics). A
 * metric's entry keeps its first block between writes (see {@link Points#releaseKeepingSpare}),
 * so in a steady state the pool only serves bursts.
 */
final class BlockPool {

    /** Points of every block after a metric's first: small, so a metric with few holds little. */
    static final int POINTS = 16;
    /** Points of a metric's first block. */
    static final int FIRST_POINTS = 4;

    /** Up to its capacity of points, and the next block of the same metric. */
    static final class Block {
        final int[] timestamps;
        final double[] values;
        int count;
        Block next;

        Block(int capacity) {
            timestamps = new int[capacity];
            values = new double[capacity];
        }

        int capacity() {
            return timestamps.length;
        }
    }

    private final int keep;
    private Block free;
    private int freeCount;
    private Block freeFirst;
    private int freeFirstCount;

    BlockPool(int keep) {
        this.keep = keep;
    }

    /** A block of {@value #POINTS} points. */
    synchronized Block take() {
        Block block = free;
        if (block == null) {
            return new Block(POINTS);
        }
        free = block.next;
        freeCount--;
        return reset(block);
    }

    /** A block of {@value #FIRST_POINTS} points, for a metric's first. */
    synchronized Block takeFirst() {
        Block block = freeFirst;
        if (block == null) {
            return new Block(FIRST_POINTS);
        }
        freeFirst = block.next;
        freeFirstCount--;
        return reset(block);
    }

    private static Block reset(Block block) {
        block.next = null;
        block.count = 0;
        return block;
    }

    /** Takes back a chain of blocks (linked by {@code next}), keeping up to the limit. */
    synchronized void give(Block chain) {
        Block block = chain;
        while (block != null) {
            Block next = block.next;
            if (block.capacity() == FIRST_POINTS) {
                if (freeFirstCount < keep) {
                    block.next = freeFirst;
                    freeFirst = block;
                    freeFirstCount++;
                }
            } else if (freeCount < keep) {
                block.next = free;
                free = block;
                freeCount++;
            }
            block = next;
        }
    }

    synchronized int freeBlocks() {
        return freeCount + freeFirstCount;
    }
}
