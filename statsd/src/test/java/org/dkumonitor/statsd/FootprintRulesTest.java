package org.dkumonitor.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent loads this module, so its classes keep the agent's footprint rules (agent/README:
 * every class it pulls in stays resident): no lambdas or method references
 * (LambdaMetafactory), no invokedynamic string concatenation (StringConcatFactory), no
 * String.format, no java.time, no reflection.
 */
class FootprintRulesTest {

    private static final List<String> FORBIDDEN = List.of("java/lang/invoke/LambdaMetafactory",
            "java/lang/invoke/StringConcatFactory", "java/time/", "java/lang/reflect/",
            "java/util/stream/", "java/util/logging/");

    @Test
    void statsdClassesUseNothingTheAgentAvoids() throws IOException {
        Path classes = Path.of("target/classes/org/dkumonitor/statsd");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String forbidden : FORBIDDEN) {
                    if (text.contains(forbidden)) {
                        found.add(file.getFileName() + " uses " + forbidden);
                    }
                }
                if (text.contains("java/lang/String") && text.contains("format")
                        && text.contains("(Ljava/lang/String;[Ljava/lang/Object;)")) {
                    found.add(file.getFileName() + " may call String.format");
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
