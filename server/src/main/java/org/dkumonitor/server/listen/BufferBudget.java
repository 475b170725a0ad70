package org.dkumonitor.server.listen;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes the stream receivers may hold in buffers beyond each connection's first small one: a
 * plaintext line longer than that buffer, a pickle frame as it arrives. Shared by every
 * listener, so that thousands of connections each sending half a frame cannot together take
 * the heap: when it is spent, a long line is skipped as overlong and a frame is refused, and
 * the connection says why. Thread-safe.
 */
public final class BufferBudget {

    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();

    public BufferBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** No bound (tests, tools). */
    public static BufferBudget unlimited() {
        return new BufferBudget(Long.MAX_VALUE);
    }

    /** Takes {@code bytes} if they are left; false, taking nothing, if not. */
    public boolean take(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > maxBytes) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    public void give(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    public long maxBytes() {
        return maxBytes;
    }
}
