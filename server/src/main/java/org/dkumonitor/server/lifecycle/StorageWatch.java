package org.dkumonitor.server.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.dkumonitor.server.schema.StorageRules;

/**
 * Checks the whole tree against the rules at start and after every reload of the rules, in the
 * background: the number of files that disagree is a self-metric
 * ({@code storage.mismatchedFiles}), and each rule that files disagree with gets one log line
 * with the count and an example path, and what to run.
 */
public final class StorageWatch {

    private static final Logger LOG = Logger.getLogger(StorageWatch.class.getName());

    private final Path root;
    private final StorageRules rules;
    private volatile long mismatched = -1;

    public StorageWatch(Path root, StorageRules rules) {
        this.root = root;
        this.rules = rules;
    }

    /** Files that disagreed at the last check; -1 before the first one ended. */
    public long mismatched() {
        return mismatched;
    }

    public void check() {
        StorageCheck.Report report;
        try {
            report = StorageCheck.run(root, null, rules);
        } catch (IOException e) {
            LOG.warning("cannot check the whisper files against the rules: " + e.getMessage());
            return;
        }
        mismatched = report.mismatches().size();
        for (StorageCheck.RuleCount rule : report.byRule()) {
            LOG.warning(rule.files() + (rule.files() == 1 ? " whisper file disagrees with "
                    : " whisper files disagree with ") + rule.file() + ":"
                    + rule.line() + " [" + rule.rule() + "] (" + rule.says() + "), e.g. "
                    + rule.example() + "; dkmadmin storage check lists them, dkmadmin storage"
                    + " resize --apply rewrites them");
        }
        if (!report.unreadable().isEmpty()) {
            LOG.warning(report.unreadable().size() + " files under " + root + " are not"
                    + " readable whisper files, e.g. " + report.unreadable().get(0));
        }
        if (report.byRule().isEmpty()) {
            LOG.info("all " + report.files() + " whisper files agree with the storage rules");
        }
    }
}
