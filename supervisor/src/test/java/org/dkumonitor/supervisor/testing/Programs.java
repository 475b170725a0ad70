package org.dkumonitor.supervisor.testing;

import java.util.List;
import org.dkumonitor.supervisor.config.AutoRestart;
import org.dkumonitor.supervisor.config.ProgramConfig;

/** Program configs for tests, with supervisord's defaults unless a test needs otherwise. */
public final class Programs {

    private Programs() {
    }

    public static ProgramConfig program(String name) {
        return program(name, AutoRestart.UNEXPECTED, 1, 10, true);
    }

    public static ProgramConfig program(String name, AutoRestart autorestart, int startsecs,
            int stopwaitsecs, boolean autostart) {
        return new ProgramConfig(name, List.of("/bin/" + name), null, null, autostart,
                autorestart, null, startsecs, 3, null, stopwaitsecs, null, null, null, null,
                null);
    }
}
