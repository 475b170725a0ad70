package org.dkumonitor.dist;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The bundle's {@code ui/}: the built-in UI's files exactly as the server serves them (its pages
 * and uPlot), written by the server's own code so the two cannot drift. An install links
 * {@code static/} to it, and the server serves {@code static/}'s files over its own: editing
 * {@code ui/app.css} changes the page without a rebuild.
 */
final class BuiltInUi {

    private BuiltInUi() {
    }

    /** Writes every UI file under {@code target}; returns how many. */
    static int write(Path target) throws IOException {
        org.dkumonitor.server.ui.BuiltInUi.writeAssets(target);
        return org.dkumonitor.server.ui.BuiltInUi.assetNames().size();
    }
}
