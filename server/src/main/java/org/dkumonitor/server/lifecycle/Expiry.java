package org.dkumonitor.server.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.dkumonitor.server.cache.MetricCache;

/**
 * Removes metrics not updated for a while ({@code storage.expireAfter}, or
 * {@code dkmadmin metrics expire --older-than}): those whose file was last written longer ago
 * than that and that have no point waiting in the cache.
 *
 * <p>The daily run lists before it removes: a metric is removed only when the previous day's
 * run listed it too (logged with a count and examples), so a new setting or a server just
 * started removes nothing on its first day. The clock is not trusted blindly: when every file
 * looks older than the limit (a clock far ahead, or nothing received for that long), nothing is
 * removed and that is said; files written "in the future" (a clock set back) are never stale.
 */
public final class Expiry {

    private static final Logger LOG = Logger.getLogger(Expiry.class.getName());
    private static final int EXAMPLES = 5;

    /** What an expiry found (and removed, when applied); {@code refused} says why not. */
    public record Result(long olderThanSeconds, long files, List<String> metrics,
            long inTheFuture, boolean applied, String refused) {
    }

    private final Path root;
    private final MetricCache cache;
    private final WhisperLifecycle lifecycle;
    private final InstantSource clock;
    private Set<String> listedBefore = Set.of();

    public Expiry(Path root, MetricCache cache, WhisperLifecycle lifecycle, InstantSource clock) {
        this.root = root;
        this.cache = cache;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** Finds the stale metrics and, with {@code apply}, removes them. */
    public Result run(long olderThanSeconds, boolean apply, boolean force) {
        if (olderThanSeconds < 3600) {
            throw new LifecycleException("an expiry age under an hour would remove metrics"
                    + " between two of their points: give one of an hour or more, such as 30d");
        }
        long now = clock.instant().getEpochSecond();
        long limit = now - olderThanSeconds;
        List<TreeScan.Entry> files;
        try {
            files = TreeScan.scan(root, null).files();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        List<String> stale = new ArrayList<>();
        long newest = 0;
        long future = 0;
        for (TreeScan.Entry entry : files) {
            newest = Math.max(newest, entry.modified());
            if (entry.modified() > now + 3600) {
                future++;
            } else if (entry.modified() < limit && cache.read(entry.metric()).isEmpty()) {
                stale.add(entry.metric());
            }
        }
        if (future > 0) {
            LOG.warning(future + " whisper files were written after this server's clock (more"
                    + " than an hour ahead of it): is the clock set back? They are not expired");
        }
        if (!files.isEmpty() && stale.size() == files.size() && !force) {
            return new Result(olderThanSeconds, files.size(), stale, future, false,
                    "every metric looks older than the limit (the newest file was written "
                            + (now - newest) / 86_400 + " days before this server's clock): the"
                            + " clock may be ahead, or nothing was received for that long;"
                            + " nothing removed (force=1 removes them anyway)");
        }
        if (apply && !stale.isEmpty()) {
            lifecycle.deleteExactly(stale);
            LOG.info("expired " + stale.size() + " metrics not updated for "
                    + olderThanSeconds / 86_400 + " days, e.g. " + examples(stale));
        }
        return new Result(olderThanSeconds, files.size(), stale, future, apply, null);
    }

    /**
     * The daily run: removes what the previous run listed and is still stale, and lists the
     * rest for the next run.
     */
    public synchronized void daily(long olderThanSeconds) {
        Result found = run(olderThanSeconds, false, false);
        if (found.refused() != null) {
            LOG.warning("expire: " + found.refused());
            return;
        }
        List<String> remove = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (String metric : found.metrics()) {
            (listedBefore.contains(metric) ? remove : listed).add(metric);
        }
        if (!remove.isEmpty()) {
            lifecycle.deleteExactly(remove);
            LOG.info("expired " + remove.size() + " metrics not updated for "
                    + olderThanSeconds / 86_400 + " days (listed yesterday), e.g. "
                    + examples(remove));
        }
        if (!listed.isEmpty()) {
            LOG.info("expire (dry run): " + listed.size() + " metrics not updated for "
                    + olderThanSeconds / 86_400 + " days will be removed at the next daily run"
                    + " unless they get points, e.g. " + examples(listed)
                    + "; dkmadmin metrics expire lists them all");
        }
        listedBefore = new HashSet<>(listed);
    }

    private static String examples(List<String> metrics) {
        return String.join(", ", metrics.subList(0, Math.min(EXAMPLES, metrics.size())))
                + (metrics.size() > EXAMPLES ? ", ..." : "");
    }
}
