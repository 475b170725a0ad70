package org.dkumonitor.server.render.target;

import org.dkumonitor.core.DkmException;

/** A render target that does not follow graphite-web's grammar; names the column. */
public final class TargetSyntaxException extends DkmException {

    private final int column;

    public TargetSyntaxException(String target, int column, String why) {
        super("syntax error in target '" + shortened(target, column) + "' at column " + column
                + ": " + why);
        this.column = column;
    }

    /** A long target cut to the 200 characters around the column, so the error stays short. */
    private static String shortened(String target, int column) {
        if (target.length() <= 200) {
            return target;
        }
        int from = Math.max(0, Math.min(column - 100, target.length() - 200));
        return (from > 0 ? "…" : "") + target.substring(from, from + 200)
                + (from + 200 < target.length() ? "…" : "");
    }

    public int column() {
        return column;
    }
}
