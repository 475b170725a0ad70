package org.dkumonitor.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Golden files: answers of a reference implementation (graphite-web, carbon, Grafana's files
 * as we last reviewed them) kept under a module's {@code src/test/resources}, so that a test
 * still checks the behaviour where the peer is not installed. One switch re-records them all,
 * {@code -D}{@value #SWITCH}{@code =true}: a test that sees it writes what the peer (or our
 * generator) answers now into the source tree, then compares as usual; review the diff.
 */
public final class Goldens {

    /** The system property that makes tests re-record their golden files. */
    public static final String SWITCH = "dkm.recordGolden";

    private static final Path SOURCES = Path.of("src/test/resources");

    private Goldens() {
    }

    /** Whether this run re-records golden files ({@code -Ddkm.recordGolden=true}). */
    public static boolean recording() {
        return Boolean.getBoolean(SWITCH);
    }

    /**
     * The source copy of a golden file, {@code relative} to the module's src/test/resources:
     * where recording writes (surefire runs tests in the module's directory).
     */
    public static Path source(String relative) {
        return SOURCES.resolve(relative);
    }

    /**
     * The golden resource {@code name}, found as {@code owner.getResourceAsStream} finds it;
     * a missing one fails the test and says how to record it.
     */
    public static String read(Class<?> owner, String name) throws IOException {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("no golden file " + name + " beside "
                        + owner.getName() + "; record it with -D" + SWITCH + "=true");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
