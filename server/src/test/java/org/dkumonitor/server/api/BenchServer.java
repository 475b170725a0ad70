package org.dkumonitor.server.api;

import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Our API server alone in its own JVM for {@link RenderBenchmark}, so the client's work does not
 * share its heap and JIT: {@code BenchServer WHISPER_ROOT} prints the port, serves until stdin
 * closes.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        try (ApiHarness api = new ApiHarness(Path.of(args[0]), InstantSource.system(),
                ApiOptions.defaults())) {
            System.out.println(api.server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
