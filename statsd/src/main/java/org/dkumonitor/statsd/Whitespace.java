package org.dkumonitor.statsd;

/**
 * JavaScript's white space ({@code \s} in a regular expression, what {@code trim()} removes)
 * found in UTF-8 bytes: tab, line feed, vertical tab, form feed, carriage return, space, and
 * U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF. Statsd
 * decodes a packet as UTF-8 before it trims or sanitises; these byte sequences are exactly
 * the characters that decoding yields as white space (an invalid sequence decodes to U+FFFD,
 * which is not).
 */
final class Whitespace {

    private Whitespace() {
    }

    /** The length in bytes of the white-space character at {@code b[i]}, or 0. */
    static int at(byte[] b, int i, int to) {
        int c = b[i] & 0xff;
        if (c == ' ' || (c >= 0x09 && c <= 0x0d)) {
            return 1;
        }
        if (c < 0xc2 || i + 1 >= to) {
            return 0;
        }
        int c1 = b[i + 1] & 0xff;
        if (c == 0xc2) {
            return c1 == 0xa0 ? 2 : 0;
        }
        if (i + 2 >= to) {
            return 0;
        }
        int c2 = b[i + 2] & 0xff;
        boolean space = switch (c) {
            case 0xe1 -> c1 == 0x9a && c2 == 0x80;
            case 0xe2 -> (c1 == 0x80 && (c2 <= 0x8a && c2 >= 0x80 || c2 == 0xa8 || c2 == 0xa9
                    || c2 == 0xaf)) || (c1 == 0x81 && c2 == 0x9f);
            case 0xe3 -> c1 == 0x80 && c2 == 0x80;
            case 0xef -> c1 == 0xbb && c2 == 0xbf;
            default -> false;
        };
        return space ? 3 : 0;
    }

    /** The length in bytes of a white-space character ending just before {@code b[to]}, or 0. */
    static int endingAt(byte[] b, int from, int to) {
        if (to - 1 >= from && at(b, to - 1, to) == 1) {
            return 1;
        }
        if (to - 2 >= from && at(b, to - 2, to) == 2) {
            return 2;
        }
        if (to - 3 >= from && at(b, to - 3, to) == 3) {
            return 3;
        }
        return 0;
    }
}
