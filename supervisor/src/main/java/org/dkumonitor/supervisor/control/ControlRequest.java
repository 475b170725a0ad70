package org.dkumonitor.supervisor.control;

import java.util.List;

/** What dkm asks the supervisor: a command and the program names it applies to. */
public record ControlRequest(String command, List<String> names) {

    public ControlRequest {
        names = names == null ? List.of() : List.copyOf(names);
    }
}
