package org.dkumonitor.server.lifecycle;

import java.util.List;
import java.util.Map;
import org.dkumonitor.server.refusals.RecentRefusals;

/**
 * What a store does with whole metrics beside writing their points: delete them, rename them,
 * and explain where one metric's points are. The whisper store implements it
 * ({@link WhisperLifecycle}); another store (ClickHouse) can implement the same operations and
 * serve the same API and {@code dkmadmin metrics} commands. Every operation is safe while
 * points for the metrics keep arriving; a refused request is a {@link LifecycleException}.
 */
public interface MetricLifecycle {

    /**
     * Deletes the metrics {@code query} (a Graphite glob; a branch means its whole subtree)
     * matches: their stored points, those still cached, and those in the write-ahead log. A
     * query of bare stars ({@code *}, {@code *.*}) needs {@code force}. With {@code dryRun}
     * nothing changes and the answer lists what would go.
     */
    Deleted delete(String query, boolean force, boolean dryRun);

    /**
     * Renames the metric {@code from} and every metric below it to {@code to}: a metric whose
     * new name exists is merged into it without overwriting any of its points. Refused: a
     * glob, a rename onto itself or into its own subtree, and (without {@code force}) a merge
     * into a metric that keeps other archives.
     */
    Renamed rename(String from, String to, boolean force, boolean dryRun);

    /** Where {@code name}'s points are and why some may be missing. */
    Explanation explain(String name);

    /** What a delete did (or would do). */
    record Deleted(List<String> metrics, boolean dryRun) {
    }

    /** What a rename did (or would do): one move per metric. */
    record Renamed(List<Move> moves, boolean dryRun) {
    }

    /**
     * One metric's move; {@code merged} when its new name existed (filled, not overwritten),
     * {@code disagrees} when the moved file's layout is not what the rules give the new name.
     */
    record Move(String from, String to, boolean merged, boolean disagrees) {
    }

    /**
     * One metric, explained: the rules that match it (file, line, what they say), its file
     * (null when there is none) and whether it agrees with them, the points waiting to be
     * written, its quota, and the points refused for the name over the last hour, by reason.
     */
    record Explanation(String name, String nameError, Rule schema, Rule aggregation,
            StoredFile file, Waiting waiting, QuotaUse quota,
            Map<RecentRefusals.Reason, Long> refusedLastHour) {
    }

    /** A rule that matched: where it is written and what it says. */
    record Rule(String file, String section, int line, String says) {
    }

    /**
     * The metric's file: where, its layout, whether the rules give the same, when it was last
     * written, and the time of its newest point (0 when it has none).
     */
    record StoredFile(String path, String archives, String aggregationMethod,
            float xFilesFactor, boolean agreesWithRules, long lastModified, long newestPoint) {
    }

    /**
     * Points received and not yet in the store: how many, the oldest and newest timestamps,
     * and whether they are in the write-ahead log (so a crash keeps them).
     */
    record Waiting(int points, long oldest, long newest, boolean inWriteAheadLog) {
    }

    /** The quota that counts the metric: its pattern, metrics counted and the maximum. */
    record QuotaUse(String pattern, long metrics, long maxMetrics, int maxNewPerMinute) {
    }
}
