package org.dkumonitor.server.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.dkumonitor.server.FuzzInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRequestReaderTest {

    private static final String TWO_REQUESTS = "POST /log/event/?x=1 HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nAUTHORIZATION: Token abc\r\nContent-Length: 11\r\n\r\n"
            + "{\"a\": \"b\"}\n"
            + "GET /ping/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";

    /** Hands out one byte per read, as a slow network might. */
    private static InputStream trickle(byte[] bytes) {
        return new InputStream() {
            private int next;

            @Override
            public int read() {
                return next < bytes.length ? bytes[next++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                if (next >= bytes.length) {
                    return -1;
                }
                into[offset] = bytes[next++];
                return 1;
            }
        };
    }

    private static HttpRequestReader reader(String text, boolean oneByteAtATime) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return new HttpRequestReader(oneByteAtATime ? trickle(bytes)
                : new ByteArrayInputStream(bytes), 4096, 1000);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsPipelinedRequestsWholeOrOneByteAtATime(boolean oneByteAtATime) throws IOException {
        HttpRequestReader reader = reader(TWO_REQUESTS, oneByteAtATime);
        RequestHead first = reader.readHead();
        assertEquals("POST", first.method());
        assertEquals("/log/event/", first.path());
        assertEquals("x=1", first.rawQuery());
        assertEquals("Token abc", first.headers().first("Authorization"));
        assertTrue(first.keepAlive());
        assertArrayEquals("{\"a\": \"b\"}\n".getBytes(StandardCharsets.UTF_8),
                reader.readBody(first));
        RequestHead second = reader.readHead();
        assertEquals("/ping/", second.path());
        assertNull(second.rawQuery());
        assertTrue(second.http10());
        assertTrue(second.keepAlive(), "HTTP/1.0 with Connection: keep-alive");
        assertEquals(0, reader.readBody(second).length);
        assertNull(reader.readHead(), "a clean end of stream");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void decodesAChunkedBody(boolean oneByteAtATime) throws IOException {
        HttpRequestReader reader = reader("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: x\r\n\r\nGET / HTTP/1.1\r\n\r\n",
                oneByteAtATime);
        RequestHead head = reader.readHead();
        assertEquals("Wikipedia", new String(reader.readBody(head), StandardCharsets.UTF_8));
        assertEquals("/", reader.readHead().path());
    }

    @Test
    void acceptsBareLineFeedsAndSkipsEmptyLinesBeforeARequest() throws IOException {
        HttpRequestReader reader = reader("\r\n\nGET /a?b HTTP/1.1\nHost: h\n\n", false);
        RequestHead head = reader.readHead();
        assertEquals("/a", head.path());
        assertEquals("h", head.headers().first("host"));
    }

    @Test
    void takesTheOriginFormOfAnAbsoluteTarget() throws IOException {
        assertEquals("/log/event/", reader("POST http://h:1/log/event/ HTTP/1.1\r\n\r\n", false)
                .readHead().path());
    }

    @Test
    void http11KeepsTheConnectionUnlessToldToClose() throws IOException {
        assertFalse(reader("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false).readHead()
                .keepAlive());
        assertFalse(reader("GET / HTTP/1.0\r\n\r\n", false).readHead().keepAlive());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET /\\r\\n\\r\\n|400|malformed request line",
        "GET / HTTP/2.0\\r\\n\\r\\n|505|HTTP version 'HTTP/2.0' is not served here",
        "GET nowhere HTTP/1.1\\r\\n\\r\\n|400|is not a path",
        "G(T / HTTP/1.1\\r\\n\\r\\n|400|malformed method",
        "GET / HTTP/1.1\\r\\nNo colon here\\r\\n\\r\\n|400|malformed header line",
        "GET / HTTP/1.1\\r\\nA: b\\r\\n  folded\\r\\n\\r\\n|400|folded header line",
        "POST / HTTP/1.1\\r\\nContent-Length: 1x\\r\\n\\r\\n|400|is not a number of bytes",
        "POST / HTTP/1.1\\r\\nContent-Length: -1\\r\\n\\r\\n|400|is not a number of bytes",
        "POST / HTTP/1.1\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\n|400|two different",
        "POST / HTTP/1.1\\r\\nContent-Length: 1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|400|both",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n|501|is not supported",
        "POST / HTTP/1.1\\r\\nContent-Length: 1001\\r\\n\\r\\n|413|over this server's limit of 1000",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3e9\\r\\n|413|over this server's",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n|400|malformed chunk size",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1\\r\\nab\\r\\n|400|longer than its",
        "POST / HTTP/1.1\\r\\nContent-Length: 10\\r\\n\\r\\nabc|400|ended after 3 of its 10 bytes",
        "GET / HTTP/1.1\\r\\nHost: x|400|ended inside its head",
    })
    void refusesWhatItCannotFrameWithTheStatusToAnswer(String request, int status,
            String message) {
        HttpProtocolException e = assertThrows(HttpProtocolException.class, () -> {
            HttpRequestReader reader = reader(request.replace("\\r\\n", "\r\n"), true);
            reader.readBody(reader.readHead());
        });
        assertEquals(status, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void refusesAHeadOverTheLimitWith431() {
        String head = "GET / HTTP/1.1\r\nCookie: " + "x".repeat(5000) + "\r\n\r\n";
        assertEquals(431, assertThrows(HttpProtocolException.class,
                () -> reader(head, false).readHead()).status());
    }

    @Test
    void arbitraryBytesParseOrThrowOurException() {
        Random random = new Random(17);
        String alphabet =
                "GETPOST /HTP1.0\r\n:;Content-Length Transfer-Encoding chunked 0123456789";
        List<String> samples = List.of("POST /events/ HTTP/1.1\r\nContent-Length: 5\r\n\r\n"
                + "hello", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n", "GET / HTTP/1.0\r\n\r\n",
                "GET /gottwall/api/v1/stats?project=shop&name=orders&period=minute HTTP/1.1\r\n"
                + "Host: localhost:15006\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
                + "Accept: application/json, text/plain\r\n\r\n");
        FuzzInputs.Tally tally = new FuzzInputs.Tally();
        for (int round = 0; round < 3000; round++) {
            String text;
            if (round % 4 < 2) {
                text = FuzzInputs.mutate(samples, random, alphabet);
            } else {
                StringBuilder noise = new StringBuilder(random.nextBoolean()
                        ? "POST / HTTP/1.1\r\n" : "");
                int length = random.nextInt(120);
                for (int i = 0; i < length; i++) {
                    noise.append(random.nextInt(8) == 0 ? (char) random.nextInt(256)
                            : alphabet.charAt(random.nextInt(alphabet.length())));
                }
                text = noise.toString();
            }
            HttpRequestReader reader = reader(text, round % 2 == 0);
            try {
                RequestHead head;
                int requests = 0;
                while ((head = reader.readHead()) != null) {
                    reader.readBody(head);
                    requests++;
                }
                if (requests > 0) {
                    tally.parsed();
                } else {
                    tally.refused();
                }
            } catch (HttpProtocolException expected) {
                assertTrue(expected.status() >= 400 && expected.status() < 600);
                tally.refused();
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("input " + text + " threw " + e, e);
            }
        }
        tally.assertMixed(0.05);
    }
}
