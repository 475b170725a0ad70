package org.dkumonitor.supervisor.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A process that exists only in a test: its pid is made up and it exits when the test (or a
 * signal through {@link FakeSpawner}) says so. It never touches a real process.
 */
public final class FakeProcess implements ProcessHandle {

    private final long pid;
    private final boolean ignoresTerm;
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    FakeProcess(long pid, boolean ignoresTerm) {
        this.pid = pid;
        this.ignoresTerm = ignoresTerm;
    }

    /** Makes the process exit with {@code code}; a second exit is ignored. */
    public void exit(int code) {
        exit.complete(code);
    }

    boolean ignoresTerm() {
        return ignoresTerm;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public Optional<ProcessHandle> parent() {
        return Optional.empty();
    }

    @Override
    public Stream<ProcessHandle> children() {
        return Stream.empty();
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return Stream.empty();
    }

    /** Nothing is known of a made-up process, as the JDK answers for one it cannot read. */
    @Override
    public Info info() {
        return new Info() {
            @Override
            public Optional<String> command() {
                return Optional.empty();
            }

            @Override
            public Optional<String> commandLine() {
                return Optional.empty();
            }

            @Override
            public Optional<String[]> arguments() {
                return Optional.empty();
            }

            @Override
            public Optional<Instant> startInstant() {
                return Optional.empty();
            }

            @Override
            public Optional<Duration> totalCpuDuration() {
                return Optional.empty();
            }

            @Override
            public Optional<String> user() {
                return Optional.empty();
            }
        };
    }

    @Override
    public CompletableFuture<ProcessHandle> onExit() {
        return exit.thenApply(code -> this);
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public boolean destroy() {
        throw new AssertionError("the supervisor must signal through its Spawner");
    }

    @Override
    public boolean destroyForcibly() {
        throw new AssertionError("the supervisor must signal through its Spawner");
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public int compareTo(ProcessHandle other) {
        return Long.compare(pid, other.pid());
    }
}
