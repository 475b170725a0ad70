package org.dkumonitor.server.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;

/**
 * The rollup of ClickHouse's GraphiteMergeTree, derived from storage-schemas.conf and
 * storage-aggregation.conf so that whisper and ClickHouse keep the same resolutions: the
 * {@code graphite_rollup} patterns ClickHouse merges by, and the same patterns read back here to
 * choose a query's step and function exactly as ClickHouse and graphite-clickhouse do.
 *
 * <p>Why pairs: ClickHouse 18.16 takes the first pattern whose regexp is found in a path, and
 * insists that every pattern has a function, while carbon picks a schema and an aggregation
 * separately. So schema section i and aggregation section j become the pattern
 * "i's regex and j's regex" ({@link RegexConjunction}), in the order (i, j) with i major: the
 * first pattern a path matches is then its first schema with its first aggregation. The pair
 * of the two catch-alls (carbon's built-in defaults when the files have none) is the
 * {@code default}.
 *
 * <p>Retentions: archive {@code k} of a schema ({@code precision:points}) is used for data at
 * least as old as archive {@code k-1} covers, i.e. {@code age = precision(k-1) * points(k-1)}.
 * Functions: average is {@code avg}, last {@code anyLast}; avg_zero, absmax and absmin have no
 * ClickHouse aggregate and become avg, max and min (with a warning). xFilesFactor has no
 * counterpart: ClickHouse keeps any bucket with a point in it.
 */
public final class RollupRules {

    /** Data at least {@code age} seconds old is kept at {@code precision} seconds a point. */
    public record Age(long age, int precision) {
    }

    /**
     * One rollup pattern: {@code regex} null for the default; {@code function} is ClickHouse's
     * aggregate function name; {@code source} names the sections it came from.
     */
    public record Rule(String regex, String function, List<Age> ages, String source) {

        public Rule {
            ages = List.copyOf(ages);
        }

        /** The precision for data of this age: the oldest age step not older than it. */
        public int precision(long age) {
            int precision = ages.get(0).precision();
            for (Age step : ages) {
                if (age < step.age()) {
                    break;
                }
                precision = step.precision();
            }
            return precision;
        }
    }

    private final List<Rule> rules;
    private final List<Pattern> compiled;
    private final List<String> warnings;

    RollupRules(List<Rule> rules, List<String> warnings) {
        this.rules = List.copyOf(rules);
        this.warnings = List.copyOf(warnings);
        this.compiled = new ArrayList<>();
        for (Rule rule : this.rules) {
            compiled.add(rule.regex() == null ? null : Pattern.compile(rule.regex()));
        }
    }

    public static RollupRules from(StorageSchemas schemas, StorageAggregation aggregation) {
        List<StorageSchemas.Schema> schemaList = new ArrayList<>(schemas.schemas());
        schemaList.add(StorageSchemas.FALLBACK);
        List<StorageAggregation.Rule> aggregationList = new ArrayList<>(aggregation.rules());
        aggregationList.add(StorageAggregation.DEFAULT);
        List<String> warnings = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        for (StorageSchemas.Schema schema : schemaList) {
            String schemaRegex = schema.pattern().pattern();
            warnIfNotRe2(schemaRegex, "storage-schemas.conf [" + schema.name() + "]", warnings);
            List<Age> ages = ages(schema.retentions());
            for (StorageAggregation.Rule rule : aggregationList) {
                String ruleRegex = rule.pattern().pattern();
                RegexConjunction both = RegexConjunction.of(schemaRegex, ruleRegex);
                if (both.never()) {
                    continue;
                }
                String source = "[" + schema.name() + "] x [" + rule.name() + "]";
                if (both.approximate()) {
                    warnings.add(source + ": '" + schemaRegex + "' and '" + ruleRegex + "' are"
                            + " paired as '" + both.regex() + "', which misses names where the"
                            + " two matches overlap");
                }
                boolean everything = RegexConjunction.matchesEverything(both.regex());
                if (!everything && rules.stream().anyMatch(r -> both.regex().equals(r.regex()))) {
                    continue; // an earlier pattern takes every name this one would
                }
                String function = function(rule.method(), source, warnings);
                rules.add(new Rule(everything ? null : both.regex(), function, ages, source));
                if (RegexConjunction.matchesEverything(ruleRegex)) {
                    break; // later aggregation sections are never reached for this schema
                }
            }
            if (RegexConjunction.matchesEverything(schemaRegex)) {
                break; // later schemas are never reached
            }
        }
        // warnings of the sections the aggregation file names, once each
        for (StorageAggregation.Rule rule : aggregation.rules()) {
            warnIfNotRe2(rule.pattern().pattern(), "storage-aggregation.conf [" + rule.name()
                    + "]", warnings);
        }
        return new RollupRules(rules, warnings.stream().distinct().toList());
    }

    private static List<Age> ages(List<Retention> retentions) {
        List<Age> ages = new ArrayList<>();
        long age = 0;
        for (Retention retention : retentions) {
            ages.add(new Age(age, retention.secondsPerPoint()));
            age = retention.retentionSeconds();
        }
        return ages;
    }

    private static String function(AggregationMethod method, String source,
            List<String> warnings) {
        return switch (method) {
            case AVERAGE -> "avg";
            case SUM -> "sum";
            case LAST -> "anyLast";
            case MAX -> "max";
            case MIN -> "min";
            case AVG_ZERO, ABSMAX, ABSMIN -> {
                String near = method == AggregationMethod.AVG_ZERO ? "avg"
                        : method == AggregationMethod.ABSMAX ? "max" : "min";
                warnings.add(source + ": ClickHouse has no " + method.configName()
                        + " aggregate; rolled up with " + near);
                yield near;
            }
        };
    }

    /** ClickHouse compiles patterns with re2, which lacks lookaround and back-references. */
    private static void warnIfNotRe2(String regex, String where, List<String> warnings) {
        for (String construct : List.of("(?=", "(?!", "(?<=", "(?<!", "(?>", "*+", "++", "?+")) {
            if (regex.contains(construct)) {
                warnings.add(where + ": pattern '" + regex + "' uses " + construct
                        + ", which ClickHouse's regex engine (re2) refuses");
                return;
            }
        }
        try {
            if (Pattern.compile("\\\\[1-9]").matcher(regex).find()) {
                warnings.add(where + ": pattern '" + regex + "' uses a back-reference, which"
                        + " ClickHouse's regex engine (re2) refuses");
            }
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    /** What could not be carried over exactly, one line each. */
    public List<String> warnings() {
        return warnings;
    }

    /** The rule ClickHouse applies to a path: the first whose regexp is found in it. */
    public Rule ruleFor(String path) {
        for (int i = 0; i < rules.size(); i++) {
            Pattern pattern = compiled.get(i);
            if (pattern == null || pattern.matcher(path).find()) {
                return rules.get(i);
            }
        }
        return rules.get(rules.size() - 1);
    }
}
