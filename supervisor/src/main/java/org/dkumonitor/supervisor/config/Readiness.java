package org.dkumonitor.supervisor.config;

/** When a started program counts as RUNNING (the {@code ready} key of a program). */
public enum Readiness {
    /** Once it has stayed up for startsecs, as supervisord does. */
    STARTSECS,
    /**
     * Once it says so (see {@code ReadySignal}) and has stayed up for startsecs; a program that
     * exits before, or is not ready within readywaitsecs, has failed to start.
     */
    SIGNAL
}
