package org.dkumonitor.server.clickhouse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.dkumonitor.server.persist.PersistStats;
import org.dkumonitor.server.wal.WalSegmentReader;

/**
 * Turns write-ahead log segments into ClickHouse inserts: the caller's thread converts a
 * segment's records into RowBinary chunks (index and tagged rows of new names, then points, at
 * most {@code maxPoints} a chunk) while a thread of its own inserts the previous chunk, so
 * converting and ClickHouse's parsing overlap; two chunks' buffers go round. Inserts run in
 * the order chunks were made; after a failed one, every insert queued behind it fails too
 * (ClickHouse never gets a later segment before an earlier one) until {@link #reset}.
 */
final class SegmentInserts implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SegmentInserts.class.getName());

    /** One chunk's rows. */
    private static final class Chunk {
        final RowBinary points = new RowBinary(1 << 20);
        final RowBinary index = new RowBinary(64 * 1024);
        final RowBinary tagged = new RowBinary(16 * 1024);
        int count;

        void clear() {
            points.clear();
            index.clear();
            tagged.clear();
            count = 0;
        }
    }

    private final ClickHouseHttp http;
    private final Tables tables;
    private final int maxPoints;
    private final PersistStats stats;
    private final IndexRows names = new IndexRows();
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(2);
    private final ExecutorService inserter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("clickhouse-insert").daemon().factory());
    private final AtomicLong uploadedPoints = new AtomicLong();
    private final AtomicLong inserts = new AtomicLong();
    private volatile boolean poisoned;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private Chunk filling;

    SegmentInserts(ClickHouseHttp http, Tables tables, int maxPoints, PersistStats stats) {
        this.http = http;
        this.tables = tables;
        this.maxPoints = maxPoints;
        this.stats = stats;
        free.add(new Chunk());
        free.add(new Chunk());
    }

    /**
     * Converts the segment with its rows' version and queues its inserts; the future completes
     * once ClickHouse has acknowledged every row of it (and of the segments queued before),
     * exceptionally with the {@link ClickHouseException} when an insert failed.
     */
    CompletableFuture<Void> submit(Path segment, long version) throws IOException {
        take();
        long ignored = WalSegmentReader.read(segment, (name, offset, length, time, value) -> {
            int day = (int) (time / 86_400);
            names.point(filling.points, name, offset, length, day, version);
            filling.points.float64(value).uint32(time).uint16(day).uint32(version);
            if (++filling.count >= maxPoints) {
                send();
                take();
            }
        });
        if (ignored > 0) {
            LOG.warning("write-ahead log " + segment.getFileName() + ": uploaded its whole"
                    + " blocks and ignored the last " + ignored + " bytes, cut short by a crash");
        }
        send();
        return last;
    }

    /** After a failure: inserts may run again, and every name's index rows are made again. */
    void reset() {
        last.exceptionally(e -> null).join();
        poisoned = false;
        names.failed();
        last = CompletableFuture.completedFuture(null);
    }

    long uploadedPoints() {
        return uploadedPoints.get();
    }

    long inserts() {
        return inserts.get();
    }

    /** A free chunk to fill, waiting while both are being inserted. */
    private void take() {
        try {
            filling = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ClickHouse took a chunk", e);
        }
        filling.clear();
        names.writeInto(filling.index, filling.tagged);
    }

    /** Queues the chunk being filled for insertion (or frees it when it holds nothing). */
    private void send() {
        Chunk chunk = filling;
        filling = null;
        if (chunk.count == 0 && chunk.index.size() == 0 && chunk.tagged.size() == 0) {
            free.add(chunk);
            return;
        }
        // a new future: the chain's previous one may have failed (its chunk then comes back)
        last = last.handleAsync((done, earlier) -> {
            try {
                if (earlier != null || poisoned) {
                    throw new ClickHouseException(ClickHouseException.Kind.ERROR, 0,
                            "not inserted: an earlier insert failed", earlier);
                }
                insert(chunk);
                return null;
            } catch (RuntimeException e) {
                poisoned = true;
                throw e;
            } finally {
                free.add(chunk);
            }
        }, inserter);
    }

    private void insert(Chunk chunk) {
        if (chunk.index.size() > 0) {
            http.insert(tables.qualifiedIndex() + " (Date, Level, Path, Version)",
                    chunk.index.bytes(), chunk.index.size());
            inserts.incrementAndGet();
        }
        if (chunk.tagged.size() > 0) {
            http.insert(tables.qualifiedTagged() + " (Date, Tag1, Path, Tags, Version)",
                    chunk.tagged.bytes(), chunk.tagged.size());
            inserts.incrementAndGet();
        }
        if (chunk.count > 0) {
            http.insert(tables.qualifiedPoints() + " (Path, Value, Time, Date, Timestamp)",
                    chunk.points.bytes(), chunk.points.size());
            inserts.incrementAndGet();
            uploadedPoints.addAndGet(chunk.count);
            stats.committed(chunk.count);
        }
    }

    @Override
    public void close() {
        inserter.shutdown();
    }
}
