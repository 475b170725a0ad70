package org.dkumonitor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's footprint rules (agent/README.md, "Footprint"), checked on its classes rather than
 * remembered: no invokedynamic call site in the code the agent runs (a lambda, a method
 * reference or an indy string concatenation pulls the JDK's method-handle machinery into its
 * memory for the life of the process), records' own toString/equals/hashCode excepted; and a
 * budget on the classes a real run loads, so that a new library or JDK subsystem on its path
 * shows up as a failing test, not as a bigger RSS months later.
 *
 * <p>The run is the agent's own AOT training ({@code AgentMain --aot-training}: three rounds of
 * every collector sent to a loopback socket) in a child JVM with bin/dkm-agent's class path
 * (the agent and its runtime dependencies: core and statsd, not SnakeYAML) and
 * {@code -Xlog:class+load}.
 */
class FootprintRulesTest {

    /**
     * Classes a training run loads, JDK's included (1,236 measured at the time of writing with
     * -Xshare:off, 1,370 before SnakeYAML and the scheduled executor left); the slack is for
     * collectors and features to come, not for a library.
     */
    static final int LOADED_CLASS_BUDGET = 1_500;

    private static final String RECORD_METHODS = "Ljava/lang/runtime/ObjectMethods;";

    @TempDir
    static Path dataDir;

    static List<String> loaded;

    @BeforeAll
    static void runTraining() throws IOException, InterruptedException {
        Files.createDirectories(dataDir.resolve("conf"));
        Files.createDirectories(dataDir.resolve("run"));
        Files.writeString(dataDir.resolve("conf/agent.yaml"),
                "destinations: [{host: 127.0.0.1, port: 2003}]\n");
        Path log = dataDir.resolve("class-load.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xshare:off", "-XX:+UseSerialGC",
                "-Xlog:class+load=info:file=" + log + ":none",
                "-cp", agentClassPath(), AgentMain.class.getName(), "--aot-training",
                "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("training.out").toFile())
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the training run did not end");
        assertEquals(0, process.exitValue(), Files.readString(dataDir.resolve("training.out")));
        loaded = Files.readAllLines(log);
    }

    /**
     * The agent's classes and its runtime dependencies (core and statsd, not SnakeYAML), from
     * Maven as the agent jar's Class-Path names them for bin/dkm-agent.
     */
    private static String agentClassPath() {
        String classPath = System.getProperty("dkm.agentClassPath");
        assertTrue(classPath != null && !classPath.isBlank(), "run by Maven, which sets"
                + " dkm.agentClassPath (agent/pom.xml)");
        return classPath;
    }

    @Test
    void theAgentsClassPathHoldsNeitherPicocliNorJacksonNorSnakeYaml() {
        // what the agent does not load, it does not depend on: bin/dkm-agent takes the agent
        // jar's Class-Path as it is, with nothing to drop by hand
        for (String entry : agentClassPath().split(java.io.File.pathSeparator)) {
            assertTrue(!entry.contains("picocli") && !entry.contains("jackson")
                    && !entry.contains("snakeyaml"), entry);
        }
    }

    @Test
    void trainingRunLoadsNoMoreClassesThanTheBudget() {
        assertTrue(loaded.size() > 500, "the log holds the run's classes: " + loaded.size());
        assertTrue(loaded.size() <= LOADED_CLASS_BUDGET, "the agent loaded " + loaded.size()
                + " classes, over its budget of " + LOADED_CLASS_BUDGET + ": see what is new"
                + " with -Xlog:class+load, and agent/README.md's footprint rules");
    }

    @Test
    void loadsNeitherPicocliNorJacksonNorSnakeYamlNorJavaLoggingNorIndyConcatenation() {
        // java.util.stream is not on this list: the JDK's own InetAddress resolver look-up
        // (ServiceLoader) loads it when the agent asks for its host name
        List<String> forbidden = loaded.stream()
                .filter(line -> line.startsWith("picocli.") || line.startsWith("com.fasterxml.")
                        || line.startsWith("org.yaml.")
                        || line.startsWith("java.util.logging.")
                        || line.startsWith("java.lang.invoke.StringConcatFactory"))
                .toList();
        assertEquals(List.of(), forbidden);
    }

    @Test
    void agentClassesHaveNoInvokedynamicButRecordMethods() throws IOException,
            URISyntaxException {
        Path classes = Path.of(AgentMain.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                found.addAll(invokedynamicSites(Files.readAllBytes(file)));
            }
        }
        assertEquals(List.of(), found, "lambdas, method references and indy string"
                + " concatenation are kept out of the agent (agent/README.md)");
    }

    @Test
    void ourClassesTheAgentLoadsHaveNoInvokedynamicButRecordMethods() throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : loaded) {
            String name = line.split(" ", 2)[0];
            if (!name.startsWith("org.dkumonitor.")) {
                continue;
            }
            try (InputStream in = ClassLoader.getSystemResourceAsStream(
                    name.replace('.', '/') + ".class")) {
                if (in != null) {
                    found.addAll(invokedynamicSites(in.readAllBytes()));
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static List<String> invokedynamicSites(byte[] bytes) {
        ClassModel model = ClassFile.of().parse(bytes);
        List<String> sites = new ArrayList<>();
        for (MethodModel method : model.methods()) {
            method.code().ifPresent(code -> code.forEach(element -> {
                if (element instanceof InvokeDynamicInstruction indy && !indy.bootstrapMethod()
                        .owner().descriptorString().equals(RECORD_METHODS)) {
                    sites.add(model.thisClass().asInternalName() + "." + method.methodName()
                            + " -> " + indy.bootstrapMethod().owner().displayName() + "."
                            + indy.bootstrapMethod().methodName());
                }
            }));
        }
        return sites;
    }
}
