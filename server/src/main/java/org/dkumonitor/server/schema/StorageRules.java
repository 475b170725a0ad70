package org.dkumonitor.server.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.logging.Logger;
import org.dkumonitor.core.config.ConfigException;

/**
 * storage-schemas.conf and storage-aggregation.conf as currently in force. {@link #reloadIfChanged}
 * (called periodically, as Python carbon rereads them every 60 s) picks up an edited file; a
 * file that no longer parses is reported and the rules in force are kept, so an editing mistake
 * never stops the server or loses points. Rules apply when a file is created; existing whisper
 * files keep their archives until resized ({@code dkmadmin storage resize}).
 */
public final class StorageRules {

    private static final Logger LOG = Logger.getLogger(StorageRules.class.getName());

    private final Path schemasFile;
    private final Path aggregationFile;
    private volatile StorageSchemas schemas;
    private volatile StorageAggregation aggregation;
    private FileTime schemasTime;
    private FileTime aggregationTime;
    private final java.util.List<Runnable> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private StorageRules(Path schemasFile, Path aggregationFile) {
        this.schemasFile = schemasFile;
        this.aggregationFile = aggregationFile;
    }

    /** Loads both files; a syntax error here stops the start with the file and line. */
    public static StorageRules load(Path schemasFile, Path aggregationFile) {
        StorageRules rules = new StorageRules(schemasFile, aggregationFile);
        rules.schemasTime = modified(schemasFile);
        rules.aggregationTime = modified(aggregationFile);
        rules.schemas = StorageSchemas.load(schemasFile);
        rules.aggregation = StorageAggregation.load(aggregationFile);
        return rules;
    }

    public StorageSchemas schemas() {
        return schemas;
    }

    public Path schemasFile() {
        return schemasFile;
    }

    public Path aggregationFile() {
        return aggregationFile;
    }

    /** Runs {@code listener} after every reload that changed the rules. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public StorageAggregation aggregation() {
        return aggregation;
    }

    /** Rereads a file whose modification time changed; returns true if rules changed. */
    public synchronized boolean reloadIfChanged() {
        boolean changed = false;
        FileTime time = modified(schemasFile);
        if (!time.equals(schemasTime)) {
            schemasTime = time;
            try {
                schemas = StorageSchemas.load(schemasFile);
                changed = true;
                LOG.info("reloaded " + schemasFile + ": new files get the new retentions");
            } catch (ConfigException e) {
                LOG.warning("keeping the previous storage schemas: " + e.getMessage());
            }
        }
        time = modified(aggregationFile);
        if (!time.equals(aggregationTime)) {
            aggregationTime = time;
            try {
                aggregation = StorageAggregation.load(aggregationFile);
                changed = true;
                LOG.info("reloaded " + aggregationFile);
            } catch (ConfigException e) {
                LOG.warning("keeping the previous aggregation rules: " + e.getMessage());
            }
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
        return changed;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            return FileTime.fromMillis(0);
        } catch (IOException e) {
            return FileTime.fromMillis(-1);
        }
    }
}
