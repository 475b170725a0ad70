package org.dkumonitor.supervisor.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.layout.DataDir;

/**
 * One supervisor per DATA_DIR: an exclusive lock on {@code run/supervisor.lock}, held for the
 * supervisor's life and released by the kernel when it dies (even by kill -9), so a stale pid
 * file never blocks a start. The pid file is written once the lock is held; a pid file found
 * then is a predecessor's that died without cleaning up (see {@link #previousPid}).
 */
final class SupervisorLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;
    private final Path pidFile;
    private final OptionalLong previousPid;

    private SupervisorLock(FileChannel channel, FileLock lock, Path pidFile,
            OptionalLong previousPid) {
        this.channel = channel;
        this.lock = lock;
        this.pidFile = pidFile;
        this.previousPid = previousPid;
    }

    /** The pid of a supervisor that died without removing its pid file (kill -9, a crash). */
    OptionalLong previousPid() {
        return previousPid;
    }

    static SupervisorLock acquire(DataDir dataDir) throws IOException {
        Files.createDirectories(dataDir.run());
        FileChannel channel = FileChannel.open(dataDir.supervisorLockFile(),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new DkmException("a supervisor is already running for " + dataDir.root()
                    + " (pid " + readPid(dataDir.supervisorPidFile()) + ")");
        }
        Path pidFile = dataDir.supervisorPidFile();
        OptionalLong previous = OptionalLong.empty();
        if (Files.exists(pidFile)) {
            try {
                previous = OptionalLong.of(Long.parseLong(readPid(pidFile)));
            } catch (NumberFormatException e) {
                previous = OptionalLong.empty();
            }
        }
        Path temp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        Files.writeString(temp, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
        Files.move(temp, pidFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new SupervisorLock(channel, lock, pidFile, previous);
    }

    static String readPid(Path pidFile) {
        try {
            return Files.readString(pidFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(pidFile);
        lock.release();
        channel.close();
    }
}
