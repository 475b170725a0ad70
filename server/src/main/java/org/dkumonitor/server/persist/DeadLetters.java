package org.dkumonitor.server.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import org.dkumonitor.server.whisper.SortedPoints;

/**
 * Points the store could not take, kept where the operator can read them and send them again,
 * in {@code storage/dead-letter/}:
 *
 * <ul>
 *   <li>{@value #POINTS}: carbon's plaintext format, {@code name value timestamp}, one point a
 *       line, so that once the cause is fixed (a directory's permissions, a name renamed in the
 *       file) {@code nc HOST PORT+1 < points.txt} sends them to the server again;</li>
 *   <li>{@value #QUARANTINED}: one line per metric set aside, {@code time name reason}.</li>
 * </ul>
 *
 * <p>The directory holds at most {@code maxBytes}; past that, points are counted as dropped
 * (and the first drop is logged by the caller), never written: a metric refused forever must
 * not fill the disk the store needs. Every write is forced to disk, since the points were
 * acknowledged and the write-ahead log will forget them once this returns. Thread-safe.
 */
public final class DeadLetters {

    static final String POINTS = "points.txt";
    static final String QUARANTINED = "quarantined.txt";

    private final Path directory;
    private final long maxBytes;
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private long used = -1;

    public DeadLetters(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Appends the points; false when the directory is full and they were dropped (counted).
     * Throws when the file cannot be written (the caller keeps the points and tries again).
     */
    synchronized boolean write(String metric, SortedPoints points) throws IOException {
        StringBuilder text = new StringBuilder(points.size() * (metric.length() + 24));
        for (int i = 0; i < points.size(); i++) {
            text.append(metric).append(' ').append(plaintext(points.values()[i])).append(' ')
                    .append(points.timestamps()[i]).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (used() + bytes.length > maxBytes) {
            dropped.add(points.size());
            return false;
        }
        append(POINTS, bytes);
        written.add(points.size());
        return true;
    }

    /** Notes why a metric was set aside; best effort, the log line says it too. */
    synchronized void quarantined(String metric, String reason, Instant at) {
        byte[] line = (at + " " + metric + " " + reason.replace('\n', ' ') + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            if (used() + line.length <= maxBytes) {
                append(QUARANTINED, line);
            }
        } catch (IOException e) {
            // the log line carries the same news
        }
    }

    /** As carbon's plaintext parser reads it back: Python's float() takes inf and -inf. */
    private static String plaintext(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : Double.toString(value);
    }

    private long used() throws IOException {
        if (used < 0) {
            used = 0;
            for (String name : new String[] {POINTS, QUARANTINED}) {
                Path file = directory.resolve(name);
                if (Files.exists(file)) {
                    used += Files.size(file);
                }
            }
        }
        return used;
    }

    private void append(String name, byte[] bytes) throws IOException {
        Files.createDirectories(directory);
        try (FileChannel out = FileChannel.open(directory.resolve(name),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(false);
        }
        used += bytes.length;
    }

    /** Points written to the dead-letter file since start. */
    public long writtenPoints() {
        return written.sum();
    }

    /** Points dropped because the dead-letter directory was full. */
    public long droppedPoints() {
        return dropped.sum();
    }
}
