package org.dkumonitor.server.clickhouse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the rollup a ClickHouse server merges by ({@code system.graphite_retentions}) with
 * the one storage-schemas.conf and storage-aggregation.conf give, so that a server whose
 * config was not updated is found: reads choose steps by our rules and would not match what
 * its merges keep.
 */
public final class RollupCheck {

    private RollupCheck() {
    }

    /** The differences, one line each; empty when the server has our rollup. */
    public static List<String> differences(ClickHouseHttp http, URI url, RollupRules rules,
            String section) {
        List<String> expected = new ArrayList<>();
        for (RollupRules.Rule rule : rules.rules()) {
            for (RollupRules.Age age : rule.ages()) {
                expected.add((rule.regex() == null ? "" : rule.regex()) + " " + rule.function()
                        + " " + age.age() + ":" + age.precision());
            }
        }
        List<String> actual = new ArrayList<>();
        String sql = "SELECT regexp, function, age, precision FROM system.graphite_retentions"
                + " WHERE config_name = " + Sql.literal(section)
                + " ORDER BY priority, age FORMAT RowBinary";
        http.query(sql, body -> {
            RowBinaryInput in = new RowBinaryInput(body);
            while (!in.atEnd()) {
                String regexp = in.string();
                String function = in.string();
                long age = in.uint64();
                long precision = in.uint64();
                actual.add(regexp + " " + function + " " + age + ":" + precision);
            }
            return null;
        });
        List<String> differences = new ArrayList<>();
        if (actual.isEmpty()) {
            differences.add(url + " has no " + section + " section: add the one dkmadmin"
                    + " clickhouse schema prints to its config (a file in config.d/) and"
                    + " restart it");
            return differences;
        }
        for (String line : expected) {
            if (!actual.contains(line)) {
                differences.add(url + " lacks the rule " + line);
            }
        }
        for (String line : actual) {
            if (!expected.contains(line)) {
                differences.add(url + " has a rule storage-schemas.conf does not give: " + line);
            }
        }
        return differences;
    }
}
