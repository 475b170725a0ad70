package org.dkumonitor.server.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RowBinary out and in, the reader fed one byte at a time; the index and tagged rows. */
class RowBinaryTest {

    /** A stream that gives one byte per read, as a slow socket may. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(1, len));
            }
        };
    }

    @Test
    void valuesRoundTripThroughTheFormat() throws IOException {
        String big = "x".repeat(100_000);
        RowBinary out = new RowBinary(4);
        out.string("héllo").float64(-2.5).uint32(4_000_000_000L).uint16(65535).varint(300)
                .string(big);
        RowBinaryInput in = new RowBinaryInput(trickle(Arrays.copyOf(out.bytes(), out.size())));
        assertEquals("héllo", in.string());
        assertEquals(-2.5, in.float64());
        assertEquals(4_000_000_000L, in.uint32());
        assertEquals(65535, in.uint8() | in.uint8() << 8);
        assertEquals(300, in.varint());
        assertEquals(big, in.string());
        assertTrue(in.atEnd());
        RowBinaryInput cut = new RowBinaryInput(new ByteArrayInputStream(new byte[] {5, 'a'}));
        assertThrows(EOFException.class, cut::string);
    }

    @Test
    void aNameGetsCarbonClickhousesIndexRowsOnceAndItsDailyRowsOncePerDay()
            throws IOException {
        IndexRows index = new IndexRows();
        RowBinary points = new RowBinary(64);
        byte[] name = "a.b.c".getBytes();
        index.point(points, name, 0, name.length, 19000, 7);
        index.point(points, name, 0, name.length, 19000, 7);
        index.point(points, name, 0, name.length, 19001, 7);
        byte[] sibling = "a.b.d".getBytes();
        index.point(points, sibling, 0, sibling.length, 19001, 7);
        List<String> rows = new ArrayList<>();
        RowBinaryInput in = new RowBinaryInput(new ByteArrayInputStream(Arrays.copyOf(
                index.indexRows().bytes(), index.indexRows().size())));
        while (!in.atEnd()) {
            int date = in.uint8() | in.uint8() << 8;
            rows.add(date + " " + in.uint32() + " " + in.string() + " " + in.uint32());
        }
        assertEquals(List.of("42 20003 a.b.c 7", "42 20002 a.b. 7", "42 20001 a. 7",
                "42 30003 c.b.a 7", "19000 3 a.b.c 7", "19000 10003 c.b.a 7",
                "19001 3 a.b.c 7", "19001 10003 c.b.a 7",
                "42 20003 a.b.d 7", "42 30003 d.b.a 7", "19001 3 a.b.d 7",
                "19001 10003 d.b.a 7"), rows);
    }

    @Test
    void aTaggedSeriesGetsOneTaggedRowPerTagAndItsCarbonClickhousePath() throws IOException {
        IndexRows index = new IndexRows();
        RowBinary points = new RowBinary(64);
        byte[] name = "cpu;host=a b".getBytes();
        index.point(points, name, 0, name.length, 19000, 9);
        assertEquals("cpu?host=a+b", new RowBinaryInput(new ByteArrayInputStream(
                Arrays.copyOf(points.bytes(), points.size()))).string());
        assertEquals(0, index.indexRows().size());
        RowBinaryInput in = new RowBinaryInput(new ByteArrayInputStream(Arrays.copyOf(
                index.taggedRows().bytes(), index.taggedRows().size())));
        List<String> rows = new ArrayList<>();
        while (!in.atEnd()) {
            int date = in.uint8() | in.uint8() << 8;
            String tag1 = in.string();
            String path = in.string();
            List<String> tags = new ArrayList<>();
            for (long n = in.varint(); n > 0; n--) {
                tags.add(in.string());
            }
            rows.add(date + " " + tag1 + " " + path + " " + tags + " " + in.uint32());
        }
        assertEquals(List.of("19000 __name__=cpu cpu?host=a+b [__name__=cpu, host=a b] 9",
                "19000 host=a b cpu?host=a+b [__name__=cpu, host=a b] 9"), rows);
    }
}
