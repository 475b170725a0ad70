package org.dkumonitor.supervisor.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** When a program that exited after starting is started again, as supervisord's autorestart. */
public enum AutoRestart {
    /** Always. */
    TRUE,
    /** Never. */
    FALSE,
    /** When its exit code is not one of the expected exit codes. */
    UNEXPECTED;

    /** Accepts YAML's booleans as well as the words. */
    @JsonCreator
    public static AutoRestart of(Object value) {
        String text = String.valueOf(value).strip().toUpperCase(Locale.ROOT);
        return switch (text) {
            case "TRUE" -> TRUE;
            case "FALSE" -> FALSE;
            case "UNEXPECTED" -> UNEXPECTED;
            default -> throw new IllegalArgumentException("autorestart must be true, false or"
                    + " unexpected, found '" + value + "'");
        };
    }
}
