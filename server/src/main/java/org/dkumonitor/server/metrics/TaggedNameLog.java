package org.dkumonitor.server.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names of the tagged series stored under {@code _tagged/}, one per line in
 * {@code _tagged/names.txt}. Their files are named by a hash, as carbon names them, so without
 * this list nothing could answer "which series have tag host=web01": carbon keeps that in
 * graphite-web's tag database; we keep it beside the files. The persister appends a name each
 * time it opens a tagged series' file (so a name lost in a crash comes back with the next
 * point); readers pick up what was appended since their last look. Several instances may share
 * the file: each line is appended whole, and duplicates are folded on reading.
 */
public final class TaggedNameLog {

    public static final String FILE_NAME = "names.txt";

    private final Path file;
    private final Set<String> names = new LinkedHashSet<>();
    private long readUpTo;

    public TaggedNameLog(Path whisperRoot) {
        this.file = whisperRoot.resolve(MetricName.TAGGED_DIRECTORY).resolve(FILE_NAME);
    }

    /** Adds a (normalised) tagged name unless it is already listed. */
    public synchronized void record(String taggedName) {
        // the persister calls this on every open of a tagged file: a known name costs no I/O
        if (names.contains(taggedName)) {
            return;
        }
        refresh();
        if (names.contains(taggedName)) {
            return;
        }
        byte[] line = (taggedName + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list tagged series " + taggedName + " in "
                    + file + ": " + e.getMessage(), e);
        }
        refresh();
    }

    /** Every tagged name listed so far, in the order first listed. */
    public synchronized List<String> names() {
        refresh();
        return List.copyOf(names);
    }

    private void refresh() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < readUpTo) {
                names.clear();
                readUpTo = 0;
            }
            if (size == readUpTo) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - readUpTo));
            while (buffer.hasRemaining() && channel.read(buffer, readUpTo + buffer.position())
                    > 0) {
                // read until the buffer is full or the file ends
            }
            byte[] bytes = buffer.array();
            int start = 0;
            for (int i = 0; i < buffer.position(); i++) {
                if (bytes[i] == '\n') {
                    if (i > start) {
                        names.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            // a line still being written is read on the next look
            readUpTo += start;
        } catch (NoSuchFileException e) {
            names.clear();
            readUpTo = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the list of tagged series " + file
                    + ": " + e.getMessage(), e);
        }
    }
}
