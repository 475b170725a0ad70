package org.dkumonitor.agent.collect;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * collectd's {@code <ProcessMatch name regex>}: the processes whose command line (arguments
 * joined by spaces, or {@code [name]} for kernel threads) contains a match of the regex.
 */
public record ProcessGroup(String name, Pattern regex) {

    public ProcessGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(regex, "regex");
    }

    boolean matches(String commandLine) {
        return regex.matcher(commandLine).find();
    }
}
