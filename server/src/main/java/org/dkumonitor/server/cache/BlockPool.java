package org.dkumonitor.server.cache;

/**
 * Fixed-size blocks of points, handed out to the cache and taken back once their points are on
 * disk. A busy cache then reuses the same blocks instead of growing and dropping arrays: points
 * live for about a second, long enough that a generational collector promotes them, so without
 * reuse the old generation (and the process's memory) grows with the garbage of every burst.
 * At most {@code keep} free blocks are kept; more are left to the collector.
 */
final class BlockPool {

    /** Points per block: small, so that a metric with one point holds little. */
    static final int POINTS = 16;

    /** Up to {@link #POINTS} points, and the next block of the same metric. */
    static final class Block {
        final int[] timestamps = new int[POINTS];
        final double[] values = new double[POINTS];
        int count;
        Block next;
    }

    private final int keep;
    private Block free;
    private int freeCount;

    BlockPool(int keep) {
        this.keep = keep;
    }

    synchronized Block take() {
        Block block = free;
        if (block == null) {
            return new Block();
        }
        free = block.next;
        freeCount--;
        block.next = null;
        block.count = 0;
        return block;
    }

    /** Takes back a chain of blocks (linked by {@code next}), keeping up to the limit. */
    synchronized void give(Block chain) {
        Block block = chain;
        while (block != null && freeCount < keep) {
            Block next = block.next;
            block.next = free;
            free = block;
            freeCount++;
            block = next;
        }
    }

    synchronized int freeBlocks() {
        return freeCount;
    }
}
