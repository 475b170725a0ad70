package org.dkumonitor.agent.collect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Linux {@code /proc} text files the collectors read, under a root that tests replace with a
 * jimfs tree. Every collector reads the kernel's own files, as collectd does: OSHI exposes
 * neither buffers, slab, merged disk requests, disk busy time, per-process context switches nor
 * the fork counter, and its native layer (JNA) would cost the agent several MiB of RSS.
 */
public record ProcFiles(Path root) {

    /** The machine's own {@code /proc}. */
    public static ProcFiles system() {
        return new ProcFiles(Path.of("/proc"));
    }

    /** The whole file; a file that cannot be read fails the collector that needs it. */
    public String read(String relative) {
        Path file = root.resolve(relative);
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
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
        try {
            return Optional.of(Files.readString(root.resolve(relative),
                    StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** At most the first {@code maxBytes} of the file, or empty when it is gone or unreadable. */
    public Optional<String> readIfPresent(String relative, int maxBytes) {
        try (InputStream in = Files.newInputStream(root.resolve(relative))) {
            return Optional.of(new String(in.readNBytes(maxBytes), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the start of a file into {@code buffer} (as much as fits) without allocating, and
     * returns the number of bytes read, or -1 when the file is gone or unreadable.
     */
    public int readInto(String relative, byte[] buffer) {
        try (InputStream in = Files.newInputStream(root.resolve(relative))) {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Names of the numeric entries of a directory (process or task ids), unsorted. */
    public List<String> numericEntries(String relative) {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(relative))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (isNumber(name)) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            // the directory went away (a process that exited): no entries
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
        byte[] buffer = new byte[8192];
        long lines = 0;
        try (InputStream in = Files.newInputStream(root.resolve(relative))) {
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

    /** Numbers of entries in a directory, or -1 when it cannot be listed. */
    public int countEntries(String relative) {
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(relative))) {
            for (Path ignored : entries) {
                count++;
            }
            return count;
        } catch (IOException e) {
            return -1;
        }
    }
}
