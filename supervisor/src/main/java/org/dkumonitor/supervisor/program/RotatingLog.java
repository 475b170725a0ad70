package org.dkumonitor.supervisor.program;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.Logger;

/**
 * A program's log file, rotated by size as supervisord rotates: when a write would pass
 * {@code maxBytes}, {@code name.log} becomes {@code name.log.1}, older backups shift up and the
 * one past {@code backups} is deleted. {@code maxBytes} 0 never rotates. A write that fails (a
 * full disk) is dropped and counted rather than stopping the program; the supervisor's log says
 * when dropping starts and when writing works again.
 */
public final class RotatingLog extends OutputStream {

    private static final Logger LOG = Logger.getLogger(RotatingLog.class.getName());

    private final Path file;
    private final long maxBytes;
    private final int backups;
    private OutputStream out;
    private long size;
    private long failedWrites;
    private boolean failing;

    public RotatingLog(Path file, long maxBytes, int backups) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.backups = backups;
        open();
    }

    private void open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        try {
            if (out == null) {
                open();
            }
            if (maxBytes > 0 && size + length > maxBytes && size > 0) {
                rotate();
            }
            out.write(bytes, offset, length);
            out.flush();
            size += length;
            if (failing) {
                failing = false;
                LOG.info("writing " + file + " again; " + failedWrites + " writes were dropped");
            }
        } catch (IOException e) {
            failedWrites++;
            if (!failing) {
                failing = true;
                LOG.warning("cannot write " + file + " (" + e.getMessage() + "); dropping the"
                        + " program's output until it can");
            }
        }
    }

    /** Writes lost because the file could not be written. */
    public synchronized long failedWrites() {
        return failedWrites;
    }

    /** Closes and reopens the file, for logrotate's copy-less rotation. */
    public synchronized void reopen() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
        open();
    }

    /** On failure {@code out} is left null, and the next write opens the file again. */
    private void rotate() throws IOException {
        out.close();
        out = null;
        if (backups == 0) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(backup(backups));
            for (int i = backups - 1; i >= 1; i--) {
                if (Files.exists(backup(i))) {
                    Files.move(backup(i), backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, backup(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path backup(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
