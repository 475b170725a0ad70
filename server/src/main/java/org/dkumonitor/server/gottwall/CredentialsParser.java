package org.dkumonitor.server.gottwall;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads GottWall's auth headers (spec sections 2.2 to 2.4) the way its server splits them: a
 * case-sensitive prefix, then fields separated by runs of whitespace (Python's
 * {@code str.split()}, so even {@code GottWallS11391854203 sig 1000} parses). Anything else is
 * {@link AuthException.Reason#MALFORMED}: where GottWall answered 500, or worse treated a
 * header it could not parse as authenticated (its stream), we refuse.
 */
final class CredentialsParser {

    static final String S1 = "GottWallS1";
    static final String S2 = "GottWallS2";
    private static final String BASIC = "Basic";
    /** Longer than any real header; bounds the work a hostile one costs. */
    private static final int MAX_HEADER = 1024;

    private CredentialsParser() {
    }

    /** The value of {@code X-GottWall-Auth}: S1 with 3 or 4 fields, or S2. */
    static Credentials.Signed httpHeader(String value) {
        if (value.startsWith(S2)) {
            return stream(value);
        }
        if (!value.startsWith(S1)) {
            throw malformed("X-GottWall-Auth must start with " + S1 + " (or " + S2 + ")");
        }
        List<String> fields = fields(value, S1);
        if (fields.size() != 3 && fields.size() != 4) {
            throw malformed(S1 + " takes 3 fields (ts sign base) or 4 (ts sign base project),"
                    + " found " + fields.size());
        }
        return signed(fields, fields.size() == 4 ? fields.get(3) : null);
    }

    /** The stream's header: {@code GottWallS2 <ts> <sign> <base> <project>}. */
    static Credentials.Signed stream(String value) {
        if (!value.startsWith(S2)) {
            throw malformed("the stream must start with " + S2 + " <ts> <sign> <base> <project>");
        }
        List<String> fields = fields(value, S2);
        if (fields.size() != 4) {
            throw malformed(S2 + " takes 4 fields (ts sign base project), found "
                    + fields.size());
        }
        return signed(fields, fields.get(3));
    }

    /** The value of {@code Authorization}: {@code Basic base64(public:private)}. */
    static Credentials.Basic basic(String value) {
        if (!value.startsWith(BASIC) || value.length() > MAX_HEADER) {
            throw malformed("Authorization must be Basic base64(public_key:private_key)");
        }
        byte[] decoded;
        try {
            decoded = Base64.getMimeDecoder().decode(value.substring(BASIC.length()).strip());
        } catch (IllegalArgumentException e) {
            throw malformed("Authorization: Basic is not valid base64");
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
            throw malformed("Authorization: Basic must hold public_key:private_key (one ':')");
        }
        return new Credentials.Basic(text.substring(0, colon), text.substring(colon + 1));
    }

    private static Credentials.Signed signed(List<String> fields, String project) {
        return new Credentials.Signed(number(fields.get(0), "ts"), fields.get(1),
                nonZero(number(fields.get(2), "base")), project);
    }

    private static long nonZero(long base) {
        if (base == 0) {
            throw malformed("the signature's base must not be 0");
        }
        return base;
    }

    /** An optionally signed run of ASCII digits that fits a long, as Python's int() reads it. */
    private static long number(String text, String field) {
        int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        boolean digits = text.length() > start && text.length() <= 19 + start;
        for (int i = start; digits && i < text.length(); i++) {
            digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
        }
        if (!digits) {
            throw malformed("the signature's " + field + " must be a whole number");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw malformed("the signature's " + field + " is out of range");
        }
    }

    /** Python 2 {@code str.split()} of what follows the prefix. */
    private static List<String> fields(String value, String prefix) {
        if (value.length() > MAX_HEADER) {
            throw malformed("the auth header is longer than " + MAX_HEADER + " characters");
        }
        List<String> fields = new ArrayList<>(4);
        int i = prefix.length();
        while (i < value.length()) {
            while (i < value.length() && isSpace(value.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < value.length() && !isSpace(value.charAt(i))) {
                i++;
            }
            if (i > start) {
                fields.add(value.substring(start, i));
            }
        }
        return fields;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    private static AuthException malformed(String message) {
        return new AuthException(AuthException.Reason.MALFORMED, message);
    }
}
