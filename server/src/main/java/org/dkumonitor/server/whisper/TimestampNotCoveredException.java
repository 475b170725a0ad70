package org.dkumonitor.server.whisper;

/**
 * A single-point update whose timestamp no archive covers: in the future, or as old as the
 * file's maximum retention or older (whisper's {@code TimestampNotCovered}).
 */
public final class TimestampNotCoveredException extends WhisperException {

    public TimestampNotCoveredException(String message) {
        super(message);
    }
}
