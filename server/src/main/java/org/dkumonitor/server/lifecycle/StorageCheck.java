package org.dkumonitor.server.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageRules;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.whisper.WhisperException;
import org.dkumonitor.server.whisper.WhisperFile;
import org.dkumonitor.server.whisper.WhisperHeader;
import org.dkumonitor.server.whisper.WhisperResize;

/**
 * Which whisper files disagree with the rules in force: archives other than their
 * storage-schemas.conf section gives, or an aggregation method or xFilesFactor other than their
 * storage-aggregation.conf section gives. Carbon applies rules only when it creates a file, and
 * nothing tells that the files and the config went apart; this does, per rule, with a count and
 * an example, and lists the files for {@code dkmadmin storage check} and
 * {@code storage resize}. Reads each file's header only (one small read per file).
 */
public final class StorageCheck {

    /** A file that disagrees, with the layout the rules want and the one it has. */
    public record Mismatch(String metric, Path path, WhisperResize.Layout expected,
            WhisperResize.Layout actual) {

        public boolean archivesDiffer() {
            return !expected.archives().equals(actual.archives());
        }

        public boolean aggregationDiffers() {
            return expected.method() != actual.method()
                    || Float.compare(expected.xFilesFactor(), actual.xFilesFactor()) != 0;
        }
    }

    /** The files one rule disagrees with: where the rule is, what it says, how many, e.g. */
    public record RuleCount(String file, String rule, int line, String says, long files,
            String example) {
    }

    /** A whole check: files read, those that disagree (grouped by rule), those unreadable. */
    public record Report(long files, List<Mismatch> mismatches, List<RuleCount> byRule,
            List<String> unreadable, List<Path> staleTemporaries) {
    }

    private StorageCheck() {
    }

    /** Checks the metrics {@code glob} matches (all when null) under {@code root}. */
    static Report run(Path root, MetricGlob glob, StorageRules rules) throws IOException {
        TreeScan.Result scan = TreeScan.scan(root, glob == null ? null : glob.literalPrefix());
        StorageSchemas schemas = rules.schemas();
        StorageAggregation aggregation = rules.aggregation();
        List<Mismatch> mismatches = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, RuleCount> rulesSeen = new LinkedHashMap<>();
        long files = 0;
        for (TreeScan.Entry entry : scan.files()) {
            if (glob != null && !glob.matches(entry.metric())) {
                continue;
            }
            files++;
            WhisperHeader header;
            try (WhisperFile file = WhisperFile.open(entry.path(), false)) {
                header = file.header();
            } catch (WhisperException e) {
                unreadable.add(entry.metric() + ": " + e.getMessage());
                continue;
            }
            StorageSchemas.Schema schema = schemas.schemaFor(entry.metric());
            StorageAggregation.Rule rule = aggregation.ruleFor(entry.metric());
            WhisperResize.Layout expected = new WhisperResize.Layout(schema.retentions(),
                    rule.method(), rule.xFilesFactor());
            if (expected.matches(header)) {
                continue;
            }
            Mismatch mismatch = new Mismatch(entry.metric(), entry.path(), expected,
                    new WhisperResize.Layout(WhisperResize.retentions(header),
                            header.aggregation(), header.xFilesFactor()));
            mismatches.add(mismatch);
            if (mismatch.archivesDiffer()) {
                count(counts, rulesSeen, new RuleCount(name(rules.schemasFile()), schema.name(),
                        schema.line(), "retentions = " + retentions(schema), 0,
                        entry.path().toString()));
            }
            if (mismatch.aggregationDiffers()) {
                count(counts, rulesSeen, new RuleCount(name(rules.aggregationFile()),
                        rule.name(), rule.line(), "aggregationMethod = "
                        + rule.method().configName() + ", xFilesFactor = "
                        + rule.xFilesFactor(), 0, entry.path().toString()));
            }
        }
        List<RuleCount> byRule = new ArrayList<>();
        rulesSeen.forEach((key, first) -> byRule.add(new RuleCount(first.file(), first.rule(),
                first.line(), first.says(), counts.get(key)[0], first.example())));
        return new Report(files, mismatches, byRule, unreadable, scan.staleTemporaries());
    }

    private static void count(Map<String, long[]> counts, Map<String, RuleCount> first,
            RuleCount rule) {
        String key = rule.file() + "\u0000" + rule.rule();
        first.putIfAbsent(key, rule);
        counts.computeIfAbsent(key, k -> new long[1])[0]++;
    }

    static String retentions(StorageSchemas.Schema schema) {
        StringBuilder text = new StringBuilder();
        schema.retentions().forEach(r -> text.append(text.isEmpty() ? "" : ",").append(r));
        return text.toString();
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }
}
