package org.dkumonitor.server.render.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected values were computed by graphite-web's own attime.py (storage spec §5.3). */
class AtTimeTest {

    private static final long NOW = 1_700_000_040L; // 2023-11-14 22:14:00 UTC, a Tuesday

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "now|1700000040", "-1h|1699996440", "-5min|1699999740", "-1d|1699913640",
        "-2w|1698790440", "-1mon|1697408040", "-1y|1668464040", "-1h30min|1699994640",
        "-90s|1699999950", "-1hours|1699996440", "-3 days|1699740840", "+1d|1700086440",
        "1700000000|1700000000", "20231110|1699574400", "14:30_20231110|1699626600",
        "00:00 20231110|1699574400", "midnight|1699920000", "noon|1699963200",
        "teatime|1699977600", "noon yesterday|1699876800", "noonyesterday|1699876800",
        "6pm today|1699984800", "today|1699920000", "yesterday|1699833600",
        "tomorrow|1700006400", "11/10/23|1699574400", "11/10/2023|1699574400",
        "monday|1699833600", "jan 1|1672531200", "january1|1672531200",
        "midnight+1h|1699923600", "now-1h|1699996440", "''|1700000040"})
    void matchesGraphiteWeb(String text, long expected) {
        assertEquals(expected, AtTime.parse(text, ZoneOffset.UTC, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5m", "-h", "bogus", "13/45/2023", "99999999999999999",
        "jan", "25:99", "-99999999y"})
    void refusesWhatGraphiteWebRefuses(String text) {
        assertThrows(TimeFormatException.class, () -> AtTime.parse(text, ZoneOffset.UTC, NOW));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"midnight|1699916400", "20231110|1699570800"})
    void absoluteFormsFollowTheZone(String text, long expected) {
        assertEquals(expected, AtTime.parse(text, ZoneId.of("Europe/Paris"), NOW));
    }
}
