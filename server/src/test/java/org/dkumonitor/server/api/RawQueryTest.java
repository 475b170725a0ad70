package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Graphite URLs as browsers and scripts send them, with characters left unencoded in the
 * request line: each class of character gets the answer its properly encoded form gets, as
 * graphite-web decodes them ({@code +} and {@code %XX} decoded, anything else taken as is).
 * The JDK's HTTP server answered every one of these with 400 before a handler ran.
 */
class RawQueryTest {

    private static final long T = 1_700_000_000L;

    @TempDir
    static Path dir;
    private static ApiHarness api;

    @BeforeAll
    static void seed() throws Exception {
        WhisperTree tree = new WhisperTree(dir.resolve("whisper"), T);
        for (String host : List.of("a", "b", "c")) {
            tree.metric("m." + host + ".x", List.of(new Retention(60, 1440)),
                    AggregationMethod.AVERAGE, 600, t -> 1);
        }
        api = new ApiHarness(tree.root(), InstantSource.fixed(Instant.ofEpochSecond(T)),
                ApiOptions.defaults());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static final String RENDER = "/render?format=json&from=-10min&until=now&target=";

    /**
     * Per class of character: the query as it goes on the wire (chars as bytes, so UTF-8's
     * "é" is written as its two bytes), and what the client meant, which the test encodes.
     */
    static Stream<Arguments> characterClasses() {
        return Stream.of(
                Arguments.of("braces", RENDER + "sumSeries(m.{a,b}.x)", null),
                Arguments.of("brackets", "/metrics/find?query=m.[ab].x", null),
                Arguments.of("pipe", RENDER + "m.a.x|alias('p')", null),
                Arguments.of("caret", RENDER + "exclude(m.*.x,'^m.b')", null),
                Arguments.of("space", RENDER + "alias(m.a.x, 'two words')", null),
                Arguments.of("quotes and angles", RENDER + "alias(m.a.x,\"<q>\")", null),
                Arguments.of("backtick and backslash", RENDER + "alias(m.a.x,'`x\\y')", null),
                Arguments.of("utf-8", RENDER + "alias(m.a.x,'\u00c3\u00a9')",
                        RENDER + "alias(m.a.x,'\u00e9')"),
                Arguments.of("lone percent", RENDER + "alias(m.a.x,'100%')", null),
                Arguments.of("plus is a space", RENDER + "alias(m.a.x,'a+b')",
                        RENDER + "alias(m.a.x,'a b')"),
                Arguments.of("escapes decoded", RENDER + "alias(m.a.x,'%41%2b')",
                        RENDER + "alias(m.a.x,'A+')"),
                Arguments.of("tag expressions", "/tags/autoComplete/tags?expr=name=~m.*", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("characterClasses")
    void answersRawCharactersAsItsEncodedForm(String what, String raw, String meant)
            throws Exception {
        String rawBody = rawGet(raw);
        HttpResponse<String> encoded = api.get(encode(meant == null ? raw : meant));
        assertEquals(200, encoded.statusCode(), encoded.body());
        assertTrue(rawBody.startsWith("HTTP/1.1 200 "), what + ": " + rawBody);
        assertEquals(encoded.body(), rawBody.substring(rawBody.indexOf("\r\n\r\n") + 4), what);
    }

    /** Sends the request line as written, bytes as ISO-8859-1; returns the whole response. */
    private static String rawGet(String pathAndQuery) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: t\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    /** Each parameter's value percent-encoded, as a careful client would send it. */
    private static String encode(String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        StringBuilder out = new StringBuilder(pathAndQuery.substring(0, question + 1));
        String separator = "";
        for (String pair : pathAndQuery.substring(question + 1).split("&")) {
            int equals = pair.indexOf('=');
            out.append(separator).append(pair, 0, equals + 1).append(URLEncoder.encode(
                    pair.substring(equals + 1), StandardCharsets.UTF_8));
            separator = "&";
        }
        return out.toString();
    }
}
