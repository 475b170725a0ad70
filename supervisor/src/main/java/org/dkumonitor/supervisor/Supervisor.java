package org.dkumonitor.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.program.ProgramProcess;
import org.dkumonitor.supervisor.program.ProgramState;
import org.dkumonitor.supervisor.program.ProgramStatus;
import org.dkumonitor.supervisor.program.RotatingLog;
import org.dkumonitor.supervisor.program.Spawner;

/**
 * The programs of one install and the commands on them. All state changes happen on one event
 * thread that also ticks, every {@value #TICK_MILLIS} ms while a program waits on time and every
 * {@value #IDLE_TICK_MILLIS} ms otherwise; commands post work to it and wait, on their own
 * thread, for the outcome supervisorctl would report.
 */
public final class Supervisor {

    /** A command's outcome for one program, worded as supervisorctl words it. */
    public record Outcome(String line, int exitCode) {
    }

    static final int TICK_MILLIS = 100;
    /** The tick when no program waits on time: a safety net, not a schedule. */
    static final int IDLE_TICK_MILLIS = 1000;
    /** supervisorctl's code for a program that failed to start. */
    static final int SPAWN_ERROR = 7;
    /** supervisorctl's code for a name that is no program. */
    static final int NO_SUCH_PROCESS = 1;
    private static final Logger LOG = Logger.getLogger(Supervisor.class.getName());
    private static final Duration DEPENDENCY_WAIT = Duration.ofSeconds(60);

