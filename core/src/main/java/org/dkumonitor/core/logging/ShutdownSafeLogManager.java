package org.dkumonitor.core.logging;

import java.util.logging.LogManager;

/**
 * The JDK's LogManager closes every handler in a shutdown hook of its own, which runs at the same
 * time as ours: the lines a daemon logs while it stops ("stopping every program", "persisted N
 * points") were lost at random. Our handlers flush every line, so there is nothing for that
 * reset to do; this manager skips it. The launchers select it with
 * {@code -Djava.util.logging.manager}, since it must be chosen before the first logger exists.
 */
public final class ShutdownSafeLogManager extends LogManager {

    @Override
    public void reset() {
        // keep the handlers: see the class comment
    }
}
