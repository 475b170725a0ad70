package org.dkumonitor.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How a supervised program tells its supervisor that it is ready (listening, its start-up work
 * done), so that the supervisor shows it STARTING until then, not RUNNING on a timer: the
 * supervisor names a file in {@value #ENV}, and the program writes its pid into it (under a
 * temporary name, then renamed, so the supervisor never reads half of it). systemd's
 * {@code Type=notify} without its socket.
 */
public final class ReadySignal {

    public static final String ENV = "DKM_READY_FILE";

    private ReadySignal() {
    }

    /** Signals readiness; false when no supervisor asked for it (no {@value #ENV}). */
    public static boolean signal() throws IOException {
        String file = System.getenv(ENV);
        if (file == null || file.isBlank()) {
            return false;
        }
        write(Path.of(file), ProcessHandle.current().pid());
        return true;
    }

    static void write(Path file, long pid) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, pid + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether {@code file} says the process {@code pid} is ready (the supervisor's side). */
    public static boolean isReady(Path file, long pid) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip()
                    .equals(Long.toString(pid));
        } catch (IOException e) {
            return false; // not written yet
        }
    }
}
