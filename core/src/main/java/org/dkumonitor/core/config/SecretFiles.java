package org.dkumonitor.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.logging.Logger;
import org.dkumonitor.core.DkmException;

/**
 * Checks that a file holding a secret (a bearer token, an ingest key) can be read by its owner
 * only, as the installer writes it (mode 0600): a token any local user can read protects
 * nothing. What a program does about an exposed one is its {@link Policy}: refuse to start
 * (the default), or start with a loud warning.
 */
public final class SecretFiles {

    /** What to do when a secret-bearing file can be read by other users. */
    public enum Policy {
        /** Refuse to start, saying how to fix it. */
        REFUSE,
        /** Start, with a warning in the log. */
        WARN
    }

    private static final Logger LOG = Logger.getLogger(SecretFiles.class.getName());
    private static final Set<PosixFilePermission> EXPOSING = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private SecretFiles() {
    }

    /**
     * Checks {@code file}, which holds {@code what}; {@code policyKey} names the setting that
     * chooses the policy, for the message. Does nothing where files have no POSIX permissions.
     */
    public static void check(Path file, String what, Policy policy, String policyKey) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return;
        }
        if (permissions.stream().noneMatch(EXPOSING::contains)) {
            return;
        }
        String message = file + " holds " + what + " and can be read by other users (mode "
                + PosixFilePermissions.toString(permissions) + "): run 'chmod 600 " + file
                + "'";
        if (policy == Policy.REFUSE) {
            throw new DkmException(message + ", or set " + policyKey + ": warn to start"
                    + " anyway");
        }
        LOG.severe("SECURITY: " + message + "; starting anyway (" + policyKey + ": warn)");
    }
}
