package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeriodTest {

    private static ZonedDateTime at(long epochSecond, ZoneId zone) {
        return ZonedDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), zone);
    }

    @Test
    void bucketsAsGottWallsStorageOnAUtcServer() {
        JsonNode vectors = Vectors.expected().get("buckets_TZ_UTC");
        for (Map.Entry<String, JsonNode> vector : vectors.properties()) {
            long ts = Long.parseLong(vector.getKey());
            for (Period period : Period.values()) {
                if (period == Period.ALL) {
                    continue;
                }
                assertEquals(vector.getValue().get(period.wireName()).asLong(), period.start(
                        at(ts, ZoneOffset.UTC)).toEpochSecond(), ts + " " + period);
            }
        }
    }

    @Test
    void aWeekStartsOnMondayAndADayFollowsTheZonesClock() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        // Sunday 2014-03-30 12:00 in Paris, the day clocks went forward: 23 hours long
        ZonedDateTime sunday = ZonedDateTime.of(2014, 3, 30, 12, 0, 0, 0, paris);
        assertEquals(ZonedDateTime.of(2014, 3, 24, 0, 0, 0, 0, paris), Period.WEEK.start(sunday));
        ZonedDateTime day = Period.DAY.start(sunday);
        assertEquals(23 * 3600, Period.DAY.next(day).toEpochSecond() - day.toEpochSecond());
        assertEquals(ZonedDateTime.of(2014, 3, 1, 0, 0, 0, 0, paris), Period.MONTH.start(sunday));
        assertEquals(ZonedDateTime.of(2014, 4, 1, 0, 0, 0, 0, paris),
                Period.MONTH.next(Period.MONTH.start(sunday)));
        assertEquals(ZonedDateTime.of(2014, 1, 1, 0, 0, 0, 0, paris), Period.YEAR.start(sunday));
        assertEquals(Period.WEEK, Period.of("week"));
        assertEquals(null, Period.of("fortnight"));
    }
}
