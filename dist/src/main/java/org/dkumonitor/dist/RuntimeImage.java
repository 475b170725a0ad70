package org.dkumonitor.dist;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * The bundle's Java runtime, made by jlink from the JDK that runs the build: only the modules
 * the programs use, without debug symbols, man pages or headers, with a class data sharing
 * archive so that short-lived commands such as {@code dkm status} start fast.
 */
final class RuntimeImage {

    /** What the jars need (jdeps on the bundle's lib/), plus Java2D for PNG rendering. */
    static final List<String> MODULES = List.of("java.base", "java.logging", "java.management",
            "jdk.management", "java.naming", "java.sql", "java.xml", "java.desktop",
            "jdk.httpserver", "jdk.unsupported");

    private RuntimeImage() {
    }

    static void link(Path output) {
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() ->
                new IllegalStateException("jlink is missing: build with a full JDK (tools/jdk.sh"
                        + " finds one under /usr/lib/jvm)"));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(messages, true, StandardCharsets.UTF_8);
        int code = jlink.run(print, print,
                "--add-modules", String.join(",", MODULES),
                "--output", output.toString(),
                "--strip-debug", "--no-man-pages", "--no-header-files",
                "--compress=zip-6", "--generate-cds-archive");
        if (code != 0) {
            throw new IllegalStateException("jlink failed (" + code + "): "
                    + messages.toString(StandardCharsets.UTF_8));
        }
    }
}
