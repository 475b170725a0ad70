package org.dkumonitor.server.events.log;

import java.lang.foreign.MemorySegment;

/** Sees records one at a time; the payload is readable only during the call. */
@FunctionalInterface
public interface RecordVisitor {

    /** Returns false to stop the scan. */
    boolean visit(long timeNanos, MemorySegment payload);
}
