package org.dkumonitor.server.whisper;

import org.dkumonitor.core.DkmException;

/** A whisper file that cannot be created, read or written as asked; the message names it. */
public sealed class WhisperException extends DkmException
        permits TimestampNotCoveredException {

    public WhisperException(String message) {
        super(message);
    }

    public WhisperException(String message, Throwable cause) {
        super(message, cause);
    }
}
