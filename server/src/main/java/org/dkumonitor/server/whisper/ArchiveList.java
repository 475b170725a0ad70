package org.dkumonitor.server.whisper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Validates a list of archives for a new whisper file, with whisper's rules: sorted finest first,
 * no two of the same precision, each precision dividing the next, retention strictly growing, and
 * each archive holding enough points to fill one slot of the next.
 */
public final class ArchiveList {

    private ArchiveList() {
    }

    public static List<Retention> validate(List<Retention> archives) {
        if (archives.isEmpty()) {
            throw new WhisperException("a whisper file needs at least one archive");
        }
        List<Retention> sorted = new ArrayList<>(archives);
        sorted.sort(Comparator.comparingInt(Retention::secondsPerPoint));
        for (int i = 0; i + 1 < sorted.size(); i++) {
            Retention finer = sorted.get(i);
            Retention coarser = sorted.get(i + 1);
            if (finer.secondsPerPoint() == coarser.secondsPerPoint()) {
                throw invalid(sorted, "two archives have the same precision "
                        + finer.secondsPerPoint() + "s");
            }
            if (coarser.secondsPerPoint() % finer.secondsPerPoint() != 0) {
                throw invalid(sorted, "precision " + coarser.secondsPerPoint()
                        + "s is not a multiple of the finer " + finer.secondsPerPoint() + "s");
            }
            if (coarser.retentionSeconds() <= finer.retentionSeconds()) {
                throw invalid(sorted, "archive " + coarser + " does not keep longer than " + finer);
            }
            int needed = coarser.secondsPerPoint() / finer.secondsPerPoint();
            if (finer.points() < needed) {
                throw invalid(sorted, "archive " + finer + " has fewer than the " + needed
                        + " points needed to fill one slot of " + coarser);
            }
        }
        return List.copyOf(sorted);
    }

    private static WhisperException invalid(List<Retention> archives, String why) {
        return new WhisperException("invalid archive list " + archives + ": " + why);
    }
}
