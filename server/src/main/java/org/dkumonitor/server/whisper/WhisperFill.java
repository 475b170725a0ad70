package org.dkumonitor.server.whisper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges one metric's points into another's file the way Graphite's {@code whisper-fill} means
 * to: only where the target has no value (its gaps are filled), never over a value it has, and
 * from the source's finest archive that covers each moment (recent points from the fine
 * archive, older ones from coarser archives, as whisper-fill walks them).
 *
 * <p>Where whisper-fill's own code departs from that intent we keep the intent, and say so: it
 * skips gaps of a single slot, takes a stored 0 for a gap (and overwrites it), and its fetch of
 * a gap also rewrites the slot that ends the gap. Here every empty slot is a gap, 0 is a value,
 * and no known slot is written. The filled points go in with {@code update_many}, so the
 * target's coarser archives are rolled up from its finer ones as usual.
 */
public final class WhisperFill {

    private WhisperFill() {
    }

    /**
     * Fills {@code target}'s gaps from {@code source} (may be null) and then from
     * {@code extra} (points not yet in any file, which win over the source's for the same
     * slot); returns how many points were written.
     */
    public static int fill(WhisperFile source, List<TimeSeriesPoint> extra, WhisperFile target,
            long now) {
        // candidates with a rank: the source's archives finest first (0, 1, ...), extra first
        // of all (-1); for one target slot the best rank wins, and within a rank the latest
        // point (update_many's "last of an interval wins")
        List<TimeSeriesPoint> candidates = new ArrayList<>();
        List<Integer> ranks = new ArrayList<>();
        if (source != null) {
            long coveredFrom = now;
            List<ArchiveInfo> archives = source.header().archives(); // finest first
            for (int rank = 0; rank < archives.size(); rank++) {
                long from = now - archives.get(rank).retention();
                if (from >= coveredFrom) {
                    continue;
                }
                for (TimeSeriesPoint point : WhisperResize.known(source.fetch(from, coveredFrom,
                        now))) {
                    candidates.add(point);
                    ranks.add(rank);
                }
                coveredFrom = from;
            }
        }
        for (TimeSeriesPoint point : extra) {
            candidates.add(point);
            ranks.add(-1);
        }
        List<ArchiveInfo> slots = target.header().archives();
        List<Set<Long>> known = knownIntervals(target, now);
        Map<Slot, Integer> best = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            TimeSeriesPoint point = candidates.get(i);
            long age = now - point.timestamp();
            int index = 0;
            while (index < slots.size() && slots.get(index).retention() < age) {
                index++;
            }
            if (age < 0 || index == slots.size()) {
                continue; // in the future, or older than the target keeps
            }
            int step = slots.get(index).secondsPerPoint();
            long interval = point.timestamp() - Math.floorMod(point.timestamp(), step);
            if (known.get(index).contains(interval)) {
                continue; // never over a value the target has
            }
            Slot slot = new Slot(index, interval);
            Integer kept = best.get(slot);
            if (kept == null || ranks.get(i) < ranks.get(kept) || (ranks.get(i).equals(
                    ranks.get(kept)) && point.timestamp() >= candidates.get(kept).timestamp())) {
                best.put(slot, i);
            }
        }
        List<TimeSeriesPoint> writes = new ArrayList<>(best.size());
        for (int i : best.values()) {
            writes.add(candidates.get(i));
        }
        writes.sort(java.util.Comparator.comparingLong(TimeSeriesPoint::timestamp));
        target.updateMany(writes, now);
        return writes.size();
    }

    private record Slot(int archive, long interval) {
    }

    /** The intervals of each archive of the file that hold a value now. */
    private static List<Set<Long>> knownIntervals(WhisperFile file, long now) {
        List<Set<Long>> known = new ArrayList<>();
        for (ArchiveInfo archive : file.header().archives()) {
            Set<Long> intervals = new HashSet<>();
            for (TimeSeriesPoint point : WhisperResize.known(file.fetch(
                    now - archive.retention(), now, now))) {
                intervals.add(point.timestamp());
            }
            known.add(intervals);
        }
        return known;
    }
}
