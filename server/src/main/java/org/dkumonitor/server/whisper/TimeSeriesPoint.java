package org.dkumonitor.server.whisper;

/** A value at a time, in whole epoch seconds. */
public record TimeSeriesPoint(long timestamp, double value) {
}
