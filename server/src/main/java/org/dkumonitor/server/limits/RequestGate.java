package org.dkumonitor.server.limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds what the API's requests may take together: at most {@code slots} run at once (a
 * request waits up to {@code wait} for one), and together they hold at most {@code maxBytes}
 * of points read and responses built. Past either, the request is answered 503 with
 * Retry-After ({@link ServerBusyException}) instead of the server running out of heap (200
 * concurrent large renders used to end in OutOfMemoryError). A request that alone would need
 * more than {@code maxBytes} can never run: {@link RequestTooLargeException}.
 *
 * <p>A request {@link #enter}s and gets a {@link Ticket}, which the render path charges as it
 * reads points ({@link Ticket#charge}) and writes its answer ({@link #responseBuffer}); closing
 * the ticket gives everything back. The ticket of the running request is bound to its thread
 * ({@link #current}), so that code deep in the render path finds it without new parameters.
 *
 * <p>The work itself runs on one of the gate's own platform threads ({@link #run}), one per
 * slot, not on the connection's virtual thread: a render computes for seconds without
 * blocking, and virtual threads are not preempted, so a few renders on the two carrier
 * threads of a small machine held up every receiver and connection of the server (the soak's
 * canary waited 50 s). Platform threads are scheduled by the kernel, which shares the cores.
 *
 * <p>A share is kept for small requests ({@link #enterSmall}: a few series named without a
 * wildcard, what a dashboard's single-stat or an alert asks for): some of the slots and of the
 * bytes only they may take, and a queue of their own. Slots are handed out in turn, so without
 * it a cheap render waited behind every expensive one queued before it, and 50 clients
 * rendering 1000 series each kept the soak's one-series reader out for 38 s.
 */
public final class RequestGate {

    /** What a client is told to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;
    private static final ScopedValue<Ticket> CURRENT = ScopedValue.newInstance();

    private final Semaphore slots;
    /** The slots only small requests take, with their queue; none when the gate is small. */
    private final Semaphore smallSlots;
    private final int smallSlotCount;
    private final int slotCount;
    private final long maxBytes;
    /** Bytes only small requests may take: the others stop short of them. */
    private final long smallBytes;
    private final Duration wait;
    private final AtomicLong held = new AtomicLong();
    private final ExecutorService workers;

    /** A gate without a share kept for small requests. */
    public RequestGate(int slots, long maxBytes, Duration wait) {
        this(slots, maxBytes, wait, 0, 0);
    }

    /**
     * A gate of {@code slots} in all, of which {@code smallSlots} and {@code smallBytes} are
     * kept for small requests.
     */
    public RequestGate(int slots, long maxBytes, Duration wait, int smallSlots,
            long smallBytes) {
        if (smallSlots < 0 || smallSlots >= slots || smallBytes < 0 || smallBytes >= maxBytes) {
            throw new IllegalArgumentException("the share for small requests must leave some"
                    + " of the " + slots + " slots and " + maxBytes + " bytes to the others");
        }
        this.slots = new Semaphore(slots - smallSlots, true);
        this.smallSlots = new Semaphore(smallSlots, true);
        this.smallSlotCount = smallSlots;
        this.slotCount = slots;
        this.maxBytes = maxBytes;
        this.smallBytes = smallBytes;
        this.wait = wait;
        this.workers = Executors.newFixedThreadPool(slots,
                Thread.ofPlatform().name("api-request-", 0).daemon().factory());
    }

    /**
     * Runs a request's work on a thread of the gate, with its ticket and {@code deadline}
     * bound, and waits for it (a waiting virtual thread costs nothing). The caller holds a
     * slot: there is a thread free for it.
     */
    public <T> T run(Ticket ticket, Deadline deadline, Deadline.Work<T, IOException> work)
            throws IOException {
        Future<T> result = workers.submit(() -> within(ticket, () -> deadline.run(work)));
        try {
            return result.get();
        } catch (InterruptedException e) {
            deadline.cancel();
            Thread.currentThread().interrupt();
            throw new RequestTimeoutException("interrupted while the request ran");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Stops the gate's threads (a gate no listener uses any more). */
    public void close() {
        workers.shutdownNow();
    }

    /**
     * The share kept for small requests in a gate of {@code slots} and {@code maxBytes}: a
     * quarter of the slots (none below 2) and an eighth of the bytes.
     */
    public static RequestGate withSmallShare(int slots, long maxBytes, Duration wait) {
        return slots < 2 ? new RequestGate(slots, maxBytes, wait)
                : new RequestGate(slots, maxBytes, wait, Math.max(1, slots / 4), maxBytes / 8);
    }

    /** Takes a slot, waiting up to the wait; throws {@link ServerBusyException} if none frees. */
    public Ticket enter() {
        return enter(slots, maxBytes - smallBytes);
    }

    /**
     * Takes a slot for a small request: a free one of all, else one of the share kept for
     * small requests, waiting in their own queue (not behind the expensive ones).
     */
    public Ticket enterSmall() {
        if (smallSlotCount == 0) {
            return enter();
        }
        if (smallSlots.tryAcquire()) {
            return new Ticket(smallSlots, maxBytes);
        }
        if (slots.tryAcquire()) {
            return new Ticket(slots, maxBytes);
        }
        return enter(smallSlots, maxBytes);
    }

    private Ticket enter(Semaphore lane, long byteLimit) {
        try {
            if (!lane.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ServerBusyException("the server is busy: " + slotCount + " requests"
                        + " are running (api.maxConcurrentRequests); try again shortly",
                        RETRY_AFTER_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerBusyException("interrupted while waiting for a request slot",
                    RETRY_AFTER_SECONDS);
        }
        return new Ticket(lane, byteLimit);
    }

    /** Runs {@code work} with the ticket bound as {@link #current}. */
    public static <T, X extends Exception> T within(Ticket ticket, Deadline.Work<T, X> work)
            throws X {
        return ScopedValue.where(CURRENT, ticket).call(work::run);
    }

    /** The running request's ticket, or null outside a gated request. */
    public static Ticket current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /**
     * A buffer for a response body that charges the current ticket as it grows (twice: the
     * body is copied once more when sent); a plain buffer outside a gated request.
     */
    public static ByteArrayOutputStream responseBuffer() {
        Ticket ticket = current();
        return ticket == null ? new ByteArrayOutputStream() : new ByteArrayOutputStream() {
            @Override
            public synchronized void write(int b) {
                ticket.charge(2);
                super.write(b);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                ticket.charge(2L * length);
                super.write(bytes, offset, length);
            }
        };
    }

    /** Bytes held by running requests now. */
    public long heldBytes() {
        return held.get();
    }

    /** Requests running now. */
    public int running() {
        return slotCount - slots.availablePermits() - smallSlots.availablePermits();
    }

    /** One request's share: its slot and the bytes it holds. Thread-safe. */
    public final class Ticket implements AutoCloseable {

        private final AtomicLong mine = new AtomicLong();
        private final Semaphore lane;
        private final long byteLimit;
        private boolean closed;

        private Ticket(Semaphore lane, long byteLimit) {
            this.lane = lane;
            this.byteLimit = byteLimit;
        }

        /** Takes {@code bytes} more for this request, or throws saying why it cannot. */
        public void charge(long bytes) {
            if (mine.get() + bytes > maxBytes) {
                throw new RequestTooLargeException("this request needs more than "
                        + (maxBytes >= 1 << 20 ? maxBytes / (1 << 20) + " MiB" : maxBytes
                        + " bytes") + " of points and answer"
                        + " (api.maxRenderMemoryBytes); shorten the time range, narrow the"
                        + " pattern or ask for fewer points (maxDataPoints)");
            }
            while (true) {
                long now = held.get();
                if (now + bytes > byteLimit) {
                    throw new ServerBusyException("the server is busy: running requests hold"
                            + " its memory for answers (api.maxRenderMemoryBytes); try again"
                            + " shortly", RETRY_AFTER_SECONDS);
                }
                if (held.compareAndSet(now, now + bytes)) {
                    mine.addAndGet(bytes);
                    return;
                }
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                held.addAndGet(-mine.get());
                lane.release();
            }
        }
    }
}
