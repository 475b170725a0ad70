package org.dkumonitor.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsNumberTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = JsNumberTest.class.getResourceAsStream("/js/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesEveryNumberAsNodeWritesIt() throws IOException {
        int checked = 0;
        for (String line : resource("js-number-format.txt").split("\n")) {
            String[] parts = line.split(" ");
            double value = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
            assertEquals(parts[1], JsNumber.format(value), "bits " + parts[0]);
            checked++;
        }
        assertEquals(2021, checked);
    }

    @Test
    void readsEveryTextAsNodesNumberReadsIt() throws IOException {
        for (String line : resource("js-number-parse.txt").split("\n")) {
            String[] parts = line.split("\t");
            String text = unquote(parts[0]);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            double value = JsNumber.parse(bytes, 0, bytes.length);
            assertEquals(parts[1], JsNumber.format(value), "Number(" + parts[0] + ")");
        }
    }

    /** The JSON string literals node wrote (\t, \n, \\u escapes, \"). */
    private static String unquote(String json) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < json.length() - 1; i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                char next = json.charAt(++i);
                switch (next) {
                    case 't' -> out.append('\t');
                    case 'n' -> out.append('\n');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void formatsWhatStatsdFlushes() {
        assertEquals("0.875", JsNumber.format(0.875));
        assertEquals("316.22776601683796", JsNumber.format(316.22776601683796));
        assertEquals("1e-7", JsNumber.format(1e-7));
        assertEquals("1e+21", JsNumber.format(1e21));
        assertEquals("0", JsNumber.format(-0.0));
        assertEquals("-Infinity", JsNumber.format(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", JsNumber.format(Double.NaN));
        assertEquals("12345678901", JsNumber.format(12345678901.0));
    }
}
