package org.dkumonitor.server.gottwall;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.dkumonitor.server.metrics.MetricName;

/**
 * GottWall counters as Graphite series: {@code gottwall.<project>.<name>} and, per filter value,
 * {@code gottwall.<project>.<name>.<filter>.<value>}. Each part is one path node, encoded
 * reversibly: letters, digits, {@code _} and {@code -} stay as they are; every other byte of
 * its UTF-8 becomes {@code %XX} (upper-case hex), so {@code orders.new} is
 * {@code orders%2Enew}, {@code 100%} is {@code 100%25} and {@code café} is {@code caf%C3%A9};
 * the empty text is {@code %}. Dots, glob characters ({@code * ? [ ] { }}), slashes and spaces
 * therefore never reach a series name. A part whose encoding is longer than a path node may be
 * ({@value MetricName#MAX_NODE_BYTES} bytes) is refused.
 */
final class SeriesNames {

    static final String ROOT = "gottwall";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SeriesNames() {
    }

    /** {@code gottwall.<project>.<name>}. */
    static String counter(String project, String name) {
        return ROOT + '.' + node(project) + '.' + node(name);
    }

    /** The series of one filter value under a counter's series. */
    static String filtered(String counterSeries, String filter, String value) {
        return counterSeries + '.' + node(filter) + '.' + node(value);
    }

    /** One part as a path node. */
    static String node(String text) {
        if (text.isEmpty()) {
            return "%";
        }
        if (isPlain(text)) {
            return checked(text, text);
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length * 2);
        for (byte b : utf8) {
            int c = b & 0xff;
            if (isPlain(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return checked(text, out.toString());
    }

    /** The text a node encodes; throws for a node this class did not make. */
    static String decode(String node) {
        if (node.equals("%")) {
            return "";
        }
        if (node.indexOf('%') < 0) {
            return node;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(node.length());
        for (int i = 0; i < node.length(); i++) {
            char c = node.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            if (i + 2 >= node.length()) {
                throw new IllegalArgumentException("a cut %XX escape in " + node);
            }
            int high = Character.digit(node.charAt(i + 1), 16);
            int low = Character.digit(node.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("a bad %XX escape in " + node);
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String checked(String text, String node) {
        if (node.length() > MetricName.MAX_NODE_BYTES) {
            throw new BadMetricException(BadMetricException.Reason.BAD_NAME, Printable.of(text)
                    + " is " + node.length() + " bytes as a series node (letters, digits, _ and"
                    + " - count 1, other bytes 3), more than " + MetricName.MAX_NODE_BYTES);
        }
        return node;
    }

    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isPlain(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlain(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                || c == '-';
    }
}
