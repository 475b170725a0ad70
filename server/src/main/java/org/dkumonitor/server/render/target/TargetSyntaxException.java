package org.dkumonitor.server.render.target;

import org.dkumonitor.core.DkmException;

/** A render target that does not follow graphite-web's grammar; names the column. */
public final class TargetSyntaxException extends DkmException {

    private final int column;

    public TargetSyntaxException(String target, int column, String why) {
        super("syntax error in target '" + target + "' at column " + column + ": " + why);
        this.column = column;
    }

    public int column() {
        return column;
    }
}
