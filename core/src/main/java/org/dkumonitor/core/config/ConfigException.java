package org.dkumonitor.core.config;

import org.dkumonitor.core.DkmException;

/**
 * A configuration file that cannot be used. The message has the form
 * {@code server.yaml:14:9 carbon.port: must be 1..65535, found 70000}: file, line:column, key,
 * the rule broken and the value found.
 */
public final class ConfigException extends DkmException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
