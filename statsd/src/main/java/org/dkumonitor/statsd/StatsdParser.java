package org.dkumonitor.statsd;

/**
 * The StatsD line protocol as Etsy statsd 0.9 reads it, over the bytes of a packet:
 *
 * <pre>
 * packet  = line *("\n" line)                  empty lines are skipped
 * line    = key [":" value *(":" value)] ["|#" tags ["|#" ...]]
 * value   = number "|" type ["|@" rate] *("|" ignored)
 * tags    = tag *("," tag)                     DogStatsD: each becomes ";tag" with its
 *                                              first ":" turned into "=" (name;k=v;k2=v2)
 * type    = "c" | "ms" | "g" | "s"             anything else is a counter (statsd), or
 *                                              also "h" (a timer) and "kv" (statsite naming)
 * </pre>
 *
 * <p>What statsd does, and so this parser: a line without {@code :} is {@code key:1} (which,
 * having no type, is a bad line); the key is sanitised (white-space runs become {@code _},
 * {@code /} becomes {@code -}, and everything but {@code [A-Za-z0-9_.;=-]} goes); every value
 * is checked on its own (a bad one is counted, its neighbours still count): a type is needed;
 * a rate must be {@code @} and a non-negative JavaScript number; a gauge's, counter's or
 * timer's value must be a JavaScript number ({@link JsNumber}), a timer's not negative. The
 * type is checked as written but chosen trimmed ({@code 5|g\r} is a gauge). Beyond statsd: a
 * rate must be above 0 and at most 1 (statsd would multiply by infinity or count fractions of
 * a sample), and a key longer than {@value #MAX_KEY_BYTES} bytes after sanitising is a bad line
 * (no store could name it).
 *
 * <p>Not thread-safe: one per receiving thread. Allocates nothing per packet.
 */
final class StatsdParser {

    static final int MAX_KEY_BYTES = 4096;

    private final boolean statsiteTypes;
    private final byte[] key = new byte[MAX_KEY_BYTES + 8];
    private int keyLength;
    private boolean inWhitespace;
    private boolean tooLong;

    /** {@code statsiteTypes}: {@code h} is a timer, {@code kv} a key/value, others bad. */
    StatsdParser(boolean statsiteTypes) {
        this.statsiteTypes = statsiteTypes;
    }

