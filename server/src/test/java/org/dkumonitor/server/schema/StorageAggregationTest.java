package org.dkumonitor.server.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dkumonitor.core.config.ConfigException;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageAggregationTest {

    private static final String FILE = """
            [min]
            pattern = \\.min$
            xFilesFactor = 0.1
            aggregationMethod = min

            [count]
            pattern = \\.count$
            aggregationMethod = sum

            [zero]
            pattern = \\.zero$
            aggregationMethod = avg_zero
            """;

    @Test
    void firstMatchGivesMethodAndXff() {
        StorageAggregation rules = StorageAggregation.parse("a.conf", FILE);
        assertEquals(AggregationMethod.MIN, rules.ruleFor("a.b.min").method());
        assertEquals(0.1f, rules.ruleFor("a.b.min").xFilesFactor());
        assertEquals(AggregationMethod.AVG_ZERO, rules.ruleFor("x.zero").method());
    }

    @Test
    void missingKeysAndUnmatchedMetricsGetWhisperDefaults() {
        StorageAggregation rules = StorageAggregation.parse("a.conf", FILE);
        assertEquals(0.5f, rules.ruleFor("hits.count").xFilesFactor());
        assertEquals(AggregationMethod.SUM, rules.ruleFor("hits.count").method());
        assertSame(StorageAggregation.DEFAULT, rules.ruleFor("cpu.user"));
        assertEquals(AggregationMethod.AVERAGE, StorageAggregation.DEFAULT.method());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[a]\npattern = x\nxFilesFactor = 1.5\n",
        "[a]\npattern = x\nxFilesFactor = half\n",
        "[a]\npattern = x\naggregationMethod = median\n",
        "[a]\npattern = x\nmethod = sum\n",
        "[a]\nxFilesFactor = 0\n",
    })
    void refusesBadSectionsWithTheLine(String text) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> StorageAggregation.parse("a.conf", text));
        assertTrue(e.getMessage().startsWith("a.conf:"), e.getMessage());
    }
}
