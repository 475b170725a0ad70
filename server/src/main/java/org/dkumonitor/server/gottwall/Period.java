package org.dkumonitor.server.gottwall;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * GottWall's periods (spec section 7.1): the calendar bucket a time falls in, in a zone. A week
 * starts on Monday (ISO); {@code all} is one bucket holding everything.
 */
enum Period {
    MINUTE, HOUR, DAY, WEEK, MONTH, YEAR, ALL;

    /** The period named in a request, or null. */
    static Period of(String name) {
        for (Period period : values()) {
            if (period.wireName().equals(name)) {
                return period;
            }
        }
        return null;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The start of the bucket holding {@code time}. */
    ZonedDateTime start(ZonedDateTime time) {
        return switch (this) {
            case MINUTE -> time.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
            case DAY -> time.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> time.truncatedTo(ChronoUnit.DAYS)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case YEAR -> time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
            case ALL -> throw new IllegalStateException("all has a single bucket");
        };
    }

    /** The start of the bucket after the one starting at {@code start}. */
    ZonedDateTime next(ZonedDateTime start) {
        return switch (this) {
            case MINUTE -> start.plusMinutes(1);
            case HOUR -> start.plusHours(1);
            // calendar units: a day across a DST change is 23 or 25 hours
            case DAY -> start.plusDays(1).truncatedTo(ChronoUnit.DAYS);
            case WEEK -> start.plusWeeks(1).truncatedTo(ChronoUnit.DAYS);
            case MONTH -> start.plusMonths(1).truncatedTo(ChronoUnit.DAYS);
            case YEAR -> start.plusYears(1).truncatedTo(ChronoUnit.DAYS);
            case ALL -> throw new IllegalStateException("all has a single bucket");
        };
    }
}