    /** One packet: a UDP datagram, or the complete lines of one TCP read. */
    void packet(byte[] b, int from, int to, Samples out) {
        out.packet();
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == '\n') {
                if (i > start) {
                    line(b, start, i, out);
                }
                start = i + 1;
            }
        }
    }

    /** One non-empty line, without its newline. */
    void line(byte[] b, int from, int to, Samples out) {
        out.line();
        int tagsAt = indexOf(b, from, to, '|', '#');
        int mainEnd = tagsAt < 0 ? to : tagsAt;
        int colon = indexOf(b, from, mainEnd, ':');
        int keyEnd = colon < 0 ? mainEnd : colon;
        buildKey(b, from, keyEnd, tagsAt, to);
        if (colon < 0) {
            // statsd reads "key" as "key:1", which has no type
            out.badLine();
            return;
        }
        int start = colon + 1;
        for (int i = start; i <= mainEnd; i++) {
            if (i == mainEnd || b[i] == ':') {
                value(b, start, i, out);
                start = i + 1;
            }
        }
    }

    private void value(byte[] b, int from, int to, Samples out) {
        int bar1 = indexOf(b, from, to, '|');
        if (bar1 < 0 || tooLong) {
            out.badLine();
            return;
        }
        int bar2 = indexOf(b, bar1 + 1, to, '|');
        int typeEnd = bar2 < 0 ? to : bar2;
        double rate = 1;
        if (bar2 >= 0) {
            int bar3 = indexOf(b, bar2 + 1, to, '|');
            rate = sampleRate(b, bar2 + 1, bar3 < 0 ? to : bar3);
            if (!(rate > 0 && rate <= 1)) {
                out.badLine();
                return;
            }
        }
        if (!valid(b, from, bar1, bar1 + 1, typeEnd)) {
            out.badLine();
            return;
        }
        int typeFrom = bar1 + 1;
        int typeTo = typeEnd;
        while (typeFrom < typeTo && Whitespace.at(b, typeFrom, typeTo) > 0) {
            typeFrom += Whitespace.at(b, typeFrom, typeTo);
        }
        while (typeTo > typeFrom && Whitespace.endingAt(b, typeFrom, typeTo) > 0) {
            typeTo -= Whitespace.endingAt(b, typeFrom, typeTo);
        }
        int typeLength = typeTo - typeFrom;
        byte t0 = typeLength > 0 ? b[typeFrom] : 0;
        byte t1 = typeLength > 1 ? b[typeFrom + 1] : 0;
        if (typeLength == 2 && t0 == 'm' && t1 == 's' || statsiteTypes && typeLength == 1
                && t0 == 'h') {
            out.timer(key, keyLength, JsNumber.parse(b, from, bar1), 1 / rate);
        } else if (typeLength == 1 && t0 == 'g') {
            boolean delta = bar1 > from && (b[from] == '+' || b[from] == '-');
            out.gauge(key, keyLength, JsNumber.parse(b, from, bar1), delta);
        } else if (typeLength == 1 && t0 == 's') {
            if (bar1 == from) {
                out.set(key, keyLength, ZERO, 0, 1);
            } else {
                out.set(key, keyLength, b, from, bar1);
            }
        } else if (statsiteTypes && typeLength == 2 && t0 == 'k' && t1 == 'v') {
            out.keyValue(key, keyLength, JsNumber.parse(b, from, bar1));
        } else if (statsiteTypes && !(typeLength == 1 && t0 == 'c')) {
            out.badLine();
        } else {
            out.counter(key, keyLength, JsNumber.parse(b, from, bar1) * (1 / rate));
        }
    }

    private static final byte[] ZERO = {'0'};

    /** statsd's is_valid_packet: the type as written decides what the value must be. */
    private static boolean valid(byte[] b, int valueFrom, int valueTo, int typeFrom,
            int typeTo) {
        int typeLength = typeTo - typeFrom;
        if (typeLength == 1 && b[typeFrom] == 's') {
            return true;
        }
        if (valueTo == valueFrom) {
            return false;
        }
        double value = JsNumber.parse(b, valueFrom, valueTo);
        if (value != value) {
            return false;
        }
        boolean timer = typeLength == 2 && b[typeFrom] == 'm' && b[typeFrom + 1] == 's';
        return !timer || value >= 0;
    }

    /**
     * The rate statsd uses: {@code @} and a JavaScript number not starting with {@code -} is
     * valid, and the rate is the number made of the digits and dots that follow the {@code @}
     * (statsd's {@code /^@([\d\.]+)/}); NaN when invalid.
     */
    private static double sampleRate(byte[] b, int from, int to) {
        if (to - from < 2 || b[from] != '@' || b[from + 1] == '-') {
            return Double.NaN;
        }
        double whole = JsNumber.parse(b, from + 1, to);
        if (whole != whole) {
            return Double.NaN;
        }
        int end = from + 1;
        while (end < to && (b[end] >= '0' && b[end] <= '9' || b[end] == '.')) {
            end++;
        }
        // no digit right after '@' (e.g. "@ 0.5", "@+0.5"): statsd fails on it; refused here
        return end == from + 1 ? Double.NaN : JsNumber.parse(b, from + 1, end);
    }

    /**
     * The sanitised key: the name, then {@code ;tag} for each DogStatsD tag, with statsd's
     * sanitising applied to the whole as one string (white-space runs do not cross a tag's
     * bounds, which are not white space).
     */
    private void buildKey(byte[] b, int from, int to, int tagsAt, int lineEnd) {
        keyLength = 0;
        inWhitespace = false;
        tooLong = false;
        sanitise(b, from, to, -1, -1);
        if (tagsAt < 0) {
            return;
        }
        int tagsFrom = tagsAt + 2;
        int next = indexOf(b, tagsFrom, lineEnd, '|', '#');
        int tagsTo = next < 0 ? lineEnd : next;
        if (tagsTo == tagsFrom) {
            return;
        }
        int start = tagsFrom;
        for (int i = tagsFrom; i <= tagsTo; i++) {
            if (i == tagsTo || b[i] == ',') {
                emit((byte) ';');
                inWhitespace = false;
                sanitise(b, start, i, indexOf(b, start, i, ';'), indexOf(b, start, i, ':'));
                start = i + 1;
            }
        }
    }

    /** statsd's sanitizeKeyName over bytes; {@code semicolon}/{@code colon}: turned to _ / =. */
    private void sanitise(byte[] b, int from, int to, int semicolon, int colon) {
        int i = from;
        while (i < to) {
            int space = Whitespace.at(b, i, to);
            if (space > 0) {
                if (!inWhitespace) {
                    emit((byte) '_');
                    inWhitespace = true;
                }
                i += space;
                continue;
            }
            inWhitespace = false;
            byte c = b[i];
            if (i == semicolon) {
                c = '_';
            } else if (i == colon) {
                c = '=';
            }
            if (c == '/') {
                emit((byte) '-');
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '-' || c == '.' || c == ';' || c == '=') {
                emit(c);
            }
            i++;
        }
    }

    private void emit(byte c) {
        if (keyLength < MAX_KEY_BYTES) {
            key[keyLength++] = c;
        } else {
            tooLong = true;
        }
    }

    private static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, int from, int to, char c1, char c2) {
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == c1 && b[i + 1] == c2) {
                return i;
            }
        }
        return -1;
    }
}
