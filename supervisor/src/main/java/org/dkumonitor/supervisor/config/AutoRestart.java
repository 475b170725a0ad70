package org.dkumonitor.supervisor.config;

/**
 * When a program that exited after starting is started again, as supervisord's autorestart.
 * YAML's {@code true} and {@code false} bind to the constants of the same name.
 */
public enum AutoRestart {
    /** Always. */
    TRUE,
    /** Never. */
    FALSE,
    /** When its exit code is not one of the expected exit codes. */
    UNEXPECTED
}
