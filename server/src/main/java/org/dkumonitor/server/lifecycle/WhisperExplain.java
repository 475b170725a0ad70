package org.dkumonitor.server.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.metrics.InvalidMetricNameException;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.quota.Quota;
import org.dkumonitor.server.quota.Quotas;
import org.dkumonitor.server.refusals.RecentRefusals;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageRules;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.whisper.ArchiveInfo;
import org.dkumonitor.server.whisper.FetchResult;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.dkumonitor.server.whisper.WhisperException;
import org.dkumonitor.server.whisper.WhisperFile;
import org.dkumonitor.server.whisper.WhisperHeader;
import org.dkumonitor.server.whisper.WhisperResize;

/**
 * "Where did my point go?" for one metric of the whisper store: the rules that match its name
 * (file and line), its file's actual layout and whether the rules give the same, when the file
 * was last written and its newest point, the points still waiting in the cache (and the
 * write-ahead log), its quota, and what was refused for the name in the last hour and why.
 */
public final class WhisperExplain {

    private final Path root;
    private final StorageRules rules;
    private final MetricCache cache;
    private final Quotas quotas;
    private final RecentRefusals refusals;
    private final boolean logged;
    private final java.time.InstantSource clock;

    public WhisperExplain(Path root, StorageRules rules, MetricCache cache, Quotas quotas,
            RecentRefusals refusals, boolean logged, java.time.InstantSource clock) {
        this.root = root;
        this.rules = rules;
        this.cache = cache;
        this.quotas = quotas;
        this.refusals = refusals;
        this.logged = logged;
        this.clock = clock;
    }

    public MetricLifecycle.Explanation explain(String name) {
        if (name == null || name.isBlank()) {
            throw new LifecycleException("give the metric to explain: path=NAME");
        }
        String stored;
        String nameError = null;
        try {
            stored = MetricName.normalize(name);
        } catch (InvalidMetricNameException e) {
            stored = null;
            nameError = e.getMessage();
        }
        String shown = stored == null ? name : stored;
        rules.reloadIfChanged(); // a rule just edited is the one explained
        StorageSchemas.Schema schema = rules.schemas().schemaFor(shown);
        StorageAggregation.Rule rule = rules.aggregation().ruleFor(shown);
        MetricLifecycle.Rule schemaRule = new MetricLifecycle.Rule(
                rules.schemasFile().getFileName().toString(), schema.name(), schema.line(),
                "retentions = " + StorageCheck.retentions(schema));
        MetricLifecycle.Rule aggregationRule = new MetricLifecycle.Rule(
                rules.aggregationFile().getFileName().toString(), rule.name(), rule.line(),
                "aggregationMethod = " + rule.method().configName() + ", xFilesFactor = "
                        + rule.xFilesFactor());
        MetricLifecycle.StoredFile file = null;
        MetricLifecycle.Waiting waiting = new MetricLifecycle.Waiting(0, 0, 0, logged);
        MetricLifecycle.QuotaUse quota = null;
        if (stored != null) {
            WhisperResize.Layout expected = new WhisperResize.Layout(schema.retentions(),
                    rule.method(), rule.xFilesFactor());
            file = file(MetricName.whisperFile(root, stored), expected);
            waiting = waiting(cache.read(stored));
            Quota counting = quotas.quotaOf(stored);
            if (counting != null) {
                quota = new MetricLifecycle.QuotaUse(counting.pattern().pattern(),
                        quotas.count(stored), counting.maxMetrics(), counting.maxNewPerMinute());
            }
        }
        java.util.Map<RecentRefusals.Reason, Long> refused = refusals.lastHour(name);
        if (stored != null && !stored.equals(name)) {
            refusals.lastHour(stored).forEach((reason, count) -> refused.merge(reason, count,
                    Long::sum));
        }
        return new MetricLifecycle.Explanation(shown, nameError, schemaRule, aggregationRule,
                file, waiting, quota, refused);
    }

    private MetricLifecycle.StoredFile file(Path path, WhisperResize.Layout expected) {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        try (WhisperFile whisper = WhisperFile.open(path, false)) {
            WhisperHeader header = whisper.header();
            long modified = Files.getLastModifiedTime(path).toInstant().getEpochSecond();
            return new MetricLifecycle.StoredFile(path.toString(),
                    WhisperLifecycle.text(new WhisperResize.Layout(
                            WhisperResize.retentions(header), header.aggregation(),
                            header.xFilesFactor())), header.aggregation().configName(),
                    header.xFilesFactor(), expected.matches(header), modified,
                    newestPoint(whisper, clock.instant().getEpochSecond()));
        } catch (WhisperException | IOException e) {
            return new MetricLifecycle.StoredFile(path.toString(), "unreadable: "
                    + e.getMessage(), "", 0, false, 0, 0);
        }
    }

    /** The newest known point of the finest archive that has one (0 when none). */
    private static long newestPoint(WhisperFile whisper, long now) {
        for (ArchiveInfo archive : whisper.header().archives()) {
            FetchResult fetched = whisper.fetch(now - archive.retention(), now, now);
            if (fetched == null) {
                continue;
            }
            double[] values = fetched.values();
            for (int i = values.length - 1; i >= 0; i--) {
                if (!Double.isNaN(values[i])) {
                    return fetched.timestampAt(i);
                }
            }
        }
        return 0;
    }

    private MetricLifecycle.Waiting waiting(List<TimeSeriesPoint> points) {
        long oldest = Long.MAX_VALUE;
        long newest = 0;
        for (TimeSeriesPoint point : points) {
            oldest = Math.min(oldest, point.timestamp());
            newest = Math.max(newest, point.timestamp());
        }
        return new MetricLifecycle.Waiting(points.size(), points.isEmpty() ? 0 : oldest, newest,
                logged);
    }
}
