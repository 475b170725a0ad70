package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that denies native access (no launcher flag, {@code --illegal-native-access=deny})
 * still makes, writes and reads whisper files: through the JDK's channels.
 */
class DeniedNativeAccessTest {

    @TempDir
    Path dir;

    @Test
    void filesAreMadeWrittenAndReadThroughChannelsWhenNativeCallsAreDenied() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "--illegal-native-access=deny",
                "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                dir.resolve("a/b.wsp").toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip();
        process.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), output);
        assertEquals("ChannelIo 2.5", output);
    }

    /** Run in the child JVM: makes a file, writes a point, reads it back. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            long now = 1_700_000_000L;
            try (WhisperFile made = WhisperFile.createAndOpen(file,
                    List.of(new Retention(10, 60)), AggregationMethod.AVERAGE, 0, false)) {
                made.update(2.5, now - 10, now);
            }
            String kind;
            try (FileIo io = DescriptorIo.open(file, false)) {
                kind = io == null ? "ChannelIo" : "DescriptorIo";
            }
            try (WhisperFile read = WhisperFile.open(file, true)) {
                System.out.println(kind + " " + read.fetch(now - 20, now - 10, now).values()[0]);
            }
        }
    }
}
