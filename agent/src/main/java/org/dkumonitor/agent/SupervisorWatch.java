package org.dkumonitor.agent;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.dkumonitor.agent.collect.ProcFiles;
import org.dkumonitor.agent.collect.ProcStat;
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
    static final long EVERY_MILLIS = 5000;

    private SupervisorWatch() {
    }

    /**
     * The check of the process {@code pid} (the value of {@value #ENV}, null when unset), which
     * the agent's main thread runs between its collection rounds ({@link HostAgent#run}: no
     * thread of its own); null when there is nothing to watch. Exits the JVM at once when the
     * supervisor is already gone.
     */
    static Liveness watch(String pid, ProcFiles proc) {
        if (pid == null || pid.isBlank()) {
            return null;
        }
        String id = pid.strip();
        Optional<String> startTime = startTime(proc, id);
        if (startTime.isEmpty()) {
            LOG.warning("supervisor " + id + " is already gone; stopping");
            System.exit(0);
            return null;
        }
        return new Liveness(proc, id, startTime.get());
    }

    /** Says why the agent stops: its supervisor is gone. */
    static void logGone(Liveness supervisor) {
        LOG.warning("supervisor " + supervisor.pid()
                + " exited; stopping so as not to run unsupervised");
    }

    /** Whether {@code pid} is the process that started at {@code startTime} and not a zombie. */
    static boolean isAlive(ProcFiles proc, String pid, String startTime) {
        return new Liveness(proc, pid, startTime).isAlive();
    }

    /**
     * The check of one process: its stat read by a {@link ProcStat} kept for the purpose, with
     * nothing allocated (the check stays interpreted for the agent's first minutes).
     */
    static final class Liveness {

        private final ProcFiles proc;
        private final String pid;
        private final String statFile;
        private final byte[] startTime;
        private final ProcStat stat = new ProcStat();

        Liveness(ProcFiles proc, String pid, String startTime) {
            this.proc = proc;
            this.pid = pid;
            this.statFile = pid + "/stat";
            this.startTime = startTime.getBytes(StandardCharsets.ISO_8859_1);
        }

        String pid() {
            return pid;
        }

        boolean isAlive() {
            return stat.read(proc, statFile) && stat.state() != 'Z'
                    && stat.fieldEquals(ProcStat.START_TIME, startTime);
        }
    }

    /** The start time of a live process (field 22 of proc(5)), or empty when there is none. */
    static Optional<String> startTime(ProcFiles proc, String pid) {
        for (int i = 0; i < pid.length(); i++) {
            if (pid.charAt(i) < '0' || pid.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        ProcStat stat = new ProcStat();
        if (pid.isEmpty() || !stat.read(proc, pid + "/stat") || stat.state() == 'Z'
                || stat.fields() < ProcStat.START_TIME) {
            return Optional.empty();
        }
        return Optional.of(stat.text(ProcStat.START_TIME));
    }
}
