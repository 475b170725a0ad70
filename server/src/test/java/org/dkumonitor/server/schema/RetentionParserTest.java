package org.dkumonitor.server.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dkumonitor.server.whisper.Retention;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Carbon's grammar (spec §1.9), not go-carbon's. */
class RetentionParserTest {

    @ParameterizedTest
    @CsvSource({
        "60:1440, 60, 1440",
        "10s:6h, 10, 2160",
        "1m:1d, 60, 1440",
        "1w:1y, 604800, 52",
        "1m:1440, 60, 1440",
        "1h:3y, 3600, 26280",
    })
    void readsCarbonRetentions(String text, int step, int points) {
        assertEquals(new Retention(step, points), RetentionParser.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1min:1d", "1M:1d", "1s:1mo", "60", "a:b", "0:10", "10:0", "1s:",
        "-1:5", "1m:1s", "99999999999:1"})
    void refusesWhatCarbonRefuses(String text) {
        assertThrows(IllegalArgumentException.class, () -> RetentionParser.parse(text));
    }
}
