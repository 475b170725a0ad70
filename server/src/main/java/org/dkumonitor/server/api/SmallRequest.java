package org.dkumonitor.server.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells a small request, one the gate keeps a share for ({@code RequestGate#enterSmall}),
 * from its parameters alone, before any work: at most {@value #MAX_NAMES} targets or queries
 * that name their series without a wildcard or a tag query, so each reads at most one series
 * per name. Anything else (a glob, {@code seriesByTag}, many targets) takes its turn with the
 * rest.
 */
final class SmallRequest {

    static final int MAX_NAMES = 10;

    private SmallRequest() {
    }

    static boolean is(QueryParameters parameters) {
        List<String> names = new ArrayList<>(parameters.all("target"));
        names.addAll(parameters.all("query"));
        if (names.isEmpty() || names.size() > MAX_NAMES) {
            return false;
        }
        for (String name : names) {
            if (!namesWithoutWildcard(name)) {
                return false;
            }
        }
        return true;
    }

    private static boolean namesWithoutWildcard(String target) {
        for (int i = 0; i < target.length(); i++) {
            switch (target.charAt(i)) {
                case '*', '?', '[', '{' -> {
                    return false;
                }
                default -> {
                }
            }
        }
        return !target.contains("ByTag");
    }
}
