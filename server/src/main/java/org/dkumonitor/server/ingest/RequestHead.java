package org.dkumonitor.server.ingest;

/**
 * A request line and its header fields, before the body: what the server needs to decide
 * whether to read the body at all. {@code contentLength} is -1 for a chunked body.
 */
record RequestHead(String method, String path, String rawQuery, String version,
        HttpHeaders headers, long contentLength, boolean chunked) {

    boolean http10() {
        return version.equals("HTTP/1.0");
    }

    /** Whether the client asks to keep the connection open after this request. */
    boolean keepAlive() {
        String connection = headers.first("Connection");
        String value = connection == null ? "" : connection.toLowerCase(java.util.Locale.ROOT);
        return http10() ? value.contains("keep-alive") : !value.contains("close");
    }

    boolean expectsContinue() {
        String expect = headers.first("Expect");
        return expect != null && expect.equalsIgnoreCase("100-continue") && !http10();
    }
}
