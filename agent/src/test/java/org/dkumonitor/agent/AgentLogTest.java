package org.dkumonitor.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class AgentLogTest {

    @Test
    void stampsLinesAsCoreLogsDoesInTheLocalTimeZone() {
        for (String zone : new String[] {"UTC", "Europe/Paris", "America/St_Johns",
            "Asia/Kolkata"}) {
            DateTimeFormatter logs = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                    .withZone(ZoneId.of(zone));
            for (long millis : instants()) {
                StringBuilder line = new StringBuilder();
                AgentLog.timestamp(line, millis, TimeZone.getTimeZone(zone).getOffset(millis));
                assertEquals(logs.format(Instant.ofEpochMilli(millis)), line.toString(),
                        zone + " " + millis);
            }
        }
    }

    /** Edges (epoch, DST changes, leap days, century years) and a day's worth of spread. */
    private static long[] instants() {
        long[] edges = {0, -1, 1_800_000_000_007L, 1_711_846_799_999L, 1_711_846_800_000L,
            951_825_600_123L, 951_868_799_999L, 4_102_444_799_999L, 4_107_542_400_000L,
            253_400_000_000_000L};
        long[] all = new long[edges.length + 2000];
        System.arraycopy(edges, 0, all, 0, edges.length);
        java.util.Random random = new java.util.Random(6);
        for (int i = edges.length; i < all.length; i++) {
            all[i] = random.nextLong(0, 10_000_000_000_000L);
        }
        return all;
    }

    @Test
    void writesOneLinePerEventWithLevelAndClassName() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgentLog.to(new PrintStream(out, true, UTF_8));
        try {
            AgentLog.of(HostAgent.class).info("collecting");
            AgentLog.of(AgentLogTest.class).warning("cannot send");
        } finally {
            AgentLog.to(System.err);
        }
        String[] lines = out.toString(UTF_8).split(System.lineSeparator());
        assertEquals(2, lines.length);
        assertTrue(lines[0].matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}"
                + " INFO  HostAgent: collecting"), lines[0]);
        assertTrue(lines[1].endsWith(" WARNING AgentLogTest: cannot send"), lines[1]);
    }
}
