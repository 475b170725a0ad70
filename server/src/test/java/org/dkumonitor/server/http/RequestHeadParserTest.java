package org.dkumonitor.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.dkumonitor.server.FuzzInputs;
import org.dkumonitor.server.OneByteAtATime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestHeadParserTest {

    private static RequestHead parse(String head) throws IOException {
        return RequestHeadParser.read(new OneByteAtATime(head.getBytes(
                StandardCharsets.ISO_8859_1)));
    }

    @Test
    void readsAHeadFedOneByteAtATime() throws IOException {
        RequestHead head = parse("\r\nGET /render?target=a.b&format=json HTTP/1.1\r\n"
                + "Host: x\r\nAccept:  */*  \r\nX-Twice: 1\r\nx-twice: 2\r\n\r\nbody");
        assertEquals("GET", head.method());
        assertEquals("/render", head.uri().getPath());
        assertEquals("target=a.b&format=json", head.uri().getRawQuery());
        assertEquals("HTTP/1.1", head.version());
        assertEquals("*/*", head.headers().getFirst("Accept"));
        assertEquals(java.util.List.of("1", "2"), head.headers().get("X-twice"));
    }

    @Test
    void acceptsBareLineFeeds() throws IOException {
        RequestHead head = parse("GET /a HTTP/1.0\nHost: x\n\n");
        assertEquals("/a", head.uri().getPath());
        assertTrue(head.http10());
        assertTrue(head.wantsClose());
    }

    @Test
    void endOfStreamBeforeARequestIsNoRequest() throws IOException {
        assertNull(parse(""));
        assertNull(parse("\r\n"));
    }

    /**
     * Every class of character a browser or script leaves unencoded reaches the query as sent:
     * once percent-decoded (as the API decodes it) it is the raw text again.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\u0000', value = {
        "braces|target=sumSeries(a.{b,c}.d)",
        "pipe|target=a.b|alias('x|y')",
        "brackets|query=servers.web0[1-4].cpu",
        "caret|target=grep(a.*, '^web')",
        "space|target=alias(a.b, 'two words')",
        "quotes and angles|target=alias(a.b, \"<x>\")",
        "backslash and backtick|target=grep(a.*, '\\d`')",
        "percent not an escape|target=alias(a.b, '100%')",
        "existing escapes|target=a.%7Bb,c%7D&x=%25",
        "utf-8 bytes|target=alias(a.b, '\u00c3\u00a9')",
        "hash inside|target=alias(a.b, 'x') #fragment"})
    void keepsEveryCharacterClassOfTheQuery(String what, String query) throws IOException {
        RequestHead head = parse("GET /render?" + query + " HTTP/1.1\r\nHost: x\r\n\r\n");
        String expected = query.contains("#") ? query.substring(0, query.indexOf('#'))
                : query;
        byte[] decoded = percentDecode(head.uri().getRawQuery());
        assertEquals(percentDecodeText(expected), new String(decoded,
                StandardCharsets.ISO_8859_1), what);
    }

    @Test
    void absoluteTargetsKeepPathAndQuery() throws IOException {
        RequestHead head = parse("GET http://graphite:8080/render?target={a,b} HTTP/1.1\r\n\r\n");
        assertEquals("/render", head.uri().getPath());
        assertEquals("target=%7Ba,b%7D", head.uri().getRawQuery());
        assertEquals("/", parse("GET http://graphite HTTP/1.1\r\n\r\n").uri().getPath());
    }

    /** Each case's {@code ~} stands for CRLF. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400|GET~~",
        "400|GET /a~~",
        "400|GET /a HTTP/1.1 junk~~",
        "400|G(T /a HTTP/1.1~~",
        "400|GET a/b HTTP/1.1~~",
        "505|GET /a HTTP/2.0~~",
        "400|GET /a HTTP/1.1~No colon~~",
        "400|GET /a HTTP/1.1~Bad name: x~~",
        "400|GET /a HTTP/1.1~A: b~  folded~~",
        "400|GET /a HTTP/1.1~A: b\rc~~",
        "400|GET /a HTTP/1.1~A: b~"})
    void refusesWhatItCannotRead(int status, String head) {
        HttpParseException e = assertThrows(HttpParseException.class,
                () -> parse(head.replace("~", "\r\n")));
        assertEquals(status, e.status(), e.getMessage());
    }

    @Test
    void boundsTheRequestLineAndTheHead() {
        String longLine = "GET /" + "a".repeat(RequestHeadParser.MAX_LINE_BYTES)
                + " HTTP/1.1\r\n\r\n";
        assertEquals(414, assertThrows(HttpParseException.class,
                () -> RequestHeadParser.read(new ByteArrayInputStream(
                        longLine.getBytes(StandardCharsets.US_ASCII)))).status());
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i <= RequestHeadParser.MAX_HEADERS; i++) {
            many.append("H").append(i).append(": v\r\n");
        }
        assertEquals(431, assertThrows(HttpParseException.class,
                () -> RequestHeadParser.read(new ByteArrayInputStream(many.append("\r\n")
                        .toString().getBytes(StandardCharsets.US_ASCII)))).status());
        String big = "GET / HTTP/1.1\r\n" + ("H: " + "v".repeat(60_000) + "\r\n").repeat(7);
        assertEquals(431, assertThrows(HttpParseException.class,
                () -> RequestHeadParser.read(new ByteArrayInputStream(
                        big.getBytes(StandardCharsets.US_ASCII)))).status());
    }

    @Test
    void arbitraryBytesParseOrFailWithAStatus() {
        Random random = new Random(14);
        String alphabet = "GET /?{}|^[]% \r\n:aZ\u00e9\t#HTTP/1.";
        List<String> samples = List.of("GET /render?target=a.b&format=json HTTP/1.1\r\n"
                + "Host: x\r\nAccept: */*\r\n\r\n", "POST /metrics/find HTTP/1.0\r\n"
                + "Content-Length: 7\r\n\r\n", "GET /%7Bx%7D?q=%zz HTTP/1.1\r\n\r\n");
        FuzzInputs.Tally tally = new FuzzInputs.Tally();
        for (int n = 0; n < 20_000; n++) {
            String text;
            if (n % 2 == 0) {
                text = FuzzInputs.mutate(samples, random, alphabet);
            } else {
                StringBuilder noise = new StringBuilder(n % 3 == 0 ? "GET /" : "");
                int length = random.nextInt(60);
                for (int i = 0; i < length; i++) {
                    noise.append(random.nextInt(4) == 0 ? (char) random.nextInt(256)
                            : alphabet.charAt(random.nextInt(alphabet.length())));
                }
                text = noise.toString();
            }
            try {
                if (RequestHeadParser.read(new ByteArrayInputStream(text
                        .getBytes(StandardCharsets.ISO_8859_1))) != null) {
                    tally.parsed();
                } else {
                    tally.refused();
                }
            } catch (HttpParseException e) {
                assertTrue(e.status() >= 400 && e.status() < 600, e.getMessage());
                tally.refused();
            } catch (IOException e) {
                throw new AssertionError(text, e);
            }
        }
        tally.assertMixed(0.05);
    }

    /** Decodes %XX escapes only ('+' stays), bytes as ISO-8859-1. */
    private static byte[] percentDecode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.ISO_8859_1)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What the client meant: its own escapes decoded, a lone '%' kept. */
    private static String percentDecodeText(String text) {
        return new String(percentDecode(text.replaceAll("%(?![0-9A-Fa-f]{2})", "%25")),
                StandardCharsets.ISO_8859_1);
    }
}
