package org.dkumonitor.server.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 * the file: each line is appended whole, and duplicates are folded on reading. A name is
 * forgotten ({@link #forget}, graphite-web's delSeries) by writing the list anew without it and
 * renaming it into place; every reader sees the new file (another file key) and reads it whole.
 */
public final class TaggedNameLog {

    public static final String FILE_NAME = "names.txt";

    private final Path file;
    private final Set<String> names = new LinkedHashSet<>();
    private long readUpTo;
    private Object fileKey;

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

    /**
     * Takes a name off the list (its file, if any, stays); false when it was not listed. The
     * persister lists it again the next time it opens the series' file.
     */
    public synchronized boolean forget(String taggedName) {
        refresh();
        if (!names.contains(taggedName)) {
            return false;
        }
        StringBuilder kept = new StringBuilder();
        for (String name : names) {
            if (!name.equals(taggedName)) {
                kept.append(name).append('\n');
            }
        }
        Path temporary = file.resolveSibling(FILE_NAME + ".new");
        try {
            Files.writeString(temporary, kept, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take " + taggedName + " off the list of "
                    + "tagged series " + file + ": " + e.getMessage(), e);
        }
        refresh();
        return true;
    }

    /** Every tagged name listed so far, in the order first listed. */
    public synchronized List<String> names() {
        refresh();
        return List.copyOf(names);
    }

    private void refresh() {
        try {
            // the key before the open: a file renamed in between is read whole next time
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            refresh(key);
        } catch (NoSuchFileException e) {
            names.clear();
            readUpTo = 0;
            fileKey = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the list of tagged series " + file
                    + ": " + e.getMessage(), e);
        }
    }

    private void refresh(Object key) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < readUpTo || (key != null && !key.equals(fileKey))) {
                // rewritten (a name forgotten) or truncated: read it whole
                names.clear();
                readUpTo = 0;
                fileKey = key;
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
        }
    }
}
