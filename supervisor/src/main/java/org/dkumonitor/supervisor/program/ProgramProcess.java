package org.dkumonitor.supervisor.program;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.dkumonitor.supervisor.config.AutoRestart;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.config.Readiness;

/**
 * One supervised program and its state machine (see {@link ProgramState}). Every method runs on
 * the supervisor's single event thread, so transitions never race; a process exit is posted to
 * that thread through {@code events}.
 *
 * <p>Start-up: a process that stays up for startsecs is RUNNING; with {@code ready: signal} it
 * must also have said it is ready (its start-up work done, its ports open). One that exits
 * sooner (or before it is ready), is not ready within readywaitsecs (it is killed), or cannot
 * be spawned, goes to BACKOFF and is tried again after 1 s, 2 s, 3 s ...; after startretries
 * retries it is FATAL. Stopping sends stopsignal to the program's whole process tree (see
 * {@link Spawner#signalTree}), then SIGKILL to whatever is left after stopwaitsecs. Whenever the
 * program's own process exits, for whatever reason, what is left of its tree is killed, so no
 * grandchild outlives its program and none runs on unsupervised.
 */
public final class ProgramProcess {

    private static final Logger LOG = Logger.getLogger(ProgramProcess.class.getName());
    /** Why a start failed when the program did not say it was ready in time. */
    static final String NOT_READY = "Not ready within readywaitsecs (process log may have"
            + " details)";

    private final ProgramConfig config;
    private final RotatingLog log;
    private final Spawner spawner;
    private final InstantSource clock;
    private final Executor events;
    private ProgramState state = new ProgramState.Stopped(null);
    private ProcessHandle process;

    public ProgramProcess(ProgramConfig config, RotatingLog log, Spawner spawner,
            InstantSource clock, Executor events) {
        this.config = config;
        this.log = log;
        this.spawner = spawner;
        this.clock = clock;
        this.events = events;
    }

    public ProgramConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public ProgramState state() {
        return state;
    }

    public RotatingLog log() {
        return log;
    }

    /** True while a process of this program may be alive. */
    public boolean isActive() {
        return state instanceof ProgramState.Starting || state instanceof ProgramState.Running
                || state instanceof ProgramState.Stopping;
    }

    public ProgramStatus status(ZoneId zone) {
        Instant now = clock.instant();
        long pid = switch (state) {
            case ProgramState.Starting starting -> starting.pid();
            case ProgramState.Running running -> running.pid();
            case ProgramState.Stopping stopping -> stopping.pid();
            default -> 0;
        };
        long uptime = state instanceof ProgramState.Running running
                ? Duration.between(running.since(), now).getSeconds() : 0;
        return new ProgramStatus(name(), state.label(), pid, uptime,
                Descriptions.describe(state, now, zone), log.file().toString());
    }

    /** Starts the program unless it is already up; false when it was. */
    public boolean start() {
        if (isActive()) {
            return false;
        }
        spawn(1);
        return true;
    }

