package org.dkumonitor.agent.send;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Sends batches of carbon plaintext lines to one destination over TCP, from its own queue and
 * thread, so collection never waits on the network. A lost connection is retried with growing
 * waits (1 s, 2 s, 4 s ... at most 30 s) and the unsent batch is kept; when the queue is full the
 * oldest batch is dropped and counted.
 */
public final class CarbonSender implements Closeable {

    private static final Logger LOG = Logger.getLogger(CarbonSender.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final InetSocketAddress destination;
    private final BlockingDeque<String> queue;
    private final Thread thread;
    private final LongAdder sentLines = new LongAdder();
    private final LongAdder droppedBatches = new LongAdder();
    private volatile boolean closed;
    private Socket socket;
    private OutputStream out;

    public CarbonSender(String host, int port, int maxQueuedBatches) {
        this.destination = InetSocketAddress.createUnresolved(host, port);
        this.queue = new LinkedBlockingDeque<>(maxQueuedBatches);
        this.thread = Thread.ofPlatform().daemon().name("sender-" + host + ":" + port)
                .unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Queues a batch of complete lines (each ending in a newline). Never blocks. */
    public void send(String lines) {
        while (!queue.offerLast(lines)) {
            if (queue.pollFirst() != null) {
                droppedBatches.increment();
            }
        }
    }

    public long sentLines() {
        return sentLines.sum();
    }

    public long droppedBatches() {
        return droppedBatches.sum();
    }

    private void run() {
        long backoff = 1000;
        while (!closed) {
            String batch;
            try {
                batch = queue.pollFirst(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                continue;
            }
            try {
                write(batch);
                backoff = 1000;
            } catch (IOException e) {
                disconnect();
                queue.offerFirst(batch);
                LOG.warning("cannot send to " + destination + ": " + e.getMessage()
                        + "; retrying in " + backoff / 1000 + " s");
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private void write(String batch) throws IOException {
        if (socket == null) {
            Socket fresh = new Socket();
            fresh.connect(new InetSocketAddress(destination.getHostString(),
                    destination.getPort()), (int) CONNECT_TIMEOUT.toMillis());
            socket = fresh;
            out = fresh.getOutputStream();
            LOG.info("connected to " + destination);
        }
        out.write(batch.getBytes(StandardCharsets.UTF_8));
        out.flush();
        sentLines.add(batch.chars().filter(c -> c == '\n').count());
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
        socket = null;
        out = null;
    }

    /** Sends what is queued, for at most {@code grace}, then closes. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closed = true;
        thread.interrupt();
        disconnect();
    }
}
