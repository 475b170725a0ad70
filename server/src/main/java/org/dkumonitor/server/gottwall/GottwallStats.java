package org.dkumonitor.server.gottwall;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.dkumonitor.server.listen.TcpListener;

/**
 * What GottWall's endpoints took and turned away, counted rather than logged per message, and
 * reported among the server's own metrics as {@code gottwall.received},
 * {@code gottwall.rejects.<reason>} and {@code gottwall.authFailures.<reason>}.
 */
public final class GottwallStats {

    private final LongAdder received = new LongAdder();
    private final Map<BadMetricException.Reason, LongAdder> rejects =
            new EnumMap<>(BadMetricException.Reason.class);
    private final Map<AuthException.Reason, LongAdder> authFailures =
            new EnumMap<>(AuthException.Reason.class);
    private volatile TcpListener stream;

    GottwallStats() {
        for (BadMetricException.Reason reason : BadMetricException.Reason.values()) {
            rejects.put(reason, new LongAdder());
        }
        for (AuthException.Reason reason : AuthException.Reason.values()) {
            authFailures.put(reason, new LongAdder());
        }
    }

    void received() {
        received.increment();
    }

    void rejected(BadMetricException.Reason reason) {
        rejects.get(reason).increment();
    }

    void authFailed(AuthException.Reason reason) {
        authFailures.get(reason).increment();
    }

    /** The stream's listener, whose connection counts these report. */
    void streamListener(TcpListener listener) {
        this.stream = listener;
    }

    /** Metrics counted into a series. */
    public long receivedMetrics() {
        return received.sum();
    }

    long rejects(BadMetricException.Reason reason) {
        return rejects.get(reason).sum();
    }

    long authFailures(AuthException.Reason reason) {
        return authFailures.get(reason).sum();
    }

    long refusedConnections() {
        TcpListener listener = stream;
        return listener == null ? 0 : listener.refusedConnections();
    }

    /** Stream connections closed by the idle or the header timeout, or untaken answers. */
    long idleClosed() {
        TcpListener listener = stream;
        return listener == null ? 0 : listener.timedOutConnections();
    }

    /** Every counter by its self-metric name (under {@code gottwall.}), totals since start. */
    public Map<String, Long> totals() {
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("received", received.sum());
        rejects.forEach((reason, count) -> totals.put("rejects." + reason.metricName(),
                count.sum()));
        authFailures.forEach((reason, count) -> totals.put("authFailures."
                + reason.metricName(), count.sum()));
        totals.put("stream.refusedConnections", refusedConnections());
        totals.put("stream.idleClosed", idleClosed());
        return totals;
    }

    /** {@code BAD_SIGNATURE} as {@code badSignature}. */
    static String camelCase(String enumName) {
        String[] words = enumName.toLowerCase(Locale.ROOT).split("_");
        StringBuilder camel = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return camel.toString();
    }
}
