package org.dkumonitor.server.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dkumonitor.server.whisper.ArchiveInfo;
import org.dkumonitor.server.whisper.FetchResult;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.dkumonitor.server.whisper.WhisperFile;

/**
 * whisper-fill's merge (carbonate's {@code fill_archives}): the points of {@code src} that go
 * where {@code dst} has none, so that writing them into {@code dst} (whisper's
 * {@code update_many}, which places each point by its age) fills the gaps and overwrites
 * nothing. {@code dst}'s archives are walked finest first, each over the time only it covers;
 * every run of empty slots is filled from {@code src}, each stretch of it from the finest
 * archive of {@code src} that still covers it. With no {@code dst} yet, every point of
 * {@code src} is taken, the same way.
 *
 * <p>Unlike carbonate, nothing {@code dst} holds is overwritten: a slot holding 0 is a value, not a
 * gap (carbonate tests the value's truth), and a gap is filled up to its last slot (carbonate's
 * range ends at the first slot after it, whose value it replaces with {@code src}'s). One small
 * class, so that the rename of issue 21 and the cluster move can share it.
 */
public final class WhisperFill {

    private WhisperFill() {
    }

    /** The points to write into {@code dst} (null: it does not exist), newest first. */
    public static List<TimeSeriesPoint> gapPoints(WhisperFile src, WhisperFile dst, long now) {
        List<TimeSeriesPoint> points = new ArrayList<>();
        if (dst == null) {
            fill(src, now - src.header().maxRetention() - 1, now, now, points);
            return points;
        }
        List<ArchiveInfo> archives = new ArrayList<>(dst.header().archives());
        archives.sort(Comparator.comparingLong(ArchiveInfo::retention));
        long startFrom = now;
        for (ArchiveInfo archive : archives) {
            long fromTime = now - archive.retention();
            if (fromTime >= startFrom) {
                continue;
            }
            FetchResult fetched = dst.fetch(fromTime, startFrom, now);
            if (fetched != null) {
                long slot = fetched.from();
                long gapStart = -1;
                for (double value : fetched.values()) {
                    if (Double.isNaN(value)) {
                        if (gapStart < 0) {
                            gapStart = slot;
                        }
                    } else if (gapStart >= 0) {
                        // up to the gap's last slot: carbonate's range also takes src's value
                        // of the slot after it, overwriting what dst has there
                        fill(src, gapStart - fetched.step(), slot - fetched.step(), now,
                                points);
                        gapStart = -1;
                    }
                    slot += fetched.step();
                }
                if (gapStart >= 0) {
                    fill(src, gapStart - fetched.step(), fetched.until() - fetched.step(), now,
                            points);
                }
            }
            startFrom = fromTime;
        }
        points.sort(Comparator.comparingLong(TimeSeriesPoint::timestamp).reversed());
        return points;
    }

    /** {@code src}'s points in {@code (start, stop]}, each stretch from its finest archive. */
    private static void fill(WhisperFile src, long start, long stop, long now,
            List<TimeSeriesPoint> into) {
        List<ArchiveInfo> archives = new ArrayList<>(src.header().archives());
        archives.sort(Comparator.comparingLong(ArchiveInfo::retention));
        long until = stop;
        for (ArchiveInfo archive : archives) {
            long oldest = now - archive.retention();
            if (until <= oldest) {
                continue;
            }
            long from = Math.max(oldest, start);
            if (from >= until) {
                return;
            }
            FetchResult fetched = src.fetch(from, until, now);
            if (fetched != null) {
                for (int i = 0; i < fetched.values().length; i++) {
                    if (!Double.isNaN(fetched.values()[i])) {
                        into.add(new TimeSeriesPoint(fetched.timestampAt(i),
                                fetched.values()[i]));
                    }
                }
            }
            until = from;
            if (until <= start) {
                return;
            }
        }
    }
}
