package org.dkumonitor.agent.collect;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Linux {@code /proc} text files the collectors read, under a root that tests replace with a
 * directory of their own. Every collector reads the kernel's own files, as collectd does: OSHI
 * exposes neither buffers, slab, merged disk requests, disk busy time, per-process context
 * switches nor the fork counter, and its native layer (JNA) would cost the agent several MiB of
 * RSS.
 *
 * <p>Files are opened with {@link FileInputStream} and directories listed with
 * {@link File#list()}, not through {@code java.nio.file}: a round opens several hundred files,
 * and NIO's path, channel and directory-stream layers run a few dozen methods for each, which at
 * one round every 10 s run interpreted or cost C1 compilations (measured: a fifth of the agent's
 * CPU in its first minutes).
 */
public record ProcFiles(File root) {

    /** The size of the first read of a whole file: most /proc files the agent reads fit. */
    private static final int FIRST_READ = 4096;

    /** The machine's own {@code /proc}. */
    public static ProcFiles system() {
        return new ProcFiles(new File("/proc"));
    }

    /** The path of a file under the root, as messages name it. */
    public String path(String relative) {
        return root.getPath() + "/" + relative;
    }

    /** The whole file; a file that cannot be read fails the collector that needs it. */
    public String read(String relative) {
        String file = path(relative);
        try (FileInputStream in = new FileInputStream(file)) {
            return readAll(in);
        } catch (IOException e) {
            throw new CollectionException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The lines of the file, without their line terminators. */
    public List<String> lines(String relative) {
        String text = read(relative);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(text.substring(start, stop));
            start = end + 1;
        }
        return lines;
    }

    /** The file, or empty when it is gone or unreadable (a process that exited, or not ours). */
    public Optional<String> readIfPresent(String relative) {
        try (FileInputStream in = new FileInputStream(path(relative))) {
            return Optional.of(readAll(in));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The rest of a stream as text. A /proc file has no size to size a buffer by, and
     * {@code readAllBytes} then starts with 16 KiB (and copies): with the few hundred bytes to
     * few KiB that these files hold, that made most of the agent's garbage, a young collection
     * every round.
     */
    private static String readAll(FileInputStream in) throws IOException {
        byte[] buffer = new byte[FIRST_READ];
        int length = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer, length, buffer.length - length)) {
            length += n;
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
        }
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads the start of a file into {@code buffer} (as much as fits) without allocating, and
     * returns the number of bytes read, or -1 when the file is gone or unreadable.
     */
    public int readInto(String relative, byte[] buffer) {
        try (FileInputStream in = new FileInputStream(path(relative))) {
            int length = 0;
            while (length < buffer.length) {
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
            return length;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Names of the numeric entries of a directory (process or task ids), unsorted. */
    public List<String> numericEntries(String relative) {
        List<String> ids = new ArrayList<>();
        // null when the directory went away (a process that exited): no entries
        String[] names = new File(path(relative)).list();
        if (names != null) {
            for (String name : names) {
                if (isNumber(name)) {
                    ids.add(name);
                }
            }
        }
        return ids;
    }

    private static boolean isNumber(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /**
     * The number of lines of a file, read through a small buffer rather than as one string (a
     * JVM's {@code /proc/PID/maps} is tens of KiB); -1 when it is gone or unreadable.
     */
    public long countLines(String relative) {
        return countLines(relative, new byte[8192]);
    }

    /** {@link #countLines(String)} through the caller's buffer. */
    public long countLines(String relative, byte[] buffer) {
        long lines = 0;
        try (FileInputStream in = new FileInputStream(path(relative))) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            return -1;
        }
    }
}
