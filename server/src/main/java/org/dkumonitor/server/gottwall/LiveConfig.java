package org.dkumonitor.server.gottwall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.dkumonitor.core.config.ConfigException;

/**
 * The {@code gottwall:} section in force. {@link #reloadIfChanged} (every few seconds) re-reads
 * server.yaml when its time or size changed, so that {@code dkmadmin gottwall project add}
 * takes effect without a restart. A file that no longer loads is reported and the keys in force
 * are kept; the prefix and the stream listener keep their values until a restart.
 */
public final class LiveConfig implements Supplier<GottwallConfig> {

    private static final Logger LOG = Logger.getLogger(LiveConfig.class.getName());

    private final Path file;
    private final Supplier<GottwallConfig> loader;
    private volatile GottwallConfig current;
    private Object seen;

    /**
     * {@code file} is watched and {@code loader} reads the section from it; with a null file
     * the config never changes (tests).
     */
    public LiveConfig(GottwallConfig initial, Path file, Supplier<GottwallConfig> loader) {
        this.current = Objects.requireNonNull(initial, "initial");
        this.file = file;
        this.loader = loader;
        this.seen = file == null ? null : stamp(file);
    }

    /** A config that never changes. */
    public static LiveConfig fixed(GottwallConfig config) {
        return new LiveConfig(config, null, null);
    }

    @Override
    public GottwallConfig get() {
        return current;
    }

    /** Re-reads the section if the file changed; true when the keys in force changed. */
    public synchronized boolean reloadIfChanged() {
        if (file == null) {
            return false;
        }
        Object stamp = stamp(file);
        if (Objects.equals(stamp, seen)) {
            return false;
        }
        seen = stamp;
        GottwallConfig loaded;
        try {
            loaded = loader.get();
        } catch (ConfigException e) {
            LOG.warning("keeping the GottWall keys in force: " + e.getMessage());
            return false;
        }
        if (loaded == null) {
            LOG.warning(file + " has no gottwall: section any more; keeping the GottWall keys"
                    + " in force until the server restarts");
            return false;
        }
        if (loaded.equals(current)) {
            return false;
        }
        GottwallConfig before = current;
        current = loaded;
        if (!loaded.prefix().equals(before.prefix())
                || !Objects.equals(loaded.stream(), before.stream())) {
            LOG.warning("gottwall.prefix and gottwall.stream changed in " + file + "; they take"
                    + " effect when the server restarts (dkm restart server)");
        }
        LOG.info("reloaded the GottWall keys from " + file + ": " + loaded.projects().size()
                + " project(s) " + new java.util.TreeSet<>(loaded.projects().keySet()));
        return true;
    }

    private static Object stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.lastModifiedTime().toMillis() + ":" + attributes.size() + ":"
                    + attributes.fileKey();
        } catch (IOException e) {
            return "missing";
        }
    }
}
