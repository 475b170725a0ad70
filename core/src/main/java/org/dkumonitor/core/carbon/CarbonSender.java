package org.dkumonitor.core.carbon;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends batches of carbon plaintext lines to one destination over TCP from its own thread, so
 * collection never waits on the network.
 *
 * <p>Batches wait in a small memory queue. When it is full (the destination is down or slower
 * than the agent) new batches go to the destination's {@link Spool} on disk instead, and keep
 * going there until the spool is empty again, so order is kept: the memory queue (older) is sent
 * first, then the spool, then the memory queue again. A lost connection is retried with growing
 * waits (initial backoff doubled up to a maximum) and the unsent batch is kept.
 *
 * <p>Carbon's plaintext protocol has no acknowledgement, and a write into a connection the server
 * has just closed succeeds locally. So the batches written on a connection stay "unconfirmed"
 * until the next send finds the connection still open (the server has not closed it since it
 * got them); when the next send finds it closed, or a write fails, they are put back at the head
 * of the queue and sent again on the next connection. A line may then arrive twice, which is
 * harmless: carbon keeps one value per path and timestamp. Lines the server accepted into its
 * socket buffer and lost in a crash, with the connection staying open, cannot be detected; nor
 * can those it read but had not made durable (a server's write-ahead log commits every second or
 * so). For those, {@link Settings#resendWindow} keeps the batches written in the last moments
 * (at most {@code memoryBatches} of them) and sends them again on the next connection after one
 * is lost: a receiver killed with {@code kill -9} then gets every line.
 */
public final class CarbonSender implements Closeable {

    /** How the sender behaves; {@link #defaults} is what the agent uses. */
    public record Settings(int memoryBatches, long spoolMaxBytes, Duration connectTimeout,
            Duration initialBackoff, Duration maxBackoff, Duration closeGrace,
            Duration resendWindow) {

        /** Without a resend window: unconfirmed batches only are sent again. */
        public Settings(int memoryBatches, long spoolMaxBytes, Duration connectTimeout,
                Duration initialBackoff, Duration maxBackoff, Duration closeGrace) {
            this(memoryBatches, spoolMaxBytes, connectTimeout, initialBackoff, maxBackoff,
                    closeGrace, Duration.ZERO);
        }

        public static Settings defaults(long spoolMaxBytes) {
            return new Settings(6, spoolMaxBytes, Duration.ofSeconds(5), Duration.ofSeconds(1),
                    Duration.ofSeconds(30), Duration.ofSeconds(2));
        }
    }

    /** A batch as it goes on the wire: its bytes are made once, when it is queued. */
    private record Pending(byte[] bytes, int lines, long spoolSequence) {

        static Pending inMemory(byte[] bytes, int lines) {
            return new Pending(bytes, lines, -1);
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        boolean fromSpool() {
            return spoolSequence >= 0;
        }
    }

    private final String host;
    private final int port;
    private final Settings settings;
    private final SenderLog log;
    private final Object lock = new Object();
    /** Batches queued in memory ({@link Pending#inMemory}). */
    private final Deque<Pending> memory = new ArrayDeque<>();
    private final Spool spool;
    private final Thread thread;
    private final AtomicLong sentLines = new AtomicLong();
    private final AtomicLong spooledLines = new AtomicLong();
    private final AtomicLong droppedLines = new AtomicLong();
    private volatile boolean closed;
    private volatile Socket socket;
    private boolean connectedBefore;

    public CarbonSender(String host, int port, Path spoolDirectory, Settings settings,
            SenderLog log) {
        this.host = host;
        this.port = port;
        this.settings = settings;
        this.log = log;
        this.spool = new Spool(spoolDirectory, settings.spoolMaxBytes(), log);
        this.thread = Thread.ofPlatform().daemon().name("sender-" + host + ":" + port)
                .unstarted(new Runnable() {
                    @Override
                    public void run() {
                        CarbonSender.this.run();
                    }
                });
    }

    public void start() {
        thread.start();
    }

    public String destination() {
        return host + ":" + port;
    }

    /** Queues a batch of complete lines (each ending in a newline). Never waits on the network. */
    public void send(String batch) {
        send(batch, countLines(batch));
    }

    /** {@link #send(String)} of a batch whose lines the caller counted. */
    public void send(String batch, int lines) {
        send(batch.getBytes(StandardCharsets.UTF_8), lines);
    }

    /**
     * {@link #send(String, int)} of a batch already encoded (UTF-8), which the sender keeps:
     * the caller must not change it afterwards.
     */
    public void send(byte[] batch, int lines) {
        synchronized (lock) {
            if (spool.isEmpty() && memory.size() < settings.memoryBatches()) {
                memory.addLast(Pending.inMemory(batch, lines));
            } else {
                droppedLines.addAndGet(spool.append(new String(batch, StandardCharsets.UTF_8),
                        lines));
                spooledLines.addAndGet(lines);
            }
            lock.notifyAll();
        }
    }

    /**
     * Waits up to {@code millis} until a batch sent now would be queued in memory with a slot
     * left over for the collection rounds, which never wait (the memory queue has two free
     * slots, or is empty); returns whether it would. For a producer that may wait (the StatsD
     * flush). Returns false at once while the spool holds batches (the destination is or was
     * away: new batches go to the spool until it is empty again, which waiting a few seconds
     * does not change, and a flush of many chunks must not wait for each).
     */
    public boolean awaitRoom(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        int room = Math.max(1, settings.memoryBatches() - 1);
        synchronized (lock) {
            while (!closed && memory.size() >= room) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !spool.isEmpty()) {
                    return false;
                }
                lock.wait(left);
            }
            return closed || spool.isEmpty();
        }
    }

    /** Lines written to the destination. */
    public long sentLines() {
        return sentLines.get();
    }

    /** Lines that went to the spool (cumulative). */
    public long spooledLines() {
        return spooledLines.get();
    }

    /** Lines dropped because the spool was full or could not be written. */
    public long droppedLines() {
        return droppedLines.get();
    }

    /** Lines waiting, in memory and in the spool. */
    public long queuedLines() {
        synchronized (lock) {
            long inMemory = 0;
            for (Pending batch : memory) {
                inMemory += batch.lines();
            }
            return inMemory + spool.lines();
        }
    }

    private Optional<Pending> next() throws InterruptedException {
        synchronized (lock) {
            while (!closed) {
                if (!memory.isEmpty()) {
                    return Optional.of(memory.peekFirst());
                }
                Optional<Spool.Batch> spooled = spool.peek();
                if (spooled.isPresent()) {
                    Spool.Batch batch = spooled.get();
                    return Optional.of(new Pending(batch.text().getBytes(StandardCharsets.UTF_8),
                            batch.lines(), batch.sequence()));
                }
                lock.wait();
            }
            return Optional.empty();
        }
    }

    private void sent(Pending pending) {
        synchronized (lock) {
            if (pending.fromSpool()) {
                spool.removeSent(pending.spoolSequence());
            } else if (!memory.isEmpty() && memory.peekFirst() == pending) {
                memory.pollFirst();
            }
            lock.notifyAll();
        }
        sentLines.addAndGet(pending.lines());
    }

    /** Puts batches written on a connection that turned out dead back at the head, in order. */
    private void resend(List<Written> unconfirmed) {
        synchronized (lock) {
            for (int i = unconfirmed.size() - 1; i >= 0; i--) {
                Pending batch = unconfirmed.get(i).batch();
                memory.addFirst(batch.fromSpool()
                        ? Pending.inMemory(batch.bytes(), batch.lines()) : batch);
            }
        }
        unconfirmed.clear();
    }

    /** A batch written on the current connection, and when. */
    private record Written(Pending batch, long nanos) {
    }

    /**
     * The connection is still open: what was written on it is confirmed, and is forgotten
     * unless it is within the resend window (and among the last {@code memoryBatches}).
     */
    private void confirm(List<Written> written) {
        long window = settings.resendWindow().toNanos();
        long now = System.nanoTime();
        int drop = 0;
        while (drop < written.size() && (now - written.get(drop).nanos() > window
                || written.size() - drop > settings.memoryBatches())) {
            drop++;
        }
        written.subList(0, drop).clear();
    }

    private void run() {
        long backoff = settings.initialBackoff().toMillis();
        boolean failing = false;
        List<Written> unconfirmed = new ArrayList<>();
        while (!closed) {
            Optional<Pending> pending;
            try {
                pending = next();
            } catch (InterruptedException e) {
                return;
            }
            if (pending.isEmpty()) {
                return;
            }
            try {
                Socket current = socket;
                if (current != null) {
                    if (closedByPeer(current)) {
                        disconnect();
                        resend(unconfirmed);
                        throw new IOException("connection closed by the server");
                    }
                    confirm(unconfirmed);
                }
                write(pending.get().bytes());
                sent(pending.get());
                unconfirmed.add(new Written(pending.get(), System.nanoTime()));
                backoff = settings.initialBackoff().toMillis();
                failing = false;
            } catch (IOException e) {
                disconnect();
                resend(unconfirmed);
                if (closed) {
                    return;
                }
                if (!failing) {
                    log.warning("cannot send to " + destination() + ": " + e.getMessage()
                            + "; keeping the points and retrying");
                    failing = true;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
            }
        }
    }

    private void write(byte[] batch) throws IOException {
        Socket current = socket;
        if (current == null) {
            Socket fresh = new Socket();
            try {
                fresh.connect(new InetSocketAddress(host, port),
                        (int) settings.connectTimeout().toMillis());
                if (fresh.getLocalSocketAddress().equals(fresh.getRemoteSocketAddress())) {
                    // TCP simultaneous open: with nothing listening on a local port in the
                    // ephemeral range, the kernel can give us that very port and connect the
                    // socket to itself; what we wrote would come back to us, not to carbon
                    throw new IOException("connected to itself: nothing listens on "
                            + destination());
                }
            } catch (IOException e) {
                fresh.close();
                throw e;
            }
            socket = fresh;
            current = fresh;
            log.info((connectedBefore ? "reconnected to " : "connected to ") + destination());
            connectedBefore = true;
        }
        OutputStream out = current.getOutputStream();
        out.write(batch);
        out.flush();
    }

    /** A carbon receiver never writes back: end of stream means it closed the connection. */
    private static boolean closedByPeer(Socket socket) {
        try {
            socket.setSoTimeout(1);
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void disconnect() {
        Socket current = socket;
        socket = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    static int countLines(String batch) {
        int lines = 0;
        for (int i = 0; i < batch.length(); i++) {
            if (batch.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /**
     * Sends what is queued for at most the close grace, then stops; what is still in memory goes
     * to the head of the spool, so the next start sends it first.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + settings.closeGrace().toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (lock) {
                if (memory.isEmpty() || socket == null) {
                    break;
                }
            }
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
        try {
            thread.join(settings.closeGrace().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            while (!memory.isEmpty()) {
                Pending batch = memory.pollLast();
                droppedLines.addAndGet(spool.prepend(batch.text(), batch.lines()));
                spooledLines.addAndGet(batch.lines());
            }
        }
    }
}
