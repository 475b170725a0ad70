package org.dkumonitor.server.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.lifecycle.Expiry;
import org.dkumonitor.server.lifecycle.MetricLifecycle;
import org.dkumonitor.server.lifecycle.OnlineResize;
import org.dkumonitor.server.lifecycle.StorageCheck;
import org.dkumonitor.server.refusals.RecentRefusals;

/** The lifecycle answers as text, for a person at a terminal ({@code dkmadmin}). */
final class AdminText {

    private AdminText() {
    }

    static String deleted(MetricLifecycle.Deleted deleted) {
        StringBuilder out = new StringBuilder();
        deleted.metrics().forEach(m -> out.append(m).append('\n'));
        out.append(deleted.dryRun() ? "would delete " : "deleted ")
                .append(count(deleted.metrics().size(), "metric"))
                .append(deleted.dryRun() && !deleted.metrics().isEmpty()
                        ? " (dry run: nothing changed)" : "").append('\n');
        return out.toString();
    }

    static String renamed(MetricLifecycle.Renamed renamed) {
        StringBuilder out = new StringBuilder();
        for (MetricLifecycle.Move move : renamed.moves()) {
            out.append(move.from()).append(" -> ").append(move.to())
                    .append(move.merged() ? "  (merged: gaps filled, nothing overwritten)" : "")
                    .append(move.disagrees() ? "  (its archives are not what the rules give"
                            + " the new name: dkmadmin storage resize)" : "").append('\n');
        }
        out.append(renamed.dryRun() ? "would rename " : "renamed ")
                .append(count(renamed.moves().size(), "metric"))
                .append(renamed.dryRun() ? " (dry run: nothing changed)" : "").append('\n');
        return out.toString();
    }

    static String check(StorageCheck.Report report) {
        StringBuilder out = new StringBuilder();
        for (StorageCheck.Mismatch m : report.mismatches()) {
            out.append(m.metric()).append("  has ").append(layout(m.actual()))
                    .append("  rules give ").append(layout(m.expected())).append('\n');
        }
        for (StorageCheck.RuleCount rule : report.byRule()) {
            out.append(rule.file()).append(':').append(rule.line()).append(" [")
                    .append(rule.rule()).append("] ").append(rule.says()).append(": ")
                    .append(count(rule.files(), "file")).append(" disagree, e.g. ")
                    .append(rule.example()).append('\n');
        }
        report.unreadable().forEach(u -> out.append("unreadable: ").append(u).append('\n'));
        report.staleTemporaries().forEach(t -> out.append("left by a crash: ").append(t)
                .append('\n'));
        out.append(count(report.files(), "file")).append(" checked, ")
                .append(report.mismatches().size()).append(" disagree with the rules")
                .append(report.mismatches().isEmpty() ? "" : " (dkmadmin storage resize"
                        + " --apply rewrites them)").append('\n');
        return out.toString();
    }

    static String resized(OnlineResize.Result result) {
        if (!result.applied()) {
            return check(result.check()).replace("disagree with the rules (dkmadmin storage"
                    + " resize --apply rewrites them)", "would be resized (dry run: add --apply)");
        }
        StringBuilder out = new StringBuilder();
        result.failed().forEach(f -> out.append("failed: ").append(f).append('\n'));
        out.append("resized ").append(count(result.resized(), "file")).append(" of ")
                .append(result.check().mismatches().size()).append(" in ")
                .append(String.format("%.1f", result.seconds())).append(" s, ")
                .append(count(result.pointsCarried(), "point")).append(" carried over");
        if (result.temporariesRemoved() > 0) {
            out.append("; removed ").append(count(result.temporariesRemoved(),
                    "temporary file")).append(" left by a crash");
        }
        return out.append('\n').toString();
    }

    static String expired(Expiry.Result result) {
        StringBuilder out = new StringBuilder();
        result.metrics().forEach(m -> out.append(m).append('\n'));
        if (result.refused() != null) {
            out.append("refused: ").append(result.refused()).append('\n');
        }
        if (result.inTheFuture() > 0) {
            out.append(count(result.inTheFuture(), "file")).append(" written after this"
                    + " server's clock: not expired (is the clock set back?)\n");
        }
        out.append(result.applied() ? "removed " : "would remove ")
                .append(count(result.metrics().size(), "metric")).append(" of ")
                .append(result.files()).append(" not updated for ")
                .append(result.olderThanSeconds() / 86_400).append(" days")
                .append(result.applied() || result.refused() != null ? ""
                        : " (dry run: add --apply)").append('\n');
        return out.toString();
    }

    static String explained(MetricLifecycle.Explanation e) {
        StringBuilder out = new StringBuilder();
        out.append("metric      ").append(e.name()).append('\n');
        if (e.nameError() != null) {
            out.append("name        refused: ").append(e.nameError()).append('\n');
        }
        out.append("schema      ").append(rule(e.schema())).append('\n');
        out.append("aggregation ").append(rule(e.aggregation())).append('\n');
        MetricLifecycle.StoredFile file = e.file();
        if (file == null) {
            out.append("file        none (no point of it was written yet)\n");
        } else {
            out.append("file        ").append(file.path()).append('\n');
            out.append("  archives  ").append(file.archives()).append(", ")
                    .append(file.aggregationMethod()).append(", xFilesFactor ")
                    .append(file.xFilesFactor()).append(file.agreesWithRules()
                            ? "  (as the rules give)" : "  (NOT what the rules give: dkmadmin"
                            + " storage resize)").append('\n');
            out.append("  written   ").append(time(file.lastModified())).append('\n');
            out.append("  newest    ").append(file.newestPoint() == 0 ? "no point"
                    : time(file.newestPoint())).append('\n');
        }
        MetricLifecycle.Waiting waiting = e.waiting();
        out.append("waiting     ").append(count(waiting.points(), "point"));
        if (waiting.points() > 0) {
            out.append(" from ").append(time(waiting.oldest())).append(" to ")
                    .append(time(waiting.newest()));
        }
        out.append(waiting.inWriteAheadLog() ? " in the cache and the write-ahead log"
                : " in the cache (the write-ahead log is off)").append('\n');
        if (e.quota() != null) {
            out.append("quota       '").append(e.quota().pattern()).append("': ")
                    .append(e.quota().metrics() < 0 ? "" : e.quota().metrics() + " metrics")
                    .append(e.quota().maxMetrics() > 0 ? " of at most " + e.quota().maxMetrics()
                            : "").append(e.quota().maxNewPerMinute() > 0 ? ", at most "
                            + e.quota().maxNewPerMinute() + " new a minute" : "").append('\n');
        }
        out.append("refused     in the last hour:");
        long total = 0;
        for (Map.Entry<RecentRefusals.Reason, Long> refused : e.refusedLastHour().entrySet()) {
            out.append(' ').append(refused.getKey().key()).append(' ')
                    .append(refused.getValue());
            total += refused.getValue();
        }
        return out.append(total == 0 ? " (none)" : "").append('\n').toString();
    }

    private static String rule(MetricLifecycle.Rule rule) {
        return rule.file() + (rule.line() > 0 ? ":" + rule.line() : " (built in)") + " ["
                + rule.section() + "] " + rule.says();
    }

    private static String layout(org.dkumonitor.server.whisper.WhisperResize.Layout layout) {
        List<String> parts = layout.archives().stream().map(Object::toString).toList();
        return String.join(",", parts) + " " + layout.method().configName() + " xff "
                + layout.xFilesFactor();
    }

    private static String time(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
