package org.dkumonitor.server.statsd;

import java.util.logging.Logger;
import org.dkumonitor.server.carbon.LineSink;
import org.dkumonitor.server.carbon.PointBatch;
import org.dkumonitor.statsd.FlushOutput;
import org.dkumonitor.statsd.StatsdLog;

/**
 * The server's StatsD flushes go straight into its store (the write-ahead log and cache), with
 * no socket between: each flushed line goes through a {@link LineSink} as if it had come on the
 * carbon port, so it is checked and counted as every received point is (a name no whisper file
 * can hold is refused under the receivers' {@code rejects.name.*} self-metrics), then stored.
 * Called by the flushing thread only; it may wait while the cache is full, which never holds
 * up the StatsD receivers.
 */
public final class StatsdToCache implements FlushOutput {

    private final LineSink sink;

    public StatsdToCache(LineSink sink) {
        this.sink = sink;
    }

    @Override
    public void write(byte[] bytes, int length, int lines) {
        // a batch stamped now: points are judged against the time they are stored
        PointBatch batch = sink.newBatch();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                sink.line(bytes, start, i, batch);
                start = i + 1;
            }
        }
        sink.flush(batch);
    }

    /** java.util.logging, as the rest of the server. */
    public static StatsdLog log() {
        Logger logger = Logger.getLogger(StatsdToCache.class.getName());
        return new StatsdLog() {
            @Override
            public void info(String message) {
                logger.info(message);
            }

            @Override
            public void warning(String message) {
                logger.warning(message);
            }
        };
    }
}
