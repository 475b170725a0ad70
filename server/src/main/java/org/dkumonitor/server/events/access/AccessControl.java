package org.dkumonitor.server.events.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The access table of conf/access.json, kept current: the file is looked at again at most once
 * a second, and reread when its modification time or size changed (dkmadmin events token
 * create/revoke, or a copied file). A file that no longer parses keeps the previous table and
 * says so in the log; at start it is an error.
 */
public final class AccessControl {

    private static final Logger LOG = Logger.getLogger(AccessControl.class.getName());
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Path file;
    private volatile AccessTable table;
    private volatile Object stamp;
    private volatile long checkedAt;

    /**
     * Reads the file.
     *
     * @throws AccessFileException when it exists and is not a valid access.json
     */
    public AccessControl(Path file) {
        this.file = file;
        this.stamp = stamp(file);
        this.table = new AccessTable(AccessFile.read(file), file.toString());
        this.checkedAt = System.nanoTime();
        LOG.info("event log access: " + table.users().size() + " users with "
                + table.users().stream().mapToInt(u -> u.tokens().size()).sum() + " tokens in "
                + file);
    }

    /** The current table, reread first when the file changed. */
    public AccessTable table() {
        long now = System.nanoTime();
        if (now - checkedAt >= CHECK_EVERY_NANOS) {
            checkedAt = now;
            reloadIfChanged();
        }
        return table;
    }

    /** Rereads the file now if it changed (tests; the periodic check). */
    public synchronized void reloadIfChanged() {
        Object current = stamp(file);
        if (Objects.equals(current, stamp)) {
            return;
        }
        try {
            List<AccessUser> users = AccessFile.read(file);
            table = new AccessTable(users, file.toString());
            stamp = current;
            LOG.info("event log access: reread " + file + ", " + users.size() + " users");
        } catch (AccessFileException e) {
            stamp = current;
            LOG.warning(e.getMessage() + "; the tokens read before stay in force until the file"
                    + " is fixed");
        }
    }

    private static Object stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file,
                    BasicFileAttributes.class);
            return List.of(attributes.lastModifiedTime(), attributes.size(),
                    String.valueOf(attributes.fileKey()));
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
