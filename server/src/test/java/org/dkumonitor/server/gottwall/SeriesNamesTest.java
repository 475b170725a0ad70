package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dkumonitor.server.metrics.MetricName;
import org.junit.jupiter.api.Test;

class SeriesNamesTest {

    @Test
    void namesTheCounterAndEachFilterValue() {
        String counter = SeriesNames.counter("test_project", "orders");
        assertEquals("gottwall.test_project.orders", counter);
        assertEquals("gottwall.test_project.orders.status.Completed",
                SeriesNames.filtered(counter, "status", "Completed"));
    }

    @Test
    void encodesWhatIsNotAPathNodeReversibly() {
        assertEquals("orders%2Enew", SeriesNames.node("orders.new"));
        assertEquals("100%25", SeriesNames.node("100%"));
        assertEquals("caf%C3%A9", SeriesNames.node("café"));
        assertEquals("a%20b%2Fc%2A%3F%5B%5D%7B%7D", SeriesNames.node("a b/c*?[]{}"));
        assertEquals("%", SeriesNames.node(""));
        assertEquals("", SeriesNames.decode("%"));
        assertEquals("orders.new", SeriesNames.decode("orders%2Enew"));
    }

    @Test
    void everyTextRoundTripsAndMakesAValidName() {
        Random random = new Random(18);
        for (int i = 0; i < 5000; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(12); j > 0; j--) {
                text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x20, 0x2fff)
                        : random.nextInt(0x20, 0x7f));
            }
            String node = SeriesNames.node(text.toString());
            assertEquals(text.toString(), SeriesNames.decode(node));
            assertEquals("gottwall.p." + node, MetricName.validate("gottwall.p." + node));
            assertTrue(node.matches("[A-Za-z0-9_%-]+"), node);
        }
    }

    @Test
    void refusesAPartTooLongForAPathNode() {
        String ok = "x".repeat(MetricName.MAX_NODE_BYTES);
        assertEquals(ok, SeriesNames.node(ok));
        BadMetricException e = assertThrows(BadMetricException.class,
                () -> SeriesNames.node("é".repeat(50)));
        assertEquals(BadMetricException.Reason.BAD_NAME, e.reason());
    }
}
