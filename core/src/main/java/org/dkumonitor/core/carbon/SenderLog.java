package org.dkumonitor.core.carbon;

/**
 * Where a {@link CarbonSender} and its spool report state changes (connected, failing, spool
 * unwritable). An interface, not java.util.logging: the agent, which also sends, keeps its own
 * lean log (agent/README.md, Footprint); the server passes its logger.
 */
public interface SenderLog {

    void info(String message);

    void warning(String message);

    /** A log over java.util.logging, for the programs that use it. */
    static SenderLog of(java.util.logging.Logger logger) {
        return new SenderLog() {
            @Override
            public void info(String message) {
                logger.info(message);
            }

            @Override
            public void warning(String message) {
                logger.warning(message);
            }
        };
    }
}
