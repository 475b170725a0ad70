package org.dkumonitor.agent.statsd;

import java.util.Arrays;
import java.util.List;
import org.dkumonitor.agent.AgentLog;
import org.dkumonitor.core.carbon.CarbonSender;
import org.dkumonitor.statsd.FlushOutput;
import org.dkumonitor.statsd.StatsdLog;

/**
 * The agent's StatsD flushes go where its collectors' rounds go: to every destination's
 * {@link CarbonSender}, so they share its queue, reconnects and disk spool (nothing is lost
 * while the server is away). A flush is handed over in chunks, each copied once into a byte
 * array that every sender queues as it is (no String between); before each, the flushing
 * thread waits (up to {@value #ROOM_WAIT_MILLIS} ms) for room in the sender's memory queue, so
 * a large flush to a live server neither overflows into the spool nor pushes a collection
 * round there, and the heap holds a few chunks at most.
 */
public final class StatsdToSenders implements FlushOutput {

    static final long ROOM_WAIT_MILLIS = 2000;

    private final List<CarbonSender> senders;

    public StatsdToSenders(List<CarbonSender> senders) {
        this.senders = List.copyOf(senders);
    }

    @Override
    public void write(byte[] bytes, int length, int lines) {
        byte[] chunk = Arrays.copyOf(bytes, length);
        for (CarbonSender sender : senders) {
            try {
                sender.awaitRoom(ROOM_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sender.send(chunk, lines);
        }
    }

    /** The agent's log, for the StatsD service. */
    public static StatsdLog log() {
        AgentLog log = AgentLog.of(org.dkumonitor.statsd.StatsdService.class);
        return new StatsdLog() {
            @Override
            public void info(String message) {
                log.info(message);
            }

            @Override
            public void warning(String message) {
                log.warning(message);
            }
        };
    }
}
