package org.dkumonitor.server.gottwall;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What GottWall's TCP and UDP streams share once framed: the {@code GottWallS2} header checked
 * against the keys, then each message parsed and counted for the project the header proved.
 * Unlike GottWall, a message's {@code p} must be that project (GottWall queued a message for
 * whatever project it named) and a message that cannot be counted is counted as a reject and
 * skipped: the stream goes on (GottWall closed the connection, losing what followed).
 */
final class StreamIngest {

    private static final Logger LOG = Logger.getLogger(StreamIngest.class.getName());

    private final Authenticator authenticator;
    private final Recorder recorder;
    private final Supplier<GottwallConfig> config;
    private final MetricParser parser = new MetricParser();
    private final RareLog rareLog = new RareLog(LOG);

    StreamIngest(Authenticator authenticator, Recorder recorder,
            Supplier<GottwallConfig> config) {
        this.authenticator = authenticator;
        this.recorder = recorder;
        this.config = config;
    }

    /** The project the header grants; throws (counted) when it grants none. */
    String authenticate(String header, Object peer) {
        try {
            return authenticator.signed(CredentialsParser.stream(header), null);
        } catch (AuthException e) {
            recorder.stats().authFailed(e.reason());
            rareLog.warn("refused a GottWall stream from " + peer + ": " + e.getMessage());
            throw e;
        }
    }

    /** A stream whose header could not even be found; counted as malformed. */
    void refuseHeader(String why, String peer) {
        recorder.stats().authFailed(AuthException.Reason.MALFORMED);
        rareLog.warn("refused a GottWall stream from " + peer + ": " + why);
    }

    /** Counts one message, {@code bytes[from, to)}, or counts why not. */
    void message(String project, byte[] bytes, int from, int to, long now) {
        Metric metric;
        try {
            metric = parser.parse(bytes, from, to - from, config.get().maxSeriesPerMetric());
            if (metric.project() != null && !metric.project().equals(project)) {
                throw new BadMetricException(BadMetricException.Reason.WRONG_PROJECT, "a message"
                        + " for project " + Printable.of(metric.project()) + " on a stream"
                        + " signed for " + Printable.of(project));
            }
            if (metric.action() == null) {
                throw new BadMetricException(BadMetricException.Reason.BAD_ACTION, "a stream"
                        + " message needs its action: \"a\": \"incr\", \"decr\", \"gauge\" or"
                        + " \"avg\"");
            }
        } catch (BadMetricException e) {
            recorder.stats().rejected(e.reason());
            rareLog.warn("skipped a GottWall stream message: " + e.getMessage());
            return;
        }
        try {
            recorder.record(project, metric.action(), metric, now);
        } catch (BadMetricException e) {
            rareLog.warn("skipped a GottWall stream message: " + e.getMessage()); // counted
        } catch (RuntimeException e) {
            // reading a stored total failed (a damaged whisper file): not the client's fault
            recorder.stats().rejected(BadMetricException.Reason.STORE_FAILED);
            rareLog.warn("could not count a GottWall stream message: " + e);
        }
    }

    /** A message skipped for its length. */
    void overlong(long length) {
        recorder.stats().rejected(BadMetricException.Reason.OVERLONG);
        rareLog.warn("skipped a GottWall stream message of " + length + "+ bytes without its"
                + " --chunk-- delimiter (gottwall.stream.maxMessageBytes)");
    }

    /** A message cut short: the stream or datagram ended before its delimiter. */
    void incomplete(long length) {
        recorder.stats().rejected(BadMetricException.Reason.INCOMPLETE);
        rareLog.warn("dropped " + length + " bytes of a GottWall message whose --chunk--"
                + " delimiter never came");
    }
}
