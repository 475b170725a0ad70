package org.dkumonitor.statsd;

/**
 * What {@link StatsdParser} finds in a packet, one call per value; the key is sanitised and
 * valid only during the call. Implemented by {@link Aggregator}, and by tests.
 */
interface Samples {

    /** A packet arrived (statsd's {@code packets_received}). */
    void packet();

    /** A non-empty line of it (statsd's {@code metrics_received}). */
    void line();

    /** A value statsd refuses (statsd's {@code bad_lines_seen}). */
    void badLine();

    /** {@code value} already divided by the sample rate, as statsd adds it. */
    void counter(byte[] key, int keyLength, double value);

    /** One timing; {@code count} is 1 / sample rate. */
    void timer(byte[] key, int keyLength, double value, double count);

    /** An absolute value, or a change of the last one when {@code delta}. */
    void gauge(byte[] key, int keyLength, double value, boolean delta);

    /** A member of a set, as written in the packet. */
    void set(byte[] key, int keyLength, byte[] member, int from, int to);

    /** statsite's key/value: every sample is written out as it is. */
    void keyValue(byte[] key, int keyLength, double value);
}
