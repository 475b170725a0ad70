package org.dkumonitor.server.api;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The requests the API refused (any answer of 400 or more): counted per status for the
 * self-metrics, and logged with the reason and the caller at most once every
 * {@value #LOG_EVERY_MILLIS} ms (the next line says how many went unlogged meanwhile), so an
 * operator whose front end gets empty answers can see why without a flood filling the log.
 */
public final class RefusedRequests {

    static final long LOG_EVERY_MILLIS = 10_000;
    private static final Logger LOG = Logger.getLogger(RefusedRequests.class.getName());

    private final ConcurrentHashMap<Integer, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongSupplier millis;
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder unlogged = new LongAdder();

    public RefusedRequests() {
        this(System::currentTimeMillis);
    }

    RefusedRequests(LongSupplier millis) {
        this.millis = millis;
    }

    /**
     * Counts a refused request and logs it unless one was logged in the last
     * {@value #LOG_EVERY_MILLIS} ms. {@code request} is the method and target, or the request
     * line as sent; null when not even that could be read.
     */
    public void refused(int status, String reason, InetSocketAddress caller, String request) {
        counts.computeIfAbsent(status, s -> new LongAdder()).increment();
        long now = millis.getAsLong();
        long last = lastLogged.get();
        if (last != Long.MIN_VALUE && now - last < LOG_EVERY_MILLIS
                || !lastLogged.compareAndSet(last, now)) {
            unlogged.increment();
            return;
        }
        long skipped = unlogged.sumThenReset();
        LOG.warning("refused " + (request == null ? "a request" : abbreviate(request))
                + " from " + (caller == null ? "an unknown caller" : caller.getAddress()
                        .getHostAddress() + ":" + caller.getPort())
                + " with " + status + ": " + firstLine(reason)
                + (skipped > 0 ? " (" + skipped + " more refused since the last such line,"
                        + " counted in carbon.agents.HOST.api.refused.STATUS)" : ""));
    }

    /** Refused requests so far by status ("400" to its count). */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((status, count) -> out.put(Integer.toString(status), count.sum()));
        return out;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no reason given";
        }
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return abbreviate(newline < 0 ? stripped : stripped.substring(0, newline));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
