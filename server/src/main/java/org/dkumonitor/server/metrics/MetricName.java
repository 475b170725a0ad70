package org.dkumonitor.server.metrics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dkumonitor.server.whisper.WhisperFormat;

/**
 * Maps a metric name to its whisper file the way carbon does ({@code a.b.c} becomes
 * {@code a/b/c.wsp}) after refusing any name that could leave the storage directory or make an
 * odd file: empty, an empty node (leading, trailing or double dot), {@code .} or {@code ..} as a
 * node, {@code /}, {@code \}, NUL, control characters, whitespace, a node over
 * {@value #MAX_NODE_BYTES} bytes or a path over {@value #MAX_PATH_BYTES} bytes.
 *
 * <p>Tagged names ({@code name;tag=value;...}, Graphite 1.1) are normalised as carbon does:
 * leading {@code ~} stripped from the name, the {@code ;key=value} parts sorted as strings, the
 * last of duplicate keys kept.
 * Their file is {@code _tagged/<h[0:3]>/<h[3:6]>/<h>.wsp} where {@code h} is the SHA-256 of the
 * normalised name in hex: carbon's layout with {@code TAG_HASH_FILENAMES} on (its default), so a
 * tree written by carbon is read as it is. Tag keys must be non-empty without {@code ;!^=},
 * values non-empty without {@code ;} and not starting with {@code ~}; neither may hold spaces or
 * control characters.
 */
public final class MetricName {

    public static final int MAX_NODE_BYTES = 255 - WhisperFormat.EXTENSION.length();
    public static final int MAX_PATH_BYTES = 4095;

    private MetricName() {
    }

    /** The directory under the whisper root that holds tagged series. */
    public static final String TAGGED_DIRECTORY = "_tagged";

    /**
     * The name a received metric is stored under: a plain name as it is once validated, a
     * tagged name normalised. Throws saying why when the name must not be stored.
     */
    public static String normalize(String received) {
        int semicolon = received.indexOf(';');
        if (semicolon < 0) {
            return validate(received);
        }
        String name = received.substring(0, semicolon);
        int tilde = 0;
        while (tilde < name.length() && name.charAt(tilde) == '~') {
            tilde++;
        }
        name = name.substring(tilde);
        validate(name);
        Map<String, String> tags = new TreeMap<>();
        int at = semicolon;
        while (at < received.length()) {
            int next = received.indexOf(';', at + 1);
            int end = next < 0 ? received.length() : next;
            String tag = received.substring(at + 1, end);
            int equals = tag.indexOf('=');
            if (equals <= 0) {
                throw new InvalidMetricNameException(received, "bad tag",
                        "(expected key=value)", at + 1);
            }
            String key = tag.substring(0, equals);
            String value = tag.substring(equals + 1);
            checkTagPart(received, key, at + 1, ";!^= ");
            if (value.isEmpty() || value.charAt(0) == '~') {
                throw new InvalidMetricNameException(received, "bad tag",
                        "(empty value or one starting with ~)", at + 2 + equals);
            }
            checkTagPart(received, value, at + 2 + equals, "; ");
            tags.put(key, value);
            at = end;
        }
        // carbon's TaggedSeries.format sorts the ";key=value" strings, not the keys: the two
        // differ where a key is another's prefix followed by a character below '=' ("dc2" sorts
        // before "dc"), and the order is in the file's hash
        List<String> pairs = new ArrayList<>(tags.size());
        tags.forEach((key, value) -> pairs.add(";" + key + "=" + value));
        Collections.sort(pairs);
        StringBuilder normalized = new StringBuilder(name);
        pairs.forEach(normalized::append);
        if (normalized.length() > MAX_PATH_BYTES) {
            throw new InvalidMetricNameException(received, "too long",
                    "(over " + MAX_PATH_BYTES + " bytes)", -1);
        }
        return normalized.toString();
    }

    private static void checkTagPart(String received, String part, int column, String refused) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < 0x20 || c == 0x7f || refused.indexOf(c) >= 0) {
                throw new InvalidMetricNameException(received, "bad tag character",
                        String.format("U+%04X", (int) c), column + i);
            }
        }
    }

    /** Whether a stored name is a tagged series. */
    public static boolean isTagged(String name) {
        return name.indexOf(';') >= 0;
    }

    /** Returns the name if it is safe to store, else throws saying why. */
    public static String validate(String name) {
        if (name.isEmpty()) {
            throw new InvalidMetricNameException(name, "empty name", -1);
        }
        if (utf8Length(name, 0, name.length()) > MAX_PATH_BYTES) {
            throw new InvalidMetricNameException(name, "too long", "(over " + MAX_PATH_BYTES
                    + " bytes)", -1);
        }
        int nodeStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                checkNode(name, nodeStart, i);
                nodeStart = i + 1;
                continue;
            }
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                throw new InvalidMetricNameException(name, "slash",
                        "('" + c + "' would make a directory)", i);
            }
            if (c < 0x20 || c == 0x7f || Character.isWhitespace(c)) {
                throw new InvalidMetricNameException(name, "control or space character",
                        String.format("U+%04X", (int) c), i);
            }
        }
        return name;
    }

    private static void checkNode(String name, int start, int end) {
        if (start == end) {
            throw new InvalidMetricNameException(name, "empty node", start);
        }
        if (end - start > MAX_NODE_BYTES / 3 && utf8Length(name, start, end) > MAX_NODE_BYTES) {
            throw new InvalidMetricNameException(name, "node too long",
                    "(over " + MAX_NODE_BYTES + " bytes)", start);
        }
    }

    /** UTF-8 length of {@code text[from, to)} without encoding it. */
    private static int utf8Length(String text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The whisper file of a valid name under {@code root}. */
    public static Path whisperFile(Path root, String name) {
        if (isTagged(name)) {
            String hash = sha256(normalize(name));
            return root.resolve(TAGGED_DIRECTORY).resolve(hash.substring(0, 3))
                    .resolve(hash.substring(3, 6)).resolve(hash + WhisperFormat.EXTENSION);
        }
        // one resolve of the whole relative path (the persister asks on every update): a valid
        // name has no empty node and no slash, so its dots are exactly its directories and no
        // directory is "." or "..": the path stays under root without a normalize() to check it
        // (which, with startsWith, was 2% of the server's CPU under steady-bench.sh; a test
        // tries random hostile names instead)
        return root.resolve(validate(name).replace('.', '/') + WhisperFormat.EXTENSION);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