    /** Stops the program; false when it was not running. */
    public boolean stop() {
        switch (state) {
            case ProgramState.Starting starting -> beginStop(starting.pid());
            case ProgramState.Running running -> beginStop(running.pid());
            case ProgramState.Backoff backoff -> state = new ProgramState.Stopped(clock.instant());
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Advances time-driven transitions: up after startsecs, retry after backoff, kill. */
    public void tick() {
        Instant now = clock.instant();
        switch (state) {
            case ProgramState.Starting starting -> {
                boolean upLongEnough = !now.isBefore(starting.since().plusSeconds(
                        config.startsecs()));
                if (config.ready() == Readiness.STARTSECS && upLongEnough) {
                    state = new ProgramState.Running(starting.pid(), starting.since());
                    LOG.info("success: " + name() + " entered RUNNING state, process has stayed"
                            + " up for > than " + config.startsecs() + " seconds (startsecs)");
                } else if (config.ready() == Readiness.SIGNAL && upLongEnough
                        && spawner.signalledReady(config, starting.pid())) {
                    state = new ProgramState.Running(starting.pid(), starting.since());
                    LOG.info("success: " + name() + " entered RUNNING state, process said it"
                            + " is ready after " + Duration.between(starting.since(), now)
                            .toSeconds() + " s");
                } else if (config.ready() == Readiness.SIGNAL && !now.isBefore(
                        starting.since().plusSeconds(config.readywaitsecs()))) {
                    LOG.warning(name() + ": not ready within " + config.readywaitsecs()
                            + " seconds (readywaitsecs); killing it");
                    killTree();
                    process = null; // its exit, which follows, is no news
                    failedStart(starting.attempt(), NOT_READY);
                }
            }
            case ProgramState.Backoff backoff -> {
                if (!now.isBefore(backoff.retryAt())) {
                    spawn(backoff.attempt() + 1);
                }
            }
            case ProgramState.Stopping stopping -> {
                if (!now.isBefore(stopping.killAt())) {
                    LOG.warning("killing '" + name() + "' (" + stopping.pid() + ") with SIGKILL");
                    killTree();
                    state = new ProgramState.Stopping(stopping.pid(), Instant.MAX);
                }
            }
            default -> {
            }
        }
    }

    private void spawn(int attempt) {
        Instant now = clock.instant();
        Spawner.Spawned spawned;
        try {
            spawned = spawner.spawn(config, log);
        } catch (SpawnException e) {
            LOG.warning(name() + ": spawn error: " + e.getMessage());
            failedStart(attempt, e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            String reason = spawnError(e);
            LOG.warning(name() + ": spawn error: " + reason);
            failedStart(attempt, reason);
            return;
        }
        process = spawned.handle();
        long pid = process.pid();
        state = new ProgramState.Starting(pid, now, attempt);
        LOG.info("spawned: '" + name() + "' with pid " + pid);
        spawned.exit().whenComplete((code, error) ->
                events.execute(() -> exited(pid, code == null ? -1 : code)));
        if (config.startsecs() == 0) {
            tick();
        }
    }

    private String spawnError(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof NoSuchFileException || message.contains("error=2,")) {
            return "can't find command '" + config.command().get(0) + "'";
        }
        if (message.contains("error=13,")) {
            return "command at '" + config.command().get(0) + "' is not executable";
        }
        return message;
    }

    private void exited(long pid, int code) {
        if (process == null || process.pid() != pid) {
            return;
        }
        Instant now = clock.instant();
        boolean expected = config.exitcodes().contains(code);
        killTree();
        switch (state) {
            case ProgramState.Stopping stopping -> {
                state = new ProgramState.Stopped(now);
                LOG.info("stopped: " + name() + " (exit status " + code + ")");
            }
            case ProgramState.Starting starting
                    when now.isBefore(starting.since().plusSeconds(config.startsecs()))
                    || config.ready() == Readiness.SIGNAL -> {
                LOG.info("exited: " + name() + " (exit status " + code + "; not expected)");
                failedStart(starting.attempt(), Descriptions.TOO_QUICK);
            }
            case ProgramState.Starting starting -> exitedAfterStart(now, code, expected);
            case ProgramState.Running running -> exitedAfterStart(now, code, expected);
            default -> {
            }
        }
    }

    private void exitedAfterStart(Instant now, int code, boolean expected) {
        state = new ProgramState.Exited(now, code, expected);
        LOG.info("exited: " + name() + " (exit status " + code + "; "
                + (expected ? "expected" : "not expected") + ")");
        boolean restart = config.autorestart() == AutoRestart.TRUE
                || config.autorestart() == AutoRestart.UNEXPECTED && !expected;
        if (restart) {
            spawn(1);
        }
    }

    private void failedStart(int attempt, String reason) {
        if (attempt > config.startretries()) {
            state = new ProgramState.Fatal(reason);
            LOG.warning("gave up: " + name() + " entered FATAL state, too many start retries too"
                    + " quickly");
        } else {
            state = new ProgramState.Backoff(attempt, clock.instant().plusSeconds(attempt),
                    reason);
        }
    }

    private void beginStop(long pid) {
        state = new ProgramState.Stopping(pid,
                clock.instant().plusSeconds(config.stopwaitsecs()));
        LOG.info("waiting for " + name() + " to stop");
        spawner.signalTree(process, config.stopsignal());
    }

    /** Kills what is left of the program's tree; a no-op when nothing is. */
    private void killTree() {
        if (process != null) {
            spawner.signalTree(process, "KILL");
        }
    }
}
