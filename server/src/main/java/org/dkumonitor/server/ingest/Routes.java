package org.dkumonitor.server.ingest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which mounted handler serves a path. A mount at {@code /a/b} serves {@code /a/b} and every
 * path under {@code /a/b/}; the longest matching mount wins. A mount at {@code /} therefore
 * serves the root path itself (and paths starting with {@code //}), not everything.
 */
final class Routes {

    private record Mount(String prefix, IngestHandler handler) {
    }

    private final List<Mount> mounts = new CopyOnWriteArrayList<>();

    void mount(String prefix, IngestHandler handler) {
        if (prefix == null || !prefix.startsWith("/") || prefix.length() > 1
                && prefix.endsWith("/")) {
            throw new IllegalArgumentException("a mount path starts with / and does not end"
                    + " with one (except / itself), found '" + prefix + "'");
        }
        for (Mount mount : mounts) {
            if (mount.prefix.equals(prefix)) {
                throw new IllegalStateException(prefix + " is mounted already");
            }
        }
        mounts.add(new Mount(prefix, handler));
    }

    /** The handler for the path, or null. */
    IngestHandler find(String path) {
        Mount best = null;
        for (Mount mount : mounts) {
            if (matches(mount.prefix, path)
                    && (best == null || mount.prefix.length() > best.prefix.length())) {
                best = mount;
            }
        }
        return best == null ? null : best.handler;
    }

    private static boolean matches(String prefix, String path) {
        if (!path.startsWith(prefix)) {
            return false;
        }
        return path.length() == prefix.length() || path.charAt(prefix.length()) == '/';
    }

    List<String> prefixes() {
        return mounts.stream().map(Mount::prefix).sorted().toList();
    }
}
