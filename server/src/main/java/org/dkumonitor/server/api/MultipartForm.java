package org.dkumonitor.server.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} request body (RFC 7578) as form fields: what graphite-web sends
 * to its cluster servers when REMOTE_STORE_USE_POST is on (urllib3 encodes a POST's fields so).
 * Each part is {@code --BOUNDARY CRLF headers CRLF CRLF value CRLF}, the last boundary followed
 * by {@code --}; a part's name is the {@code name} of its Content-Disposition. Values are UTF-8
 * text; a part that is a file upload is refused, as is anything that does not follow the form.
 */
final class MultipartForm {

    /** A field of the form. */
    record Field(String name, String value) {
    }

    private static final Pattern BOUNDARY = Pattern.compile(
            "(?i);\\s*boundary=(\"([^\"]+)\"|[^;\\s]+)");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    private static final int MAX_FIELDS = 100_000;

    private MultipartForm() {
    }

    static boolean isMultipart(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    static List<Field> parse(String contentType, byte[] body) {
        Matcher boundaryMatch = BOUNDARY.matcher(contentType);
        if (!boundaryMatch.find()) {
            throw new BadRequestException("multipart/form-data without a boundary");
        }
        String boundary = boundaryMatch.group(2) != null ? boundaryMatch.group(2)
                : boundaryMatch.group(1);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new BadRequestException("multipart body without its boundary");
        }
        List<Field> fields = new ArrayList<>();
        byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int position = at + delimiter.length;
        while (true) {
            if (startsWith(body, position, "--")) {
                return fields; // the closing delimiter
            }
            if (!startsWith(body, position, "\r\n")) {
                throw new BadRequestException("multipart boundary not followed by a line end");
            }
            int headersStart = position + 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                    headersStart);
            if (headersEnd < 0) {
                throw new BadRequestException("multipart part without the end of its headers");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart,
                    StandardCharsets.UTF_8);
            int valueStart = headersEnd + 4;
            int valueEnd = indexOf(body, next, valueStart);
            if (valueEnd < 0) {
                throw new BadRequestException("multipart part not closed by its boundary");
            }
            fields.add(new Field(name(headers), new String(body, valueStart,
                    valueEnd - valueStart, StandardCharsets.UTF_8)));
            if (fields.size() > MAX_FIELDS) {
                throw new BadRequestException("more than " + MAX_FIELDS + " form fields");
            }
            position = valueEnd + next.length;
        }
    }

    private static String name(String headers) {
        for (String header : headers.split("\r\n")) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).strip()
                    .equalsIgnoreCase("Content-Disposition")) {
                String value = header.substring(colon + 1);
                if (value.toLowerCase(Locale.ROOT).contains("filename=")) {
                    throw new BadRequestException("file uploads are not accepted");
                }
                Matcher name = NAME.matcher(value);
                if (name.find()) {
                    return name.group(1);
                }
            }
        }
        throw new BadRequestException("multipart part without a Content-Disposition name");
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        if (at + text.length() > body.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (body[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = from; i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
