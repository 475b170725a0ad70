package org.dkumonitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dkumonitor.core.config.ConfigException;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    private static final String BASE = "carbon:\n  listen: 127.0.0.1\n  plaintextPort: 1\n"
            + "api:\n  listen: 127.0.0.1\n  port: 2\n";

    private static ServerConfig parse(String storage) {
        return YamlConfigLoader.parse("server.yaml", BASE + "storage:\n" + storage,
                ServerConfig.class);
    }

    @Test
    void readsQuotasAndTheExpiryAge() {
        ServerConfig config = parse("  expireAfter: 30d\n  quotas:\n"
                + "    - pattern: '^apps\\.'\n      maxMetrics: 1000\n      maxNewPerMinute: 60\n"
                + "    - pattern: '^tmp\\.'\n      maxNewPerMinute: 10\n");
        assertEquals(30 * 86_400L, config.storage().expireAfterSeconds());
        assertEquals(2, config.storage().quotas().size());
        assertEquals(1000L, config.storage().quotas().get(0).maxMetrics());
        assertEquals(0L, config.storage().quotas().get(1).maxMetrics(), "no limit");
        assertEquals(0, parse("  workers: 1\n").storage().expireAfterSeconds());
    }

    @Test
    void aQuotaPatternThatDoesNotCompileIsAnErrorWithItsPlace() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(
                "  quotas:\n    - pattern: 'apps.(unclosed'\n      maxMetrics: 10\n"));
        assertTrue(e.getMessage().startsWith("server.yaml:9:"), e.getMessage());
        assertTrue(e.getMessage().contains("storage.quotas[0].pattern"), e.getMessage());
        assertTrue(e.getMessage().contains("regular expression"), e.getMessage());
    }

    @Test
    void aBadExpiryAgeOrLimitIsAnErrorWithItsPlace() {
        ConfigException age = assertThrows(ConfigException.class,
                () -> parse("  expireAfter: 30 days\n"));
        assertTrue(age.getMessage().contains("storage.expireAfter"), age.getMessage());
        assertTrue(age.getMessage().contains("30d"), age.getMessage());
        ConfigException limit = assertThrows(ConfigException.class, () -> parse(
                "  quotas:\n    - pattern: x\n      maxMetrics: 0\n"));
        assertTrue(limit.getMessage().contains("maxMetrics"), limit.getMessage());
    }

    @Test
    void batchingIsOnByDefaultAndBoundedBelowTheSteadyDelayTarget() {
        assertEquals(20, parse("  workers: 1\n").storage().batchSeconds());
        assertEquals(0, parse("  batchSeconds: 0\n").storage().batchSeconds());
        assertEquals(20, parse("  batchSeconds: 20\n").storage().batchSeconds());
        ConfigException tooLong = assertThrows(ConfigException.class,
                () -> parse("  batchSeconds: 60\n"));
        assertTrue(tooLong.getMessage().contains("batchSeconds"), tooLong.getMessage());
    }
}
