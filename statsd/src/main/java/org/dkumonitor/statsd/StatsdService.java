package org.dkumonitor.statsd;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.tap.LineTap;

/**
 * StatsD as a program runs it: the UDP and TCP listeners on one port, the aggregation, and a
 * flush every {@code flushInterval} seconds on the wall clock's multiples of it (so that with a
 * 10 s flush and a 10 s whisper step each flush fills one slot), through a {@link FlushOutput}:
 * the agent's carbon senders or the server's cache. {@link #close} stops the listeners, then
 * flushes once more, as statsd does on exit, so nothing received is lost.
 */
public final class StatsdService implements Closeable {

    private final StatsdConfig config;
    private final Aggregator aggregator;
    private final FlushFormat format;
    private final FlushOutput output;
    private final MillisClock clock;
    private final StatsdLog log;
    private final FlushStats stats;
    private final LineTap tap;
    private final UdpReceiver udp;
    private final TcpReceiver tcp;
    private final Object flushLock = new Object();
    private Thread flusher;
    private volatile boolean closed;

    private StatsdService(StatsdConfig config, FlushOutput output, MillisClock clock,
            StatsdLog log, String owner) throws IOException {
        this.config = config;
        this.aggregator = new Aggregator(config);
        this.format = FlushFormat.of(config);
        this.output = output;
        this.clock = clock;
        this.log = log;
        this.stats = new FlushStats(Math.round(clock.millis() / 1000.0));
        this.tap = new LineTap("statsd");
        Receivers receivers = bind(config, log, owner);
        this.udp = receivers.udp();
        this.tcp = receivers.tcp();
    }

    /** The listening sockets, UDP and TCP on one port number (either may be off). */
    private record Receivers(UdpReceiver udp, TcpReceiver tcp) {
    }

    /**
     * Binds TCP, then UDP on the same number. A configured port of 0 (tests) takes any free
     * one: TCP's pick first, since its ephemeral ports are the busier (outgoing connections
     * hold them too), and another pick when UDP has that number taken by someone else.
     */
    private static Receivers bind(StatsdConfig config, StatsdLog log, String owner)
            throws IOException {
        int attempts = config.port() == 0 ? 20 : 1;
        for (int attempt = 1; ; attempt++) {
            int port = config.port();
            TcpReceiver tcpReceiver = null;
            try {
                if (config.tcp()) {
                    tcpReceiver = new TcpReceiver(new InetSocketAddress(config.listen(), port),
                            config, log);
                    port = tcpReceiver.port();
                }
                UdpReceiver udpReceiver = config.udp() ? new UdpReceiver(
                        new InetSocketAddress(config.listen(), port), config.udpThreads()) : null;
                return new Receivers(udpReceiver, tcpReceiver);
            } catch (BindException e) {
                if (tcpReceiver != null) {
                    tcpReceiver.close();
                }
                if (attempt < attempts) {
                    continue;
                }
                throw new DkmException("cannot listen for StatsD on " + config.listen() + ":"
                        + port + " (" + e.getMessage() + "): another process holds the port;"
                        + " stop it or change statsd.port in conf/" + owner + ".yaml");
            }
        }
    }

    /**
     * Binds the port (UDP and TCP as configured) and starts receiving and flushing;
     * {@code owner} names the program whose YAML holds the section, for error messages.
     */
    public static StatsdService start(StatsdConfig config, FlushOutput output, MillisClock clock,
            StatsdLog log, String owner) throws IOException {
        StatsdService service = new StatsdService(config, output, clock, log, owner);
        service.startReceiving();
        service.flusher = new Thread(null, new Runnable() {
            @Override
            public void run() {
                service.flushLoop();
            }
        }, "statsd-flush", 512 * 1024);
        service.flusher.setDaemon(true);
        service.flusher.start();
        log.info("StatsD listening on " + config.listen() + ":" + service.port() + " ("
                + (config.udp() ? config.tcp() ? "UDP and TCP" : "UDP" : "TCP")
                + "), flushing every " + config.flushInterval() + " s with "
                + config.naming().name().toLowerCase(java.util.Locale.ROOT) + " naming");
        return service;
    }

    /** Binds and receives, but flushes only when {@link #flush} is called (tests). */
    static StatsdService manual(StatsdConfig config, FlushOutput output, MillisClock clock,
            StatsdLog log) throws IOException {
        StatsdService service = new StatsdService(config, output, clock, log, "test");
        service.startReceiving();
        return service;
    }

    private void startReceiving() {
        if (udp != null) {
            udp.start(aggregator, tap);
        }
        if (tcp != null) {
            tcp.start(aggregator, tap);
        }
    }

    public int port() {
        return udp != null ? udp.port() : tcp.port();
    }

    /** The lines received, for {@code dkmadmin tap statsd}. */
    public LineTap tap() {
        return tap;
    }

    /** Keys held now. */
    public int keys() {
        return aggregator.keys();
    }

    /** Waits (up to 10 s) until {@code count} packets have been counted since start (tests). */
    void awaitPackets(long count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (aggregator.packetsSinceStart() < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    private void flushLoop() {
        long interval = config.flushIntervalMillis();
        while (!closed) {
            long now = clock.millis();
            long next = (now / interval + 1) * interval;
            try {
                Thread.sleep(Math.max(1, next - now));
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            try {
                flush();
            } catch (RuntimeException e) {
                log.warning("StatsD flush failed: " + e);
            }
        }
    }

    /** One flush now: statsd's flushMetrics and its graphite backend. */
    public void flush() {
        synchronized (flushLock) {
            long now = clock.millis();
            long second = Math.round(now / 1000.0);
            Snapshot snapshot = aggregator.snapshot(second, config.flushIntervalMillis());
            TimedOutput timed = new TimedOutput(output);
            LineBuffer lines = new LineBuffer(timed);
            lines.timestamp(second);
            format.write(snapshot, lines, stats);
            lines.flushChunk();
            stats.flushTime = timed.nanos / 1_000_000;
            stats.flushLength = lines.totalBytes();
            stats.lastFlush = Math.round(clock.millis() / 1000.0);
            if (timed.failed) {
                stats.lastException = stats.lastFlush;
            }
        }
    }

    /** Times the output and notes a failure (which loses nothing the output had not taken). */
    private final class TimedOutput implements FlushOutput {

        private final FlushOutput target;
        long nanos;
        boolean failed;

        TimedOutput(FlushOutput target) {
            this.target = target;
        }

        @Override
        public void write(byte[] bytes, int length, int lines) {
            long started = System.nanoTime();
            try {
                target.write(bytes, length, lines);
            } catch (RuntimeException e) {
                failed = true;
                log.warning("StatsD flush output failed: " + e);
            }
            nanos += System.nanoTime() - started;
        }
    }

    /** Stops receiving, then flushes what was received since the last flush. */
    @Override
    public void close() {
        closed = true;
        if (flusher != null) {
            flusher.interrupt();
            try {
                flusher.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
        flush();
    }
}
