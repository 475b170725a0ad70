package org.dkumonitor.statsd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A {@link FlushOutput} that keeps the lines written, for tests. */
final class Captured implements FlushOutput {

    private final StringBuilder text = new StringBuilder();
    int chunks;
    int lines;

    @Override
    public synchronized void write(byte[] bytes, int length, int count) {
        text.append(new String(bytes, 0, length, StandardCharsets.UTF_8));
        chunks++;
        lines += count;
    }

    /** The lines written since the last take. */
    synchronized List<String> take() {
        List<String> taken = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            if (!line.isEmpty()) {
                taken.add(line);
            }
        }
        text.setLength(0);
        return taken;
    }
}
