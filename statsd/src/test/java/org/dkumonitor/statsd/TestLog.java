package org.dkumonitor.statsd;

import java.util.ArrayList;
import java.util.List;

/** A {@link StatsdLog} that keeps what it was told. */
final class TestLog implements StatsdLog {

    static final TestLog QUIET = new TestLog();

    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public synchronized void warning(String message) {
        lines.add("WARNING " + message);
    }
}
