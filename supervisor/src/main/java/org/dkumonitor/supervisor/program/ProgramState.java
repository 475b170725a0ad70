package org.dkumonitor.supervisor.program;

import java.time.Instant;

/**
 * The states of a supervised program, as supervisord names them, each with what it needs to
 * know. Transitions (see {@link ProgramProcess}): STOPPED → STARTING → RUNNING after startsecs;
 * STARTING → BACKOFF when it exits too soon, then STARTING again after 1 s, 2 s, 3 s ..., or
 * FATAL after startretries; RUNNING → EXITED when it exits, and STARTING again if autorestart
 * says so; RUNNING/STARTING → STOPPING → STOPPED on a stop.
 */
public sealed interface ProgramState {

    /** The upper-case name supervisorctl shows. */
    String label();

    /** Not running: never started ({@code at} null) or stopped on request at {@code at}. */
    record Stopped(Instant at) implements ProgramState {
        @Override
        public String label() {
            return "STOPPED";
        }
    }

    /** Spawned, not yet up for startsecs; {@code attempt} counts tries since the last success. */
    record Starting(long pid, Instant since, int attempt) implements ProgramState {
        @Override
        public String label() {
            return "STARTING";
        }
    }

    /** Up for at least startsecs. */
    record Running(long pid, Instant since) implements ProgramState {
        @Override
        public String label() {
            return "RUNNING";
        }
    }

    /** Exited too soon or could not be spawned; tries again at {@code retryAt}. */
    record Backoff(int attempt, Instant retryAt, String reason) implements ProgramState {
        @Override
        public String label() {
            return "BACKOFF";
        }
    }

    /** Asked to stop; killed at {@code killAt} if still alive. */
    record Stopping(long pid, Instant killAt) implements ProgramState {
        @Override
        public String label() {
            return "STOPPING";
        }
    }

    /** Exited by itself after running; {@code expected} when its code is in exitcodes. */
    record Exited(Instant at, int exitCode, boolean expected) implements ProgramState {
        @Override
        public String label() {
            return "EXITED";
        }
    }

    /** Gave up after startretries failed starts. */
    record Fatal(String reason) implements ProgramState {
        @Override
        public String label() {
            return "FATAL";
        }
    }
}
