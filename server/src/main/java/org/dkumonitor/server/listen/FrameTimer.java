package org.dkumonitor.server.listen;

/**
 * What a stream reader tells its connection about framing: a line or frame has begun (its
 * bytes are arriving) or no unfinished one is pending. Between the two, the connection's frame
 * timeout applies instead of its idle timeout.
 */
public interface FrameTimer {

    /** A reader that does not time its frames (tests, tools). */
    FrameTimer NONE = new FrameTimer() {
        @Override
        public void started() {
        }

        @Override
        public void ended() {
        }
    };

    /** A line or frame has begun and is not complete yet; no effect if one is pending. */
    void started();

    /** No unfinished line or frame is pending. */
    void ended();
}
