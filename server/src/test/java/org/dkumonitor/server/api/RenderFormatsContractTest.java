package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.dkumonitor.server.pickle.PickleDecoder;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The same two series rendered in every output format, each answer read back by a reader of
 * that format and held to what the format must carry: the data formats every name, timestamp,
 * value and gap; the images a valid picture of the requested size, the SVG with each series'
 * name in its legend.
 */
class RenderFormatsContractTest {

    private static final long NOW = 1_700_000_000L;
    private static final long UNTIL = NOW - NOW % 60;
    private static final long FROM = UNTIL - 600;
    private static final int WIDTH = 417;
    private static final int HEIGHT = 233;

    /** What every data format must say: a gap in a, b negative and fractional. */
    private static final Map<String, double[]> EXPECTED = expected();

    @TempDir
    static Path dir;
    private static ApiHarness api;

    private static Map<String, double[]> expected() {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("contract.a.value", new double[10]);
        series.put("contract.b.value", new double[10]);
        for (int i = 0; i < 10; i++) {
            series.get("contract.a.value")[i] = i == 4 ? Double.NaN : 1.5 * (i + 1);
            series.get("contract.b.value")[i] = -0.25 * i;
        }
        return series;
    }

    /** The timestamp of the i-th point: whisper's first interval after {@code from}. */
    private static long time(int i) {
        return FROM + 60 + 60L * i;
    }

    @BeforeAll
    static void start() throws IOException {
        WhisperTree tree = new WhisperTree(dir.resolve("whisper"), NOW);
        for (Map.Entry<String, double[]> one : EXPECTED.entrySet()) {
            double[] values = one.getValue();
            tree.metric(one.getKey(), List.of(new Retention(60, 1440)), AggregationMethod.AVERAGE,
                    3600, t -> t > FROM && t <= UNTIL ? values[(int) ((t - FROM) / 60) - 1]
                            : Double.NaN);
        }
        api = new ApiHarness(tree.root(), InstantSource.fixed(Instant.ofEpochSecond(NOW)),
                ApiOptions.defaults());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** A format, its content type, and what an answer in it must hold. */
    enum Format {
        JSON("application/json") {
            @Override
            void check(byte[] body) throws Exception {
                Map<String, double[]> read = new LinkedHashMap<>();
                for (var series : RenderAnswer.JSON.readTree(body)) {
                    var points = series.get("datapoints");
                    double[] values = new double[points.size()];
                    for (int i = 0; i < values.length; i++) {
                        assertEquals(time(i), points.get(i).get(1).asLong());
                        values[i] = points.get(i).get(0).isNull() ? Double.NaN
                                : points.get(i).get(0).asDouble();
                    }
                    read.put(series.get("target").asText(), values);
                }
                assertSameSeries(read);
            }
        },
        CSV("text/csv") {
            @Override
            void check(byte[] body) {
                DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                        .withZone(ZoneOffset.UTC);
                Map<String, List<Double>> read = new LinkedHashMap<>();
                String text = new String(body, StandardCharsets.UTF_8);
                assertTrue(text.endsWith("\r\n"), "rows end with CRLF");
                for (String row : text.split("\r\n")) {
                    String[] fields = row.split(",", -1);
                    assertEquals(3, fields.length, row);
                    List<Double> values = read.computeIfAbsent(fields[0], n -> new ArrayList<>());
                    assertEquals(format.format(Instant.ofEpochSecond(time(values.size()))),
                            fields[1], row);
                    values.add(fields[2].isEmpty() ? Double.NaN : Double.parseDouble(fields[2]));
                }
                assertSameSeries(unbox(read));
            }
        },
        RAW("text/plain") {
            @Override
            void check(byte[] body) {
                Map<String, double[]> read = new LinkedHashMap<>();
                for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                    String[] headAndValues = line.split("\\|", 2);
                    String[] head = headAndValues[0].split(",");
                    assertEquals(List.of(Long.toString(time(0)), Long.toString(time(9) + 60),
                            "60"), List.of(head[1], head[2], head[3]), line);
                    String[] fields = headAndValues[1].split(",");
                    double[] values = new double[fields.length];
                    for (int i = 0; i < fields.length; i++) {
                        values[i] = fields[i].equals("None") ? Double.NaN
                                : Double.parseDouble(fields[i]);
                    }
                    read.put(head[0], values);
                }
                assertSameSeries(read);
            }
        },
        PICKLE("application/pickle") {
            @Override
            void check(byte[] body) {
                Map<String, double[]> read = new LinkedHashMap<>();
                for (Object item : (List<?>) PickleDecoder.decode(body)) {
                    Map<?, ?> series = (Map<?, ?>) item;
                    assertEquals(time(0), series.get("start"));
                    assertEquals(time(9) + 60, series.get("end"));
                    assertEquals(60L, series.get("step"));
                    List<?> values = (List<?>) series.get("values");
                    double[] doubles = new double[values.size()];
                    for (int i = 0; i < doubles.length; i++) {
                        doubles[i] = values.get(i) == null ? Double.NaN
                                : ((Number) values.get(i)).doubleValue();
                    }
                    read.put((String) series.get("name"), doubles);
                }
                assertSameSeries(read);
            }
        },
        PNG("image/png") {
            @Override
            void check(byte[] body) throws Exception {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(body));
                assertNotNull(image, "not an image ImageIO reads");
                assertEquals(WIDTH, image.getWidth());
                assertEquals(HEIGHT, image.getHeight());
            }
        },
        SVG("image/svg+xml") {
            @Override
            void check(byte[] body) throws Exception {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                Document document = factory.newDocumentBuilder().parse(
                        new ByteArrayInputStream(body));
                Element svg = document.getDocumentElement();
                assertEquals("svg", svg.getLocalName());
                assertEquals("http://www.w3.org/2000/svg", svg.getNamespaceURI());
                assertEquals(Integer.toString(WIDTH), svg.getAttribute("width"));
                assertEquals(Integer.toString(HEIGHT), svg.getAttribute("height"));
                String text = svg.getTextContent();
                for (String name : EXPECTED.keySet()) {
                    assertTrue(text.contains(name), name + " not in the legend: " + text);
                }
            }
        };

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        abstract void check(byte[] body) throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyFormatCarriesTheSameSeries(Format format) throws Exception {
        HttpResponse<byte[]> response = api.getBytes("/render?target="
                + URLEncoder.encode("contract.*.value", StandardCharsets.UTF_8) + "&from=" + FROM
                + "&until=" + UNTIL + "&tz=UTC&width=" + WIDTH + "&height=" + HEIGHT
                + "&format=" + format.name().toLowerCase(java.util.Locale.ROOT));
        assertEquals(200, response.statusCode(), new String(response.body(),
                StandardCharsets.UTF_8));
        assertEquals(format.contentType, response.headers().firstValue("Content-Type")
                .orElse("").split(";")[0]);
        format.check(response.body());
    }

    private static void assertSameSeries(Map<String, double[]> read) {
        assertEquals(List.copyOf(EXPECTED.keySet()), List.copyOf(read.keySet()));
        for (Map.Entry<String, double[]> one : EXPECTED.entrySet()) {
            assertArrayEquals(one.getValue(), read.get(one.getKey()), one.getKey());
        }
    }

    private static Map<String, double[]> unbox(Map<String, List<Double>> lists) {
        Map<String, double[]> out = new LinkedHashMap<>();
        lists.forEach((name, values) -> out.put(name, values.stream()
                .mapToDouble(Double::doubleValue).toArray()));
        return out;
    }
}
