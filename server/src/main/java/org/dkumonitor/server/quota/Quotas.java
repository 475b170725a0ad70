package org.dkumonitor.server.quota;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.dkumonitor.server.carbon.NewMetricGate;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.persist.CreateGate;
import org.dkumonitor.server.whisper.WhisperFormat;

/**
 * The quotas of {@code storage.quotas}, as go-carbon has them but without its silent drops.
 *
 * <p>Metric counts: each quota knows the names of its metrics (read from the whisper tree at
 * start, then every name it admits), so "is this a new metric" is a set lookup. A point that
 * would make a metric beyond {@link Quota#maxMetrics} is refused at the receiver (counted as
 * {@code rejects.quota}, logged once a minute per quota with an example); the sender's other
 * metrics are unaffected. Deleting metrics frees room ({@link #forget}).
 *
 * <p>Creation rate: the persister asks {@link #tryCreate} before it makes a file; beyond
 * {@link Quota#maxNewPerMinute} (a token bucket refilled continuously, a minute's worth at most)
 * the metric waits in the cache and is created when its turn comes: never dropped, unlike
 * carbon's MAX_CREATES_PER_MINUTE, which drops the points of files it may not create yet.
 *
 * <p>Only names that match a quota are kept, so an install without quotas keeps nothing.
 */
public final class Quotas implements NewMetricGate, CreateGate {

    private static final Logger LOG = Logger.getLogger(Quotas.class.getName());
    private static final long LOG_EVERY_MILLIS = 60_000;

    private final List<State> states = new ArrayList<>();
    private final InstantSource clock;
    private final AtomicLong generation = new AtomicLong();

    public Quotas(List<Quota> quotas, InstantSource clock) {
        this.clock = clock;
        for (Quota quota : quotas) {
            states.add(new State(quota, clock.millis()));
        }
    }

    public boolean isEmpty() {
        return states.isEmpty();
    }

    /** Counts the metrics already stored under {@code whisperRoot} (call once, at start). */
    public long countStored(Path whisperRoot) throws IOException {
        if (states.isEmpty() || !Files.isDirectory(whisperRoot)) {
            return 0;
        }
        long[] counted = new long[1];
        Files.walkFileTree(whisperRoot, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return dir.equals(whisperRoot) || !(name.startsWith(".")
                        || (dir.getParent().equals(whisperRoot)
                                && name.equals(MetricName.TAGGED_DIRECTORY)))
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = file.getFileName().toString();
                if (attributes.isRegularFile() && !name.startsWith(".")
                        && name.endsWith(WhisperFormat.EXTENSION)) {
                    State state = stateOf(metricName(whisperRoot, file));
                    if (state != null) {
                        state.names.add(metricName(whisperRoot, file));
                        counted[0]++;
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // vanished meanwhile
            }
        });
        return counted[0];
    }

    static String metricName(Path root, Path file) {
        String relative = root.relativize(file).toString();
        return relative.substring(0, relative.length() - WhisperFormat.EXTENSION.length())
                .replace(file.getFileSystem().getSeparator(), ".");
    }

    @Override
    public boolean admit(String name) {
        State state = stateOf(name);
        return state == null || state.admit(name, clock.millis());
    }

    @Override
    public long generation() {
        return generation.get();
    }

    /** The metrics were deleted (or renamed away): they no longer count. */
    public void forget(Collection<String> metrics) {
        boolean any = false;
        for (String metric : metrics) {
            State state = stateOf(metric);
            if (state != null) {
                any |= state.names.remove(metric);
            }
        }
        if (any) {
            generation.incrementAndGet();
        }
    }

    /** The metrics were made by a rename: they count now. */
    public void add(Collection<String> metrics) {
        for (String metric : metrics) {
            State state = stateOf(metric);
            if (state != null) {
                state.names.add(metric);
            }
        }
    }

    @Override
    public boolean tryCreate(String metric) {
        State state = stateOf(metric);
        return state == null || state.tryCreate(clock.millis());
    }

    /** How many metrics count against the quota of {@code metric} now; -1 when none. */
    public long count(String metric) {
        State state = stateOf(metric);
        return state == null ? -1 : state.names.size();
    }

    /** The quota that counts {@code metric}, or null. */
    public Quota quotaOf(String metric) {
        State state = stateOf(metric);
        return state == null ? null : state.quota;
    }

    private State stateOf(String metric) {
        for (State state : states) {
            if (state.quota.matches(metric)) {
                return state;
            }
        }
        return null;
    }

    /** One quota's names, creation bucket and refusal log. */
    private static final class State {
        private final Quota quota;
        private final Set<String> names = ConcurrentHashMap.newKeySet();
        private double tokens;
        private long refilledAt;
        private long refused;
        private long loggedAt;
        private boolean logged;
        private String example;

        State(Quota quota, long now) {
            this.quota = quota;
            this.tokens = quota.maxNewPerMinute();
            this.refilledAt = now;
        }

        boolean admit(String name, long now) {
            if (quota.maxMetrics() == 0 || names.contains(name)) {
                return true; // no limit on the count: no need to know the names
            }
            synchronized (this) {
                if (names.contains(name) || names.size() < quota.maxMetrics()) {
                    names.add(name);
                    return true;
                }
                refused++;
                example = name;
                if (!logged || now - loggedAt >= LOG_EVERY_MILLIS) {
                    LOG.warning("quota " + quota + " is full (" + quota.maxMetrics()
                            + " metrics): refused " + refused + " points of new metrics"
                            + " since the last report, e.g. " + example + "; delete unused"
                            + " metrics (dkmadmin metrics delete) or raise the quota's"
                            + " maxMetrics in conf/server.yaml (counted as rejects.quota;"
                            + " reported once a minute)");
                    loggedAt = now;
                    logged = true;
                    refused = 0;
                }
                return false;
            }
        }

        synchronized boolean tryCreate(long now) {
            int rate = quota.maxNewPerMinute();
            if (rate == 0) {
                return true;
            }
            tokens = Math.min(rate, tokens + (now - refilledAt) * rate / 60_000.0);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
