package org.dkumonitor.core.carbon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The on-disk queue of one destination: batches of carbon lines waiting for it to come back, one
 * file per batch in a directory of their own under {@code storage/spool/}, replayed oldest first.
 * A file is named {@code <sequence>-<lines>.batch} (sequence zero-padded to 19 digits so the names
 * sort in order), so the spool is recovered after a restart by listing the directory. When the
 * spool would exceed its byte limit the oldest batches are deleted and their lines counted as
 * dropped: the newest data is what an operator looks at first. A write that fails (the disk is
 * full) drops that batch and counts it. Not thread-safe: {@link CarbonSender} guards it.
 *
 * <p>Trade-off: a file per batch (about 10 KB every 10 s) costs an inode each, but appending,
 * replaying and dropping the oldest are a create, a read and a delete, with nothing to compact.
 */
final class Spool {

    private static final String SUFFIX = ".batch";
    /** Sequences start here so that batches put back at the head still sort first. */
    private static final long FIRST_SEQUENCE = 1_000_000_000_000L;

    private static final Comparator<Entry> BY_SEQUENCE = new Comparator<>() {
        @Override
        public int compare(Entry a, Entry b) {
            return Long.compare(a.sequence(), b.sequence());
        }
    };

    private record Entry(Path file, long sequence, int lines, long bytes) {
    }

    private final Path directory;
    private final long maxBytes;
    private final SenderLog log;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long bytes;
    private long lines;
    private long nextSequence = FIRST_SEQUENCE;
    private boolean writeFailing;

    Spool(Path directory, long maxBytes, SenderLog log) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.log = log;
        recover();
    }

    private void recover() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Entry> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                int dash = name.indexOf('-');
                try {
                    long sequence = Long.parseLong(name.substring(0, dash));
                    int count = Integer.parseInt(name.substring(dash + 1,
                            name.length() - SUFFIX.length()));
                    found.add(new Entry(file, sequence, count, Files.size(file)));
                } catch (RuntimeException | IOException e) {
                    log.warning("spool: ignoring " + file + ", not a spooled batch");
                }
            }
        } catch (IOException e) {
            log.warning("spool: cannot list " + directory + ": " + e.getMessage());
        }
        found.sort(BY_SEQUENCE);
        for (Entry entry : found) {
            entries.addLast(entry);
            bytes += entry.bytes();
            lines += entry.lines();
            nextSequence = Math.max(nextSequence, entry.sequence() + 1);
        }
        if (!found.isEmpty()) {
            log.info("spool: " + lines + " lines in " + found.size() + " batches to replay from "
                    + directory);
        }
    }

    /** {@code <sequence, 19 digits>-<lines>.batch}: names sort as sequences do. */
    static String fileName(long sequence, int batchLines) {
        if (sequence < 0) {
            return String.format("%019d-%d%s", sequence, batchLines, SUFFIX);
        }
        String digits = Long.toString(sequence);
        StringBuilder name = new StringBuilder(40);
        for (int i = digits.length(); i < 19; i++) {
            name.append('0');
        }
        return name.append(digits).append('-').append(batchLines).append(SUFFIX).toString();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    long lines() {
        return lines;
    }

    long bytes() {
        return bytes;
    }

    /** Appends a batch; returns the lines dropped to make room or because of a failure. */
    long append(String batch, int batchLines) {
        return write(batch, batchLines, nextSequence++, false);
    }

    /** Puts a batch before every spooled one (older data that was still in memory). */
    long prepend(String batch, int batchLines) {
        long sequence = entries.isEmpty() ? nextSequence++ : entries.peekFirst().sequence() - 1;
        return write(batch, batchLines, sequence, true);
    }

    private long write(String batch, int batchLines, long sequence, boolean atHead) {
        byte[] data = batch.getBytes(StandardCharsets.UTF_8);
        if (data.length > maxBytes) {
            return batchLines;
        }
        long dropped = 0;
        while (bytes + data.length > maxBytes && !entries.isEmpty()) {
            dropped += removeOldest();
        }
        Path file = directory.resolve(fileName(sequence, batchLines));
        try {
            Files.createDirectories(directory);
            Files.write(file, data);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // nothing more to do: the batch is dropped and counted
            }
            if (!writeFailing) {
                log.warning("spool: cannot write " + file + " (" + e.getMessage()
                        + "); dropping batches until the spool directory is writable again");
                writeFailing = true;
            }
            return dropped + batchLines;
        }
        if (writeFailing) {
            log.info("spool: writing to " + directory + " again");
            writeFailing = false;
        }
        Entry entry = new Entry(file, sequence, batchLines, data.length);
        if (atHead) {
            entries.addFirst(entry);
        } else {
            entries.addLast(entry);
        }
        bytes += data.length;
        lines += batchLines;
        return dropped;
    }

    /** A spooled batch as read back. */
    record Batch(long sequence, String text, int lines) {
    }

    /** The oldest batch; empty if none, or if its file can no longer be read (then removed). */
    Optional<Batch> peek() {
        while (!entries.isEmpty()) {
            Entry head = entries.peekFirst();
            try {
                return Optional.of(new Batch(head.sequence(),
                        Files.readString(head.file(), StandardCharsets.UTF_8), head.lines()));
            } catch (IOException e) {
                log.warning("spool: cannot read " + head.file() + ": " + e.getMessage());
                removeOldest();
            }
        }
        return Optional.empty();
    }

    /** Removes a batch that was sent, unless it was dropped meanwhile. */
    void removeSent(long sequence) {
        if (!entries.isEmpty() && entries.peekFirst().sequence() == sequence) {
            removeOldest();
        }
    }

    /** Removes the oldest batch; returns its line count. */
    private long removeOldest() {
        Entry head = entries.pollFirst();
        if (head == null) {
            return 0;
        }
        bytes -= head.bytes();
        lines -= head.lines();
        try {
            Files.deleteIfExists(head.file());
        } catch (IOException e) {
            log.warning("spool: cannot delete " + head.file() + ": " + e.getMessage());
        }
        return head.lines();
    }
}
