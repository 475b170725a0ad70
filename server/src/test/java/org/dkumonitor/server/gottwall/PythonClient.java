package org.dkumonitor.server.gottwall;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs gottwall_client.py or gw_send.py (test resources) with /usr/bin/python3, TZ=UTC. */
final class PythonClient {

    private PythonClient() {
    }

    /** The script's standard output; fails the test on a non-zero exit. */
    static String run(String script, String... arguments) throws IOException,
            InterruptedException {
        String[] command = new String[arguments.length + 2];
        command[0] = Vectors.PYTHON;
        command[1] = Vectors.clientDirectory().resolve(script).toString();
        System.arraycopy(arguments, 0, command, 2, arguments.length);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Vectors.clientDirectory().toFile());
        builder.environment().put("TZ", "UTC");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(script + " did not finish in 60 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(script + " exited " + process.exitValue() + ": " + text);
        }
        return text;
    }

    /** gw_send.py with a spec; its one line of JSON. */
    static JsonNode send(Object spec) throws IOException, InterruptedException {
        return Vectors.JSON.readTree(run("gw_send.py", Vectors.JSON.writeValueAsString(spec)));
    }
}
