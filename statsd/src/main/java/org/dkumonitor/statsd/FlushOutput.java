package org.dkumonitor.statsd;

/**
 * Where a flush's carbon plaintext goes: the agent's carbon senders, or the server's cache.
 * Called by the flushing thread only, with complete lines; the bytes are reused after the call.
 */
public interface FlushOutput {

    /** {@code lines} complete lines in {@code bytes[0, length)}. */
    void write(byte[] bytes, int length, int lines);
}
