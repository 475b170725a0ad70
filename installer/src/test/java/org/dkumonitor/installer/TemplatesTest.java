package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class TemplatesTest {

    @Test
    void replacesEveryPlaceholderAndKeepsTheRest() {
        String agent = Templates.render("conf/agent.yaml", Map.of("HOSTNAME", "h$1\\x",
                "CARBON_SERVER", "10.0.0.1", "CARBON_PORT", "15001", "STATSD", ""));

        assertTrue(agent.contains("hostname: \"h$1\\x\"\n"));
        assertTrue(agent.contains("  - host: \"10.0.0.1\"\n    port: 15001\n"));
    }

    @Test
    void aPlaceholderWithoutValueIsABugNotAnEmptyString() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> Templates.render("conf/agent.yaml", Map.of("HOSTNAME", "h")));
        assertEquals("template conf/agent.yaml uses {{CARBON_SERVER}}, which the installer does"
                + " not set", missing.getMessage());
    }

    @Test
    void aMissingTemplateSaysSo() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> Templates.read("conf/nosuch.yaml"));
        assertEquals("template conf/nosuch.yaml is not in the bundle", missing.getMessage());
    }

    @Test
    void yamlValuesAreEscapedForDoubleQuotes() {
        assertEquals("/srv/a \\\"b\\\" \\\\c", Yaml.escape("/srv/a \"b\" \\c"));
    }
}
