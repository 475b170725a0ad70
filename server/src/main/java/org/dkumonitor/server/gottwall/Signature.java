package org.dkumonitor.server.gottwall;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GottWall's request signature (spec section 2.1):
 * {@code hex(HMAC-MD5(key = private key, message = public key + decimal(solt)))}, where the
 * solt is the client's {@code ts} rounded down to a multiple of its {@code base}.
 *
 * <p>Two roundings are accepted. The server's own, and the Python 2 and Go clients', is the
 * floor ({@code (ts // base) * base}: Python 2 divides integers by flooring). stati-net on
 * Python 3 evaluates the same source as {@code round(ts / base) * base}, a true division rounded
 * half to even, which differs whenever {@code ts mod base > base / 2}; GottWall answered those
 * clients 403, we let them in on purpose. The comparison is case-sensitive (GottWall compares
 * strings) and takes constant time.
 */
final class Signature {

    private static final String HMAC_MD5 = "HmacMD5";
    private static final HexFormat HEX = HexFormat.of();
    /** Beyond 2^53 a long is no longer exact as a double, so Python's true division differs. */
    private static final long EXACT_DOUBLE = 1L << 53;

    private Signature() {
    }

    /** {@code floor(ts / base) * base}, as Python 2 computes it; base must not be 0. */
    static long floorSolt(long ts, long base) {
        return Math.multiplyExact(Math.floorDiv(ts, base), base);
    }

    /** {@code round(ts / base) * base} as Python 3 computes it (true division, half to even). */
    static long halfEvenSolt(long ts, long base) {
        if (Math.abs(ts) > EXACT_DOUBLE || Math.abs(base) > EXACT_DOUBLE) {
            return floorSolt(ts, base);
        }
        // both operands are exact doubles and IEEE division rounds once, as Python's int / int
        return Math.multiplyExact((long) Math.rint((double) ts / (double) base), base);
    }

    /** The lowercase hex signature of {@code publicKey + solt}. */
    static String sign(byte[] privateKey, String publicKey, long solt) {
        return HEX.formatHex(hmac(privateKey, (publicKey + solt)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code given} signs {@code ts} and {@code base} by either rounding. */
    static boolean verify(byte[] privateKey, String publicKey, long ts, long base, String given) {
        long floor = floorSolt(ts, base);
        if (matches(sign(privateKey, publicKey, floor), given)) {
            return true;
        }
        long halfEven = halfEvenSolt(ts, base);
        return halfEven != floor && matches(sign(privateKey, publicKey, halfEven), given);
    }

    private static boolean matches(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.ISO_8859_1),
                given.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC_MD5);
            // an empty key is legal in HMAC but not in SecretKeySpec; config refuses blank keys
            mac.init(new SecretKeySpec(key, HMAC_MD5));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacMD5", e);
        }
    }
}
