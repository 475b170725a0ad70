package org.dkumonitor.server.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.dkumonitor.server.persist.Persister;
import org.dkumonitor.server.schema.StorageRules;
import org.dkumonitor.server.whisper.Allocation;
import org.dkumonitor.server.whisper.WhisperException;
import org.dkumonitor.server.whisper.WhisperResize;

/**
 * {@code dkmadmin storage resize [GLOB] [--apply]}: rewrites the files that disagree with the
 * rules in force to the layout the rules give them, with whisper-resize's semantics, while the
 * server runs. A dry run (the default) lists them. With apply, files go {@value #BATCH} at a
 * time: the persister holds them (it stops writing them; their new points wait in the cache,
 * readable, and count as not yet on disk, so the write-ahead log keeps them), each is rewritten
 * beside itself and renamed over the old one in one step, then the hold is released and the
 * waiting points are written into the new file. Killed halfway, every file is either the old
 * one or the new one, and a second run finishes the rest; hidden temporary files left by dead
 * processes are removed.
 */
public final class OnlineResize {

    private static final Logger LOG = Logger.getLogger(OnlineResize.class.getName());
    private static final int BATCH = 32;

    /** What a resize found and did. */
    public record Result(StorageCheck.Report check, boolean applied, long resized,
            long pointsCarried, List<String> failed, int temporariesRemoved, double seconds) {
    }

    private final Path root;
    private final StorageRules rules;
    private final Persister persister;
    private final Maintenance maintenance;
    private final InstantSource clock;
    private final Allocation allocation;

    public OnlineResize(Path root, StorageRules rules, Persister persister,
            Maintenance maintenance, InstantSource clock, Allocation allocation) {
        this.root = root;
        this.rules = rules;
        this.persister = persister;
        this.maintenance = maintenance;
        this.clock = clock;
        this.allocation = allocation;
    }

    /** Lists (and with {@code apply} rewrites) the files {@code query} matches (all: null). */
    public Result run(String query, boolean apply) {
        MetricGlob glob = MetricGlob.of(query);
        rules.reloadIfChanged(); // a rule just edited counts now, not at the next periodic look
        return maintenance.operation(() -> {
            long started = System.nanoTime();
            StorageCheck.Report check;
            try {
                check = StorageCheck.run(root, glob, rules);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
            }
            if (!apply) {
                return new Result(check, false, 0, 0, List.of(), 0, seconds(started));
            }
            long resized = 0;
            long carried = 0;
            List<String> failed = new ArrayList<>();
            List<StorageCheck.Mismatch> files = check.mismatches();
            for (int from = 0; from < files.size(); from += BATCH) {
                List<StorageCheck.Mismatch> batch = files.subList(from,
                        Math.min(files.size(), from + BATCH));
                try (Persister.Hold _ = persister.hold(
                        batch.stream().map(StorageCheck.Mismatch::metric).toList(), true)) {
                    for (StorageCheck.Mismatch file : batch) {
                        try {
                            carried += WhisperResize.resize(file.path(), file.expected(),
                                    clock.instant().getEpochSecond(), allocation);
                            resized++;
                        } catch (WhisperException e) {
                            failed.add(file.metric() + ": " + e.getMessage());
                        }
                    }
                }
            }
            int removed = 0;
            for (Path temporary : check.staleTemporaries()) {
                try {
                    removed += Files.deleteIfExists(temporary) ? 1 : 0;
                } catch (IOException e) {
                    failed.add(temporary + ": cannot remove: " + e.getMessage());
                }
            }
            LOG.info("resized " + resized + " whisper files to the rules in force"
                    + (failed.isEmpty() ? "" : "; " + failed.size() + " failed, e.g. "
                    + failed.get(0)));
            return new Result(check, true, resized, carried, failed, removed, seconds(started));
        });
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
