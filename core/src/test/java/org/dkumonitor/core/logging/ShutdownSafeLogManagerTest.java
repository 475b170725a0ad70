package org.dkumonitor.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

final class ShutdownSafeLogManagerTest {

    /** Logs from a shutdown hook that runs after the JDK's own logging hook has run. */
    static final class LogsWhileStopping {

        private static final Logger LOG = Logger.getLogger("stopping");

        public static void main(String[] args) {
            Logs.toStderr(Level.INFO);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                LOG.info("every program stopped");
            }));
            LOG.info("started");
            System.exit(0);
        }
    }

    @Test
    void linesLoggedWhileTheJvmStopsAreWritten() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Djava.util.logging.manager=" + ShutdownSafeLogManager.class.getName(),
                "-cp", System.getProperty("java.class.path"),
                LogsWhileStopping.class.getName()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
            assertTrue(output.contains("started") && output.contains("every program stopped"),
                    output);
        } finally {
            process.destroyForcibly();
        }
    }
}
