package org.dkumonitor.supervisor.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Makes {@code run/dkm.aot}, the JVM's ahead-of-time cache of the classes {@code dkm status}
 * loads and links (JDK 25, JEP 483/514), which {@code bin/dkm} uses when it exists: it roughly
 * halves the time of {@code dkm status}. It is made by a training run of {@code dkm status}
 * against this supervisor, in the background once the programs are started, and made again
 * when the bundle changed: when the CRCs of the entries of its jars differ from those recorded
 * beside the cache ({@code dkm.aot.stamp}; the bundle's jars all carry one fixed mtime, so
 * the JVM's own check, by size and mtime, could miss a changed jar), or when the JVM itself
 * will not map it ({@code -XX:AOTMode=on}; a stale cache would make dkm slower than none, as
 * the JVM then drops the JDK's own CDS archive too). Made per install rather than shipped in
 * the bundle, because a cache is not byte-for-byte reproducible and the bundle's tarball is.
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

    /** On a background thread: checks the cache, and makes it again when it is stale. */
    void refreshInBackground() {
        Path java = home.resolve("runtime/bin/java");
        if (!Files.isExecutable(java)) {
            return;
        }
        Thread.ofPlatform().daemon().name("dkm-aot-cache").start(() -> {
            deleteTemporaries(); // a training run killed with the supervisor left them
            try {
                String fingerprint = fingerprint(home.resolve("lib"));
                if (!fingerprint.equals(readStamp()) || !usable(java, cache)) {
                    // a stale cache slows dkm down: without it until the new one is made
                    Files.deleteIfExists(cache);
                    Files.deleteIfExists(stamp());
                    train(java, fingerprint);
                }
            } catch (IOException e) {
                LOG.warning("cannot check " + cache + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * What the bundle's classes are: every jar's name and the name, size and CRC-32 of each of
     * its entries, which a jar's central directory holds, so no class is read.
     */
    static String fingerprint(Path lib) throws IOException {
        CRC32 crc = new CRC32();
        List<Path> jars = new java.util.ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(lib, "*.jar")) {
            listing.forEach(jars::add);
        }
        jars.sort(null);
        java.nio.ByteBuffer entry = java.nio.ByteBuffer.allocate(16);
        for (Path jar : jars) {
            crc.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                var entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry next = entries.nextElement();
                    crc.update(next.getName().getBytes(StandardCharsets.UTF_8));
                    entry.clear();
                    entry.putLong(next.getSize()).putLong(next.getCrc()).flip();
                    crc.update(entry);
                }
            }
        }
        return Long.toHexString(crc.getValue()) + "-" + jars.size();
    }

    private Path stamp() {
        return cache.resolveSibling(cache.getFileName() + ".stamp");
    }

    private String readStamp() {
        try {
            return Files.readString(stamp(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** True when a JVM started as bin/dkm starts it can map the cache (AOTMode=on fails if not). */
    private boolean usable(Path java, Path candidate) throws IOException, InterruptedException {
        if (!Files.exists(candidate)) {
            return false;
        }
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

    void train(Path java, String fingerprint) {
        Path temp = cache.resolveSibling(cache.getFileName() + ".tmp");
        try {
            trainInto(temp, java, fingerprint);
        } finally {
            deleteTemporaries();
        }
    }

    /**
     * Deletes what a training run leaves beside the cache: its output under the temporary
     * name and the JVM's own temporary files named after it ({@code dkm.aot.tmp.config}, some
     * 10 MB, is the AOT configuration a one-step training writes and deletes only on success).
     */
    void deleteTemporaries() {
        String prefix = cache.getFileName() + ".tmp";
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(cache.getParent(),
                entry -> entry.getFileName().toString().startsWith(prefix))) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException e) {
            LOG.warning("cannot delete the temporary files of " + cache + ": " + e.getMessage());
        }
    }

    private void trainInto(Path temp, Path java, String fingerprint) {
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
                Files.writeString(stamp(), fingerprint + "\n", StandardCharsets.UTF_8);
                LOG.info("made " + cache + ", the AOT cache that makes dkm start faster");
            } else {
                Files.deleteIfExists(temp);
                Files.deleteIfExists(cache);
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
