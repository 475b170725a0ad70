package org.dkumonitor.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.core.process.ParentWatch;
import org.junit.jupiter.api.Test;

/**
 * What our own programs do when their supervisor is killed with -9: a JVM that watches the pid
 * in {@value ParentWatch#ENV}, as the server and the agent do, exits by itself soon after.
 */
class ParentWatchTest {

    @Test
    void aWatchingProgramExitsWhenItsSupervisorIsKilled() throws Exception {
        Process supervisor = new ProcessBuilder("/bin/sleep", "300").start();
        Process program = null;
        try {
            String java = ProcessHandle.current().info().command().orElseThrow();
            ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    ParentWatchProbe.class.getName()).redirectErrorStream(true);
            builder.environment().put(ParentWatch.ENV, Long.toString(supervisor.pid()));
            program = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(
                    program.getInputStream()));
            assertEquals("watching", out.readLine());

            supervisor.destroyForcibly().waitFor();

            assertTrue(program.waitFor(10, TimeUnit.SECONDS),
                    "the program still runs 10 s after its supervisor was killed");
            assertEquals(0, program.exitValue());
        } finally {
            supervisor.destroyForcibly();
            if (program != null) {
                program.destroyForcibly();
            }
        }
    }
}
