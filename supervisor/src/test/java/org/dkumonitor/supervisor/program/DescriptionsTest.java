package org.dkumonitor.supervisor.program;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DescriptionsTest {

    @ParameterizedTest(name = "{0} s is {1}")
    @CsvSource(delimiter = '|', value = {
        "0|0:00:00",
        "7|0:00:07",
        "3723|1:02:03",
        "86399|23:59:59",
        "86400|1 day, 0:00:00",
        "180123|2 days, 2:02:03",
    })
    void showsUptimeAsPythonsTimedelta(long seconds, String shown) {
        assertEquals(shown, Descriptions.uptime(Duration.ofSeconds(seconds)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2026-11-23T11:11:23Z|Nov 23 11:11 AM",
        "2026-01-05T23:59:00Z|Jan 05 11:59 PM",
    })
    void showsStopTimesAsSupervisordDoes(String at, String shown) {
        Instant instant = Instant.parse(at);
        assertEquals(shown, Descriptions.describe(new ProgramState.Stopped(instant), instant,
                ZoneOffset.UTC));
        assertEquals(shown, Descriptions.describe(new ProgramState.Exited(instant, 0, true),
                instant, ZoneOffset.UTC));
    }
}
