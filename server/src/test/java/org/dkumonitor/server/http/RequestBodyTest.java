package org.dkumonitor.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.dkumonitor.server.OneByteAtATime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Request bodies as the head frames them: never a byte of the next request. */
class RequestBodyTest {

    private static InputStream stream(String text, boolean oneByteAtATime) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (!oneByteAtATime) {
            return new ByteArrayInputStream(bytes);
        }
        return new OneByteAtATime(bytes);
    }

    /** The body of the first request in {@code text}, and the byte after it. */
    private static String firstBody(String text, boolean oneByteAtATime) throws IOException {
        InputStream in = stream(text.replace("~", "\r\n"), oneByteAtATime);
        RequestHead head = RequestHeadParser.read(in);
        RequestBody body = RequestBody.of(head, in);
        return new String(body.readAllBytes(), StandardCharsets.ISO_8859_1) + "|"
                + (char) in.read();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsFixedAndChunkedBodiesAndStopsAtTheirEnd(boolean oneByteAtATime)
            throws IOException {
        assertEquals("hello|G", firstBody("POST /a HTTP/1.1~Content-Length: 5~~helloGET",
                oneByteAtATime));
        assertEquals("abcdefghij|G", firstBody("POST /a HTTP/1.1~Transfer-Encoding: chunked~~"
                + "3;ext=1~abc~7~defghij~0~Trailer: x~~GET", oneByteAtATime));
        assertEquals("|G", firstBody("GET /a HTTP/1.1~~GET", oneByteAtATime));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POST / HTTP/1.1~Content-Length: 1x~~|400|bad Content-Length",
        "POST / HTTP/1.1~Content-Length: -1~~|400|bad Content-Length",
        "POST / HTTP/1.1~Content-Length: 1~Content-Length: 2~~|400|bad Content-Length",
        "POST / HTTP/1.1~Content-Length: 1~Transfer-Encoding: chunked~~|400|both",
        "POST / HTTP/1.1~Transfer-Encoding: gzip~~|501|is not supported"})
    void refusesFramingItCannotTrustWithTheStatusToAnswer(String request, int status,
            String message) {
        InputStream in = stream(request.replace("~", "\r\n"), false);
        HttpParseException e = assertThrows(HttpParseException.class,
                () -> RequestBody.of(RequestHeadParser.read(in), in));
        assertEquals(status, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POST / HTTP/1.1~Transfer-Encoding: chunked~~zz~|bad chunk size",
        "POST / HTTP/1.1~Transfer-Encoding: chunked~~1~ab~|longer than its size"})
    void aMalformedChunkIsAProtocolError(String request, String message) throws IOException {
        InputStream in = stream(request.replace("~", "\r\n"), false);
        RequestBody body = RequestBody.of(RequestHeadParser.read(in), in);
        ProtocolException e = assertThrows(ProtocolException.class, body::readAllBytes);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST / HTTP/1.1~Content-Length: 10~~abc",
        "POST / HTTP/1.1~Transfer-Encoding: chunked~~5~ab"})
    void aBodyCutShortIsAnEndOfStream(String request) throws IOException {
        InputStream in = stream(request.replace("~", "\r\n"), false);
        RequestBody body = RequestBody.of(RequestHeadParser.read(in), in);
        assertThrows(EOFException.class, body::readAllBytes);
    }
}
