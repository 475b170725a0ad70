package org.dkumonitor.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bundle's Java runtime, made by jlink from the JDK that runs the build: only the modules
 * the programs use, without debug symbols, man pages or headers, with a class data sharing
 * archive so that short-lived commands such as {@code dkm status} start fast. The modules file
 * is not compressed: every class a program loads from a compressed one is inflated into memory
 * that stays (1–5 MiB more RSS for the agent and the supervisor), while the tarball, gzipped
 * anyway, is smaller without it (41 MiB instead of 48).
 */
final class RuntimeImage {

    /**
     * What the jars need (jdeps on the bundle's lib/), plus Java2D for PNG rendering and the
     * HTTP client the server speaks to ClickHouse with.
     */
    static final List<String> MODULES = List.of("java.base", "java.logging", "java.management",
            "jdk.management", "java.naming", "java.sql", "java.xml", "java.desktop",
            "jdk.httpserver", "jdk.unsupported", "java.net.http");

    private RuntimeImage() {
    }

    /**
     * Runs the JDK's jlink as a process of its own, never in-process: inside a busy JVM such as
     * Maven's, jlink's pre-generated java.lang.invoke classes come out different, and the
     * runtime would not be the same bytes from one build to the next.
     */
    static void link(Path output) throws IOException {
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (!Files.isExecutable(jlink)) {
            throw new IllegalStateException(jlink + " is missing: build with a full JDK"
                    + " (tools/jdk.sh finds one under /usr/lib/jvm)");
        }
        Path messages = Files.createTempFile("jlink", ".log");
        try {
            Process process = new ProcessBuilder(jlink.toString(),
                    "--add-modules", String.join(",", MODULES),
                    "--output", output.toString(),
                    "--strip-debug", "--no-man-pages", "--no-header-files",
                    "--generate-cds-archive")
                    .redirectErrorStream(true)
                    .redirectOutput(messages.toFile())
                    .start();
            int code = process.waitFor();
            if (code != 0) {
                throw new IllegalStateException("jlink failed (" + code + "): "
                        + Files.readString(messages, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while jlink ran", e);
        } finally {
            Files.deleteIfExists(messages);
        }
    }
}