    /** Replaced whole, never changed in place, by {@link #update}; read from any thread. */
    private volatile Map<String, ProgramProcess> programs;
    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().name("supervisor-events").unstarted(runnable));
    private final Function<ProgramConfig, RotatingLog> logs;
    private final Spawner spawner;
    private final InstantSource clock;
    private final ZoneId zone;
    /** Touched on the event thread only. */
    private ScheduledFuture<?> nextTick;

    public Supervisor(List<ProgramConfig> configs, Function<ProgramConfig, RotatingLog> logs,
            Spawner spawner, InstantSource clock, ZoneId zone) {
        this.logs = logs;
        this.spawner = spawner;
        this.clock = clock;
        this.zone = zone;
        Map<String, ProgramProcess> initial = new LinkedHashMap<>();
        for (ProgramConfig config : configs) {
            initial.put(config.name(), newProgram(config));
        }
        programs = initial;
        events.execute(() -> nextTick = events.schedule(this::tick, TICK_MILLIS,
                TimeUnit.MILLISECONDS));
    }

    private ProgramProcess newProgram(ProgramConfig config) {
        return new ProgramProcess(config, logs.apply(config), spawner, clock,
                work -> events.execute(() -> {
                    work.run();
                    hurryIfTimeDriven();
                }));
    }

    /** What applying {@code configs} would change. */
    public ConfigDiff diff(List<ProgramConfig> configs) {
        return ConfigDiff.of(programs.values().stream().map(ProgramProcess::config).toList(),
                configs);
    }

    /**
     * Applies a new program list as supervisorctl update does: a removed program is stopped and
     * dropped, a changed one stopped and replaced (then started if autostart), an added one
     * started if autostart; the others are not touched. Returns supervisorctl's lines.
     */
    public synchronized List<String> update(List<ProgramConfig> configs) {
        ConfigDiff diff = diff(configs);
        Map<String, ProgramProcess> current = programs;
        // open every new log first: if one cannot be opened, nothing has changed yet
        Map<String, ProgramProcess> fresh = new LinkedHashMap<>();
        for (ProgramConfig config : configs) {
            if (diff.changed().contains(config) || !current.containsKey(config.name())) {
                fresh.put(config.name(), newProgram(config));
            }
        }
        List<String> lines = new ArrayList<>();
        for (String name : diff.removed()) {
            stopAndClose(current.get(name), lines);
            lines.add(name + ": removed process group");
        }
        Map<String, ProgramProcess> next = new LinkedHashMap<>();
        for (ProgramConfig config : configs) {
            ProgramProcess program = fresh.get(config.name());
            if (program == null) {
                program = current.get(config.name());
            } else if (current.containsKey(config.name())) {
                stopAndClose(current.get(config.name()), lines);
                lines.add(config.name() + ": updated process group");
            } else {
                lines.add(config.name() + ": added process group");
            }
            next.put(config.name(), program);
        }
        programs = next;
        for (ProgramProcess program : fresh.values()) {
            if (program.config().autostart()) {
                onEvents(program::start);
            }
        }
        return lines;
    }

    /** Stops a program that is going away and closes its log; says so if it was running. */
    private void stopAndClose(ProgramProcess program, List<String> lines) {
        Outcome stopped = stop(program.name());
        if (stopped.exitCode() == 0 && stopped.line().endsWith(": stopped")) {
            lines.add(stopped.line());
        }
        try {
            program.log().close();
        } catch (java.io.IOException e) {
            LOG.warning("cannot close the log of " + program.name() + ": " + e.getMessage());
        }
    }

    public List<String> names() {
        return List.copyOf(programs.keySet());
    }

    public boolean has(String name) {
        return programs.containsKey(name);
    }

    /** Starts the autostart programs in order, each after the programs it depends on are up. */
    public void startAutostart() {
        for (ProgramProcess program : programs.values()) {
            if (!program.config().autostart()) {
                continue;
            }
            for (String dependency : program.config().dependsOn()) {
                awaitSettled(dependency, true, clock.instant().plus(DEPENDENCY_WAIT));
            }
            onEvents(program::start);
        }
    }

    public List<ProgramStatus> status() {
        return onEvents(() -> programs.values().stream().map(p -> p.status(zone)).toList());
    }

    /**
     * Starts one program and waits until it is RUNNING or its first try has failed (it then
     * goes on retrying in BACKOFF, as supervisord's does, and this reports a spawn error).
     */
    public Outcome start(String name) {
        ProgramProcess program = programs.get(name);
        if (program == null) {
            return new Outcome(name + ": ERROR (no such process)", NO_SUCH_PROCESS);
        }
        if (!onEvents(program::start)) {
            return new Outcome(name + ": ERROR (already started)", 0);
        }
        ProgramState settled = awaitSettled(name, false, null);
        if (settled instanceof ProgramState.Running) {
            return new Outcome(name + ": started", 0);
        }
        return new Outcome(name + ": ERROR (spawn error)", SPAWN_ERROR);
    }

    /**
     * Starts several programs at once, as supervisord does, except that a program waits until
     * those of them it depends on have settled; then waits for each as {@link #start(String)}
     * does. Outcomes come in the order of {@code names}.
     */
    public List<Outcome> start(List<String> names) {
        Map<String, ProgramProcess> current = programs;
        Outcome[] outcomes = new Outcome[names.size()];
        java.util.Set<String> posted = new java.util.HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            ProgramProcess program = current.get(name);
            if (program == null) {
                outcomes[i] = new Outcome(name + ": ERROR (no such process)", NO_SUCH_PROCESS);
                continue;
            }
            for (String dependency : program.config().dependsOn()) {
                if (posted.contains(dependency)) {
                    awaitSettled(dependency, true, clock.instant().plus(DEPENDENCY_WAIT));
                }
            }
            if (onEvents(program::start)) {
                posted.add(name);
            } else {
                outcomes[i] = new Outcome(name + ": ERROR (already started)", 0);
            }
        }
        for (int i = 0; i < names.size(); i++) {
            if (outcomes[i] == null) {
                String name = names.get(i);
                outcomes[i] = awaitSettled(name, false, null) instanceof ProgramState.Running
                        ? new Outcome(name + ": started", 0)
                        : new Outcome(name + ": ERROR (spawn error)", SPAWN_ERROR);
            }
        }
        return List.of(outcomes);
    }

    /** Stops one program and waits until it has stopped. */
    public Outcome stop(String name) {
        ProgramProcess program = programs.get(name);
        if (program == null) {
            return new Outcome(name + ": ERROR (no such process)", NO_SUCH_PROCESS);
        }
        if (!onEvents(program::stop)) {
            return new Outcome(name + ": ERROR (not running)", 0);
        }
        while (onEvents(program::isActive)) {
            pause();
        }
        return new Outcome(name + ": stopped", 0);
    }

    /** Stops every program at once and waits for all; used by shutdown. */
    public List<Outcome> stopAll() {
        List<String> stopping = onEvents(() -> {
            List<String> names = new ArrayList<>();
            for (ProgramProcess program : programs.values()) {
                if (program.stop()) {
                    names.add(program.name());
                }
            }
            return names;
        });
        while (onEvents(() -> programs.values().stream().anyMatch(ProgramProcess::isActive))) {
            pause();
        }
        return stopping.stream().map(name -> new Outcome(name + ": stopped", 0)).toList();
    }

    /** Reopens every program's log by name; returns one line per log that failed. */
    public List<String> reopenLogs() {
        return onEvents(() -> {
            List<String> failed = new ArrayList<>();
            for (ProgramProcess program : programs.values()) {
                try {
                    program.log().reopen();
                } catch (java.io.IOException e) {
                    failed.add(program.name() + ": ERROR (cannot reopen " + program.log().file()
                            + ": " + e.getMessage() + ")");
                }
            }
            return failed;
        });
    }

    /** A program's state now. */
    public ProgramState state(String name) {
        ProgramProcess program = programs.get(name);
        return onEvents(program::state);
    }

    /** The pid of the program's process, 0 when it has none. */
    public long pid(String name) {
        return onEvents(() -> programs.get(name).status(zone).pid());
    }

    /** Stops the event thread; call after {@link #stopAll}. */
    public void close() {
        events.shutdownNow();
    }

    /**
     * Waits until a program is no longer STARTING (nor in BACKOFF, with {@code throughBackoff})
     * or {@code deadline} has passed; returns that state.
     */
    private ProgramState awaitSettled(String name, boolean throughBackoff, Instant deadline) {
        ProgramProcess program = programs.get(name);
        while (true) {
            ProgramState state = onEvents(program::state);
            boolean settling = state instanceof ProgramState.Starting
                    || throughBackoff && state instanceof ProgramState.Backoff;
            if (!settling || deadline != null && clock.instant().isAfter(deadline)) {
                return state;
            }
            pause();
        }
    }

    private <T> T onEvents(Callable<T> work) {
        try {
            return events.submit(() -> {
                T result = work.call();
                hurryIfTimeDriven();
                return result;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the supervisor", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("supervisor event failed", e.getCause());
        }
    }

    /**
     * Advances every program's time-driven transitions, then schedules the next tick: soon
     * while a program waits on time (STARTING, BACKOFF, STOPPING), else in
     * {@value #IDLE_TICK_MILLIS} ms, so an idle supervisor hardly wakes up.
     */
    private void tick() {
        programs.values().forEach(ProgramProcess::tick);
        nextTick = events.schedule(this::tick, timeDriven() ? TICK_MILLIS : IDLE_TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** After a change on the event thread: ticks soon again if a program now waits on time. */
    private void hurryIfTimeDriven() {
        if (nextTick != null && nextTick.getDelay(TimeUnit.MILLISECONDS) > TICK_MILLIS
                && timeDriven() && nextTick.cancel(false)) {
            events.execute(() -> nextTick = events.schedule(this::tick, TICK_MILLIS,
                TimeUnit.MILLISECONDS));
        }
    }

    private boolean timeDriven() {
        return programs.values().stream().map(ProgramProcess::state).anyMatch(state ->
                state instanceof ProgramState.Starting || state instanceof ProgramState.Backoff
                        || state instanceof ProgramState.Stopping);
    }

    private static void pause() {
        try {
            Thread.sleep(TICK_MILLIS / 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a program", e);
        }
    }

    static Logger log() {
        return LOG;
    }
}
