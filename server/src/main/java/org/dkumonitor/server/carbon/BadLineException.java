package org.dkumonitor.server.carbon;

import org.dkumonitor.core.DkmException;

/** A carbon line that cannot be parsed; the receiver counts it and keeps the connection. */
public final class BadLineException extends DkmException {

    public BadLineException(String line, String why) {
        super("bad carbon line '" + shorten(line) + "': " + why);
    }

    private static String shorten(String line) {
        String printable = line.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 200 ? printable : printable.substring(0, 200) + "...";
    }
}
