package org.dkumonitor.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command of the installed bundle as a user would, with a deadline. */
record Command(int exitCode, String output) {

    static Command run(Duration timeout, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("dkm-command", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().remove("DKM_HOME");
            builder.environment().remove("DKM_DATA_DIR");
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within "
                        + timeout + "; output:\n" + Files.readString(log));
            }
            return new Command(process.exitValue(), Files.readString(log,
                    StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static Command run(String... command) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(120), Map.of(), command);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ":\n" + output;
    }
}
