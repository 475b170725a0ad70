package org.dkumonitor.server.whisper;

/** One archive's resolution: {@code points} slots of {@code secondsPerPoint} each. */
public record Retention(int secondsPerPoint, int points) {

    public Retention {
        if (secondsPerPoint <= 0) {
            throw new IllegalArgumentException("seconds per point must be positive, found "
                    + secondsPerPoint);
        }
        if (points <= 0) {
            throw new IllegalArgumentException("points must be positive, found " + points);
        }
    }

    /** Seconds of history this archive covers. */
    public long retentionSeconds() {
        return (long) secondsPerPoint * points;
    }

    @Override
    public String toString() {
        return secondsPerPoint + ":" + points;
    }
}
