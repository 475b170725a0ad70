package org.dkumonitor.server.events.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Access tokens exactly as apiaccesstoken (2016, on mozilla-services' tokenlib 0.3) makes and
 * verifies them, so that tokens minted for stats-service work here unchanged.
 *
 * <pre>
 * key     = HKDF-SHA512(IKM = UTF-8 of the secret string, salt = 64 zero bytes,
 *                       info = "services.mozilla.com/tokenlib/v1/signing", L = 64)
 * payload = {"expires": E, "salt": "6 hex", "identity": "..."}   (Python's json.dumps)
 * token   = urlsafe-base64(payload || HMAC-SHA512(key, payload)), '=' padding kept
 * </pre>
 *
 * Verification decodes leniently as Python's base64 does (characters outside the alphabet
 * skipped, {@code +/} as good as {@code -_}, "Incorrect padding" when bits are left over),
 * compares the last {@value #SIGNATURE_BYTES} bytes with the HMAC of the rest in constant time,
 * and refuses a payload whose {@code expires} is at most {@value #VERIFY_NOW}: apiaccesstoken
 * verifies with a fixed "now" of 5 and mints with expires 10, so its tokens never expire.
 */
public final class AccessToken {

    static final byte[] INFO = "services.mozilla.com/tokenlib/v1/signing"
            .getBytes(StandardCharsets.US_ASCII);
    static final int SIGNATURE_BYTES = 64;
    static final int VERIFY_NOW = 5;
    /** What apiaccesstoken's Manager puts in {@code expires}. */
    public static final int DEFAULT_EXPIRES = 10;
    private static final String HMAC = "HmacSHA512";
    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private AccessToken() {
    }

    /** tokenlib's signing key of a secret (HKDF-SHA512, RFC 5869). */
    public static byte[] signingKey(String secret) {
        byte[] prk = hmac(new byte[SIGNATURE_BYTES], secret.getBytes(StandardCharsets.UTF_8));
        byte[] block = new byte[INFO.length + 1];
        System.arraycopy(INFO, 0, block, 0, INFO.length);
        block[INFO.length] = 1;
        return hmac(prk, block);
    }

    /**
     * A token for {@code identity}, with the payload in the order Python 2's apiaccesstoken
     * writes it (expires, salt, identity). {@code salt} is 6 lowercase hex digits.
     */
    public static String mint(String secret, String identity, String salt, long expires) {
        if (!salt.matches("[0-9a-f]{6}")) {
            throw new IllegalArgumentException("salt must be 6 lowercase hex digits: " + salt);
        }
        String payload = "{\"expires\": " + expires + ", \"salt\": \"" + salt
                + "\", \"identity\": " + pythonJsonString(identity) + "}";
        byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] signature = hmac(signingKey(secret), payloadBytes);
        byte[] token = new byte[payloadBytes.length + signature.length];
        System.arraycopy(payloadBytes, 0, token, 0, payloadBytes.length);
        System.arraycopy(signature, 0, token, payloadBytes.length, signature.length);
        return Base64.getUrlEncoder().encodeToString(token);
    }

    /**
     * The verified payload's JSON text.
     *
     * @throws TokenException "Incorrect padding", "token has invalid signature" or "token has
     *         expired", as tokenlib says them
     */
    public static String verify(String token, String secret) {
        return verify(token, signingKey(secret));
    }

    /** {@link #verify(String, String)} with the secret's signing key already derived. */
    public static String verify(String token, byte[] signingKey) {
        byte[] raw = lenientBase64(token);
        int split = Math.max(0, raw.length - SIGNATURE_BYTES);
        byte[] payload = java.util.Arrays.copyOfRange(raw, 0, split);
        byte[] signature = java.util.Arrays.copyOfRange(raw, split, raw.length);
        if (!MessageDigest.isEqual(signature, hmac(signingKey, payload))) {
            throw new TokenException("token has invalid signature");
        }
        String json = new String(payload, StandardCharsets.UTF_8);
        Payload parsed = Payload.parse(json);
        if (parsed.expires() <= VERIFY_NOW) {
            throw new TokenException("token has expired");
        }
        return json;
    }

    /** The identity a verified token names. */
    public static String identity(String token, byte[] signingKey) {
        return Payload.parse(verify(token, signingKey)).identity();
    }

    /**
     * The token in an {@code Authorization} header value as apiaccesstoken's middleware takes
     * it: after a leading, case-sensitive {@code Token} and any whitespace, the rest of the
     * line as it is; otherwise the whole value stripped (a bare token).
     */
    public static String fromHeader(String value) {
        if (value.startsWith("Token")) {
            int at = "Token".length();
            while (at < value.length() && isPythonSpace(value.charAt(at))) {
                at++;
            }
            return value.substring(at);
        }
        return value.strip();
    }

    private static boolean isPythonSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    /** Python's {@code urlsafe_b64decode}: non-alphabet characters are skipped. */
    static byte[] lenientBase64(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        int quad = 0;
        int pads = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-') {
                c = '+';
            } else if (c == '_') {
                c = '/';
            }
            if (c == '=') {
                if (quad >= 2 && quad + ++pads >= 4) {
                    quad = 0;
                    break;
                }
                continue;
            }
            int sextet = c < 128 ? ALPHABET.indexOf(c) : -1;
            if (sextet < 0) {
                continue;
            }
            pads = 0;
            switch (quad) {
                case 0 -> bits = sextet;
                case 1 -> {
                    out.write((bits << 2) | (sextet >> 4));
                    bits = sextet & 0x0f;
                }
                case 2 -> {
                    out.write((bits << 4) | (sextet >> 2));
                    bits = sextet & 0x03;
                }
                default -> out.write((bits << 6) | sextet);
            }
            quad = (quad + 1) % 4;
        }
        if (quad != 0) {
            throw new TokenException("Incorrect padding");
        }
        return out.toByteArray();
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + HMAC, e);
        }
    }

    /** A JSON string as Python's json.dumps writes it (non-ASCII as \\uXXXX). */
    static String pythonJsonString(String text) {
        return org.dkumonitor.server.ingest.JsonText.quote(text);
    }

    /** Hex of bytes (tests, tools). */
    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
