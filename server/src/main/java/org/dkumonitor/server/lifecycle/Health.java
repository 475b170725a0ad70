package org.dkumonitor.server.lifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * What is not working, for {@code /health}: each check adds problems (the server does not do
 * its job: a dead thread, a store it cannot write, a full disk) or warnings (it does, degraded:
 * metrics set aside, a full cache slowing the senders down). The answer is computed when
 * asked, from the live state, never cached.
 */
public final class Health {

    /** One check: appends what it finds. */
    @FunctionalInterface
    public interface Check {
        void run(List<String> problems, List<String> warnings);
    }

    /** The outcome: healthy when there is no problem (warnings may remain). */
    public record Report(List<String> problems, List<String> warnings) {

        public Report {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }

        public boolean healthy() {
            return problems.isEmpty();
        }
    }

    private final List<Check> checks = new ArrayList<>();

    public Health add(Check check) {
        checks.add(check);
        return this;
    }

    public Report report() {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Check check : checks) {
            try {
                check.run(problems, warnings);
            } catch (RuntimeException e) {
                problems.add("a health check failed: " + e);
            }
        }
        return new Report(problems, warnings);
    }
}
