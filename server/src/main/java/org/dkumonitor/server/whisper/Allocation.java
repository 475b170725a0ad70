package org.dkumonitor.server.whisper;

/**
 * How a new whisper file's data area gets its disk space. Whisper's own choices, as carbon's
 * {@code WHISPER_FALLOCATE_CREATE} and {@code WHISPER_SPARSE_CREATE} name them.
 */
public enum Allocation {
    /**
     * Blocks reserved by {@code fallocate(2)} without writing them, so a later update never
     * meets a full disk; zeros are written where the call or the file system refuses.
     */
    RESERVE,
    /** Zeros written over the whole data area (what whisper does without fallocate). */
    ZEROS,
    /** A hole: nothing reserved, nothing written; a later update may meet a full disk. */
    SPARSE;

    /** The allocation of {@code storage.sparseCreate}: a hole when true, else reserved. */
    public static Allocation of(boolean sparse) {
        return sparse ? SPARSE : RESERVE;
    }
}
