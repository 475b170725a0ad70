package org.dkumonitor.server.quota;

import java.util.regex.Pattern;

/**
 * One quota: metrics whose name the pattern is found in (the first quota that matches counts a
 * metric, as the first storage rule that matches gives its schema) may be at most
 * {@code maxMetrics} (0: no limit), and at most {@code maxNewPerMinute} of their files are
 * created a minute (0: no limit; the rest wait, they are not dropped).
 */
public record Quota(Pattern pattern, long maxMetrics, int maxNewPerMinute) {

    public Quota {
        if (maxMetrics < 0 || maxNewPerMinute < 0) {
            throw new IllegalArgumentException("quota limits must be 0 or more");
        }
    }

    boolean matches(String metric) {
        return pattern.matcher(metric).find();
    }

    @Override
    public String toString() {
        return "'" + pattern.pattern() + "'";
    }
}
