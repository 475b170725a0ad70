package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 26 vectors made by Graphite's python whisper 1.1.4 (src/test/resources/whisper): every
 * operation is replayed on a new file, which must then equal python's file byte for byte and
 * answer every fetch exactly as python did.
 */
class WhisperVectorsTest {

    private static final JsonNode VECTORS = load();

    private static JsonNode load() {
        try (InputStream in = WhisperVectorsTest.class
                .getResourceAsStream("/whisper/whisper-test-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new AssertionError("cannot read the whisper test vectors", e);
        }
    }

    static Stream<String> vectorNames() {
        return StreamSupport.stream(VECTORS.get("vectors").spliterator(), false)
                .map(vector -> vector.get("name").asText());
    }

    @Test
    void holdsAllTwentySixVectors() {
        assertEquals(26, vectorNames().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorNames")
    void writesTheSameBytesAsPythonWhisper(String name) throws IOException {
        JsonNode vector = vector(name);
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = replay(vector, fs.getPath("/data/v.wsp"));
            byte[] expected = HexFormat.of().parseHex(vector.get("file_hex").asText());
            byte[] actual = Files.readAllBytes(file);
            assertEquals(vector.get("file_size").asLong(), actual.length, "file size");
            assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(actual));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorNames")
    void fetchesWhatPythonWhisperFetches(String name) throws IOException {
        JsonNode vector = vector(name);
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = replay(vector, fs.getPath("/data/v.wsp"));
            try (WhisperFile whisper = WhisperFile.open(file, false)) {
                for (JsonNode fetch : vector.get("fetches")) {
                    FetchResult actual = whisper.fetch(fetch.get("from").asLong(),
                            fetch.get("until").asLong(), fetch.get("now").asLong());
                    JsonNode expected = fetch.get("result");
                    String request = name + " fetch(" + fetch.get("from") + ", "
                            + fetch.get("until") + ", now=" + fetch.get("now") + ")";
                    if (expected.isNull()) {
                        assertNull(actual, request);
                        continue;
                    }
                    assertEquals(expected.get("start").asLong(), actual.from(), request);
                    assertEquals(expected.get("end").asLong(), actual.until(), request);
                    assertEquals(expected.get("step").asInt(), actual.step(), request);
                    assertArrayEquals(values(expected.get("values")), actual.values(), request);
                }
            }
        }
    }

    @Test
    void rejectsSinglePointsOutsideTheRetentionAsPythonDoes() throws IOException {
        JsonNode vector = vector("V7_update_bounds");
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/v.wsp");
            create(vector, file);
            try (WhisperFile whisper = WhisperFile.open(file, true)) {
                long now = VECTORS.get("T").asLong();
                assertThrows(TimestampNotCoveredException.class,
                        () -> whisper.update(1.0, now - 180, now));
                assertThrows(TimestampNotCoveredException.class,
                        () -> whisper.update(1.0, now + 1, now));
            }
        }
    }

    static Path replay(JsonNode vector, Path file) {
        create(vector, file);
        try (WhisperFile whisper = WhisperFile.open(file, true)) {
            for (JsonNode op : vector.get("ops")) {
                long now = op.get("now").asLong();
                switch (op.get("op").asText()) {
                    case "update_many" -> {
                        List<TimeSeriesPoint> points = new ArrayList<>();
                        for (JsonNode point : op.get("points")) {
                            points.add(new TimeSeriesPoint(point.get(0).asLong(),
                                    point.get(1).asDouble()));
                        }
                        whisper.updateMany(points, now);
                    }
                    case "update" -> {
                        boolean expectOk = op.get("result").asText().equals("ok");
                        try {
                            whisper.update(op.get("value").asDouble(),
                                    op.get("timestamp").asLong(), now);
                            assertEquals(true, expectOk, "update accepted: " + op);
                        } catch (TimestampNotCoveredException e) {
                            assertEquals(false, expectOk, "update refused: " + op);
                        }
                    }
                    default -> throw new AssertionError("unknown op " + op);
                }
            }
        }
        return file;
    }

    static void create(JsonNode vector, Path file) {
        JsonNode create = vector.get("create");
        List<Retention> archives = new ArrayList<>();
        for (JsonNode archive : create.get("archives")) {
            archives.add(new Retention(archive.get(0).asInt(), archive.get(1).asInt()));
        }
        WhisperFile.create(file, archives,
                AggregationMethod.fromConfigName(create.get("method").asText()),
                (float) create.get("xff").asDouble(), false);
    }

    static JsonNode vector(String name) {
        for (JsonNode vector : VECTORS.get("vectors")) {
            if (vector.get("name").asText().equals(name)) {
                return vector;
            }
        }
        throw new AssertionError("no vector " + name);
    }

    private static double[] values(JsonNode values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).isNull() ? Double.NaN : values.get(i).asDouble();
        }
        return out;
    }
}
