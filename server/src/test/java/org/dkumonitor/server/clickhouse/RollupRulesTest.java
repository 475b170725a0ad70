package org.dkumonitor.server.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The graphite_rollup the installer's storage rules give, pinned in a golden file that Debian's
 * ClickHouse 18.16 loads (ClickHouseStoreTest checks a server reads its twin back), and the
 * step and function reads choose from it.
 */
class RollupRulesTest {

    private static RollupRules installerDefaults() throws IOException {
        return RollupRules.from(StorageSchemas.parse("storage-schemas.conf",
                template("storage-schemas.conf")), StorageAggregation.parse(
                        "storage-aggregation.conf", template("storage-aggregation.conf")));
    }

    private static String template(String name) throws IOException {
        try (InputStream in = RollupRulesTest.class.getClassLoader().getResourceAsStream(
                "org/dkumonitor/templates/conf/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theInstallersRulesGiveThePinnedRollupSection() throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("graphite_rollup.xml")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(golden, ClickHouseSchema.rollupConfig(installerDefaults(),
                "graphite_rollup"));
        assertEquals(List.of(), installerDefaults().warnings());
    }

    @ParameterizedTest
    @CsvSource({
        "carbon.agents.h.cpu, 0, 60, avg",
        "carbon.agents.h.count, 100000, 60, sum",
        "host.cpu.user, 0, 10, avg",
        "host.cpu.user, 86399, 10, avg",
        "host.cpu.user, 86400, 60, avg",
        "host.cpu.user, 2592000, 3600, avg",
        "host.rx.count, 3000000, 3600, sum",
        "host.latency.max, 10, 10, max",
        "host.latency.min, 10, 10, min"})
    void readsChooseTheStepOfTheRequestsAgeAndTheSectionsFunction(String metric, long age,
            int step, String function) throws IOException {
        RollupRules.Rule rule = installerDefaults().ruleFor(metric);
        assertEquals(step, rule.precision(age));
        assertEquals(function, rule.function());
    }

    @Test
    void whatClickHouseCannotDoIsAWarning() {
        RollupRules rules = RollupRules.from(StorageSchemas.parse("s", "[a]\npattern = .*\n"
                + "retentions = 10s:1d\n"), StorageAggregation.parse("a", "[z]\npattern = \\.z$\n"
                + "aggregationMethod = avg_zero\n[l]\npattern = (?!x)y\n"
                + "aggregationMethod = last\n"));
        assertEquals("anyLast", rules.ruleFor("a.y").function());
        assertEquals("avg", rules.ruleFor("a.z").function());
        assertTrue(rules.warnings().stream().anyMatch(w -> w.contains("no avg_zero")),
                rules.warnings().toString());
        assertTrue(rules.warnings().stream().anyMatch(w -> w.contains("(re2) refuses")),
                rules.warnings().toString());
    }
}
