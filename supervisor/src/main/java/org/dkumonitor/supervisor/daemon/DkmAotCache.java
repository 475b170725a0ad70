package org.dkumonitor.supervisor.daemon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Makes {@code run/dkm.aot}, the JVM's ahead-of-time cache of the classes {@code dkm status}
 * loads and links (JDK 25, JEP 483/514), which {@code bin/dkm} uses when it exists: it roughly
 * halves the time of {@code dkm status}. It is made by a training run of {@code dkm status}
 * against this supervisor, in the background once the programs are started, and made again
 * when a jar of the bundle is newer than it (a JVM silently ignores a cache that no longer
 * matches its class path). Made per install rather than shipped in the bundle, because a cache
 * is not byte-for-byte reproducible and the bundle's tarball is.
 *
 * <p>The training run's JVM options must be those of {@code bin/dkm}, or the cache is ignored.
 */
final class DkmAotCache {

    static final List<String> DKM_JVM_OPTIONS = List.of("-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
    private static final Logger LOG = Logger.getLogger(DkmAotCache.class.getName());
    private static final long TRAINING_TIMEOUT_SECONDS = 120;

    private final Path home;
    private final Path dataDir;
    private final Path cache;

    DkmAotCache(Path home, Path dataDir, Path cache) {
        this.home = home;
        this.dataDir = dataDir;
        this.cache = cache;
    }

    /** Starts a training run on a background thread when the cache is missing or stale. */
    void refreshInBackground() {
        Path java = home.resolve("runtime/bin/java");
        if (!Files.isExecutable(java) || upToDate()) {
            return;
        }
        Thread.ofPlatform().daemon().name("dkm-aot-cache").start(() -> train(java));
    }

    /** True when the cache exists and no jar of the bundle is newer. */
    boolean upToDate() {
        if (!Files.exists(cache)) {
            return false;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(home.resolve("lib"),
                "*.jar")) {
            FileTime made = Files.getLastModifiedTime(cache);
            for (Path jar : jars) {
                if (Files.getLastModifiedTime(jar).compareTo(made) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when a JVM started as bin/dkm starts it can map the cache (AOTMode=on fails if not). */
    private boolean usable(Path java, Path candidate) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(java.toString());
        command.add("-XX:AOTMode=on");
        command.add("-XX:AOTCache=" + candidate);
        command.addAll(DKM_JVM_OPTIONS);
        command.addAll(List.of("-cp", home.resolve("lib") + "/*",
                "org.dkumonitor.supervisor.dkm.DkmCommand", "--version"));
        Process check = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!check.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            return false;
        }
        return check.exitValue() == 0;
    }

    private void train(Path java) {
        Path temp = cache.resolveSibling(cache.getFileName() + ".tmp");
        List<String> command = new java.util.ArrayList<>();
        command.add(java.toString());
        command.add("-XX:AOTCacheOutput=" + temp);
        command.addAll(DKM_JVM_OPTIONS);
        command.addAll(List.of("-cp", home.resolve("lib") + "/*",
                "org.dkumonitor.supervisor.dkm.DkmCommand", "status"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .directory(dataDir.toFile());
        builder.environment().put("DKM_DATA_DIR", dataDir.toString());
        builder.environment().put("DKM_HOME", home.toString());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        try {
            Process training = builder.start();
            if (!training.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                training.destroyForcibly();
                LOG.warning("the training run for " + cache + " took too long; dkm runs"
                        + " without it");
                return;
            }
            if (Files.exists(temp) && usable(java, temp)) {
                Files.move(temp, cache, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                LOG.info("made " + cache + ", the AOT cache that makes dkm start faster");
            } else {
                Files.deleteIfExists(temp);
                LOG.warning("the training run made no usable " + cache + "; dkm runs without"
                        + " it");
            }
        } catch (IOException e) {
            LOG.warning("cannot make " + cache + ": " + e.getMessage() + "; dkm runs without it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
