package org.dkumonitor.supervisor.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.program.RotatingLog;
import org.dkumonitor.supervisor.program.SpawnException;
import org.dkumonitor.supervisor.program.Spawner;

/**
 * Spawns {@link FakeProcess}es, each behaving as its program's {@link Behavior} says, and
 * records every spawn and signal. TERM (or any stop signal) ends a process that does not ignore
 * it with 128 + 15; KILL always ends it with 128 + 9.
 */
public final class FakeSpawner implements Spawner {

    /** How a program's processes behave. */
    public enum Behavior {
        /** Runs until signalled. */
        STAYS_UP,
        /** Runs until killed; ignores its stop signal. */
        IGNORES_TERM,
        /** Exits with code 1 as soon as it is spawned. */
        EXITS_AT_ONCE,
        /** Cannot be spawned: the command does not exist. */
        NO_SUCH_COMMAND
    }

    /** A signal sent to a program's tree. */
    public record Signal(String program, long pid, String signal) {
    }

    private final Map<String, Behavior> behaviors = new HashMap<>();
    private final Map<String, List<FakeProcess>> spawned = new HashMap<>();
    private final Map<Long, String> programOf = new HashMap<>();
    private final List<Signal> signals = new ArrayList<>();
    private final Map<String, ArrayDeque<Long>> assigned = new HashMap<>();
    private long nextPid;

    public FakeSpawner(long firstPid) {
        this.nextPid = firstPid;
    }

    /** The pids the program's next processes get, in order; others count up from firstPid. */
    public synchronized FakeSpawner pids(String program, long... pids) {
        ArrayDeque<Long> queue = assigned.computeIfAbsent(program, name -> new ArrayDeque<>());
        for (long pid : pids) {
            queue.add(pid);
        }
        return this;
    }

    public synchronized FakeSpawner behave(String program, Behavior behavior) {
        behaviors.put(program, behavior);
        return this;
    }

    @Override
    public synchronized Spawned spawn(ProgramConfig program, RotatingLog log) {
        Behavior behavior = behaviors.getOrDefault(program.name(), Behavior.STAYS_UP);
        if (behavior == Behavior.NO_SUCH_COMMAND) {
            throw new SpawnException("can't find command '" + program.command().get(0) + "'");
        }
        ArrayDeque<Long> queue = assigned.get(program.name());
        long pid = queue == null || queue.isEmpty() ? nextPid++ : queue.poll();
        FakeProcess process = new FakeProcess(pid, behavior == Behavior.IGNORES_TERM);
        spawned.computeIfAbsent(program.name(), name -> new ArrayList<>()).add(process);
        programOf.put(process.pid(), program.name());
        if (behavior == Behavior.EXITS_AT_ONCE) {
            process.exit(1);
        }
        CompletableFuture<Integer> exit = process.exit.thenApply(code -> code);
        return new Spawned(process, exit);
    }

    @Override
    public synchronized void signalTree(ProcessHandle leader, String signal) {
        FakeProcess process = (FakeProcess) leader;
        signals.add(new Signal(programOf.get(process.pid()), process.pid(), signal));
        if (signal.equals("KILL")) {
            process.exit(128 + 9);
        } else if (!process.ignoresTerm()) {
            process.exit(128 + 15);
        }
    }

    private final java.util.Set<Long> ready = new java.util.HashSet<>();

    /** The program's last process says it is ready. */
    public synchronized void ready(String program) {
        ready.add(last(program).pid());
    }

    @Override
    public synchronized boolean signalledReady(ProgramConfig program, long pid) {
        return ready.contains(pid);
    }

    /** Every process spawned for a program, oldest first. */
    public synchronized List<FakeProcess> spawned(String program) {
        return List.copyOf(spawned.getOrDefault(program, List.of()));
    }

    public synchronized FakeProcess last(String program) {
        List<FakeProcess> processes = spawned(program);
        return processes.get(processes.size() - 1);
    }

    public synchronized List<Signal> signals() {
        return List.copyOf(signals);
    }
}
