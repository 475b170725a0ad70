package org.dkumonitor.server.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/** One file the UI serves: its bytes, its content type, and an entity tag for revalidation. */
record Asset(String contentType, byte[] body, String etag) {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8");

    Asset {
        body = body.clone();
    }

    /** An asset whose content type follows its file name and whose tag is a digest of it. */
    static Asset of(String fileName, byte[] body) {
        return new Asset(contentTypeOf(fileName), body, digest(body));
    }

    static String contentTypeOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    int length() {
        return body.length;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(body);
    }

    @Override
    public String toString() {
        return "Asset[" + contentType + ", " + body.length + " bytes, " + etag + "]";
    }
}
