package org.dkumonitor.agent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.dkumonitor.agent.collect.ProcFiles;
import org.dkumonitor.core.process.ParentWatch;

/**
 * Stops the agent when its supervisor is gone (killed with -9, say), so that it does not run on
 * unsupervised: core's {@code ParentWatch}, which the other programs use, for the agent. The
 * supervisor passes its pid in {@value #ENV}; an agent started by hand has none and is not
 * watched. The supervisor is alive while {@code /proc/PID/stat} shows the process with the start
 * time it had when the agent started, not a zombie (a pid the kernel gave to another process is
 * not it).
 *
 * <p>{@code ParentWatch} asks {@link ProcessHandle} and logs through java.util.logging, and
 * both bootstrap lambdas and string concatenation through java.lang.invoke at run time: some
 * 500 classes that would stay in the agent's memory for a check every few seconds (issue 6).
 */
final class SupervisorWatch {

    static final String ENV = ParentWatch.ENV;
    private static final AgentLog LOG = AgentLog.of(SupervisorWatch.class);
    /**
     * Every 5 s, not every second as the server's watch: on this kind of machine a thread that
     * wakes from a sleep and runs a little Java spends some 250 us of CPU (cold caches; the same
     * check run back to back costs 23 us), and at one wake a second the watch alone cost the
     * agent 0.017 CPU-s a minute, more than collecting. An agent outlives a killed supervisor by
     * at most 5 s; a new supervisor stops whatever a killed one left running first anyway.
     */
    private static final long EVERY_MILLIS = 5000;
    /** The field of proc(5)'s stat that holds the start time; the state is field 3. */
    private static final int START_TIME_FIELD = 22;
    /** A stat is a few hundred bytes; one that fills this is not one the watch can read. */
    private static final int STAT_BYTES = 4096;

    private SupervisorWatch() {
    }

    /**
     * Watches the process {@code pid} (the value of {@value #ENV}, null when unset) from a daemon
     * thread and exits the JVM once it is gone. Returns false when there is nothing to watch.
     */
    static boolean start(String pid, ProcFiles proc) {
        if (pid == null || pid.isBlank()) {
            return false;
        }
        String id = pid.strip();
        Optional<String> startTime = startTime(proc, id);
        if (startTime.isEmpty()) {
            LOG.warning("supervisor " + id + " is already gone; stopping");
            System.exit(0);
            return true;
        }
        Liveness supervisor = new Liveness(proc, id, startTime.get());
        Thread watcher = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    while (supervisor.isAlive()) {
                        Thread.sleep(EVERY_MILLIS);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                LOG.warning("supervisor " + id
                        + " exited; stopping so as not to run unsupervised");
                System.exit(0);
            }
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        return true;
    }

    /** Whether {@code pid} is the process that started at {@code startTime} and not a zombie. */
    static boolean isAlive(ProcFiles proc, String pid, String startTime) {
        return new Liveness(proc, pid, startTime).isAlive();
    }

    /**
     * The check of one process: its stat read into a reused buffer and scanned as bytes, with
     * nothing allocated (the check stays interpreted for the agent's first minutes).
     */
    static final class Liveness {

        private final ProcFiles proc;
        private final String statFile;
        private final byte[] startTime;
        private final byte[] buffer = new byte[STAT_BYTES];

        Liveness(ProcFiles proc, String pid, String startTime) {
            this.proc = proc;
            this.statFile = pid + "/stat";
            this.startTime = startTime.getBytes(StandardCharsets.ISO_8859_1);
        }

        boolean isAlive() {
            int length = proc.readInto(statFile, buffer);
            int at = startTimeAt(buffer, length);
            return at >= 0 && fieldEnd(buffer, at, length) - at == startTime.length
                    && Arrays.equals(buffer, at, at + startTime.length, startTime, 0,
                            startTime.length);
        }
    }

    /** The start time of a live process (field 22 of proc(5)), or empty when there is none. */
    static Optional<String> startTime(ProcFiles proc, String pid) {
        for (int i = 0; i < pid.length(); i++) {
            if (pid.charAt(i) < '0' || pid.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        byte[] stat = new byte[STAT_BYTES];
        int length = proc.readInto(pid + "/stat", stat);
        int at = startTimeAt(stat, length);
        int end = at < 0 ? at : fieldEnd(stat, at, length);
        return end <= at ? Optional.empty()
                : Optional.of(new String(stat, at, end - at, StandardCharsets.ISO_8859_1));
    }

    /**
     * Where the start time (field 22) begins in the first {@code length} bytes of a stat, or -1
     * when there is none: the file was gone (a negative length) or cut short, or longer than the
     * buffer, or the process is a zombie. The comm (field 2) may hold spaces and parentheses, so
     * fields are counted from the last {@code ')'}.
     */
    private static int startTimeAt(byte[] stat, int length) {
        int at = length - 1;
        while (at >= 0 && stat[at] != ')') {
            at--;
        }
        at += 2; // the state, field 3
        if (at <= 1 || at >= length || length == stat.length || stat[at] == 'Z') {
            return -1;
        }
        for (int field = 3; field < START_TIME_FIELD; field++) {
            at = fieldEnd(stat, at, length) + 1;
        }
        return at < length ? at : -1;
    }

    private static int fieldEnd(byte[] stat, int from, int length) {
        int end = from;
        while (end < length && stat[end] != ' ' && stat[end] != '\n') {
            end++;
        }
        return end;
    }
}
