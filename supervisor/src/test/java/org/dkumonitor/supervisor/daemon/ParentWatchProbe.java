package org.dkumonitor.supervisor.daemon;

import java.time.Duration;
import org.dkumonitor.core.process.ParentWatch;

/** A stand-in for the server or the agent: watches its supervisor as they do, else sleeps. */
public final class ParentWatchProbe {

    private ParentWatchProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (!ParentWatch.start(() -> System.exit(0), Duration.ofMillis(100))) {
            System.exit(2);
        }
        System.out.println("watching");
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5));
        System.exit(1);
    }
}
