package org.dkumonitor.server.render.format;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.dkumonitor.server.render.Series;

/**
 * graphite-web's pickle output: a list of dicts {@code name, start, end, step, values,
 * pathExpression, valuesPerPoint, consolidationFunc, xFilesFactor} (None for gaps). Written with
 * pickle protocol 2 opcodes, which every Python 2.3+ and 3 unpickler reads; graphite-web uses
 * the highest protocol of its Python, a different byte stream for the same objects.
 */
public final class PickleFormat {

    private static final int PROTO = 0x80;
    private static final int EMPTY_LIST = ']';
    private static final int EMPTY_DICT = '}';
    private static final int MARK = '(';
    private static final int APPENDS = 'e';
    private static final int SETITEMS = 'u';
    private static final int BINUNICODE = 'X';
    private static final int BININT = 'J';
    private static final byte BINFLOAT = 'G';
    private static final int LONG1 = 0x8a;
    private static final byte NONE = 'N';
    private static final int STOP = '.';
    private static final VarHandle LONG_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(
            long[].class, ByteOrder.BIG_ENDIAN);

    private PickleFormat() {
    }

    public static void write(List<Series> series, OutputStream stream) throws IOException {
        byte[] bytes = bytes(series);
        stream.write(bytes);
        stream.flush();
    }

    /**
     * The pickle as one array, sized up front: a stream call per value, and the copies of a
     * growing buffer, made a 3 MB answer (a front end fetching 250 series of a day) take 15 to
     * 50 ms instead of 2.
     */
    public static byte[] bytes(List<Series> series) {
        long estimate = 64;
        for (Series s : series) {
            estimate += 256 + 9L * s.size() + 2L * s.name().length() + s.pathExpression()
                    .length();
        }
        Bytes out = new Bytes((int) Math.min(estimate, Integer.MAX_VALUE - 64));
        out.put(PROTO);
        out.put(2);
        out.put(EMPTY_LIST);
        out.put(MARK);
        for (Series s : series) {
            out.put(EMPTY_DICT);
            out.put(MARK);
            string(out, "name");
            string(out, s.name());
            string(out, "start");
            integer(out, s.start());
            string(out, "end");
            integer(out, s.end());
            string(out, "step");
            integer(out, s.step());
            string(out, "values");
            out.put(EMPTY_LIST);
            if (s.size() > 0) {
                out.put(MARK);
                // the hot loop of a large answer: room for 9 bytes a value, then no checks
                out.ensure(9 * s.size());
                byte[] array = out.array;
                int at = out.size;
                for (double v : s.values()) {
                    if (Double.isNaN(v)) {
                        array[at++] = NONE;
                    } else {
                        array[at] = BINFLOAT;
                        LONG_BIG_ENDIAN.set(array, at + 1, Double.doubleToRawLongBits(v));
                        at += 9;
                    }
                }
                out.size = at;
                out.put(APPENDS);
            }
            string(out, "pathExpression");
            string(out, s.pathExpression());
            string(out, "valuesPerPoint");
            integer(out, 1);
            string(out, "consolidationFunc");
            string(out, s.consolidationFunc());
            string(out, "xFilesFactor");
            out.put(BINFLOAT);
            out.putLongBigEndian(Double.doubleToLongBits(s.xFilesFactor()));
            out.put(SETITEMS);
        }
        out.put(APPENDS);
        out.put(STOP);
        return out.array.length == out.size ? out.array : Arrays.copyOf(out.array, out.size);
    }

    private static void string(Bytes out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.ensure(5 + bytes.length);
        out.put(BINUNICODE);
        out.putIntLittleEndian(bytes.length);
        System.arraycopy(bytes, 0, out.array, out.size, bytes.length);
        out.size += bytes.length;
    }

    private static void integer(Bytes out, long value) {
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            out.put(BININT);
            out.putIntLittleEndian((int) value);
            return;
        }
        out.put(LONG1);
        out.put(8);
        out.putLongBigEndian(Long.reverseBytes(value));
    }

    /** A growing byte array. */
    private static final class Bytes {

        private byte[] array;
        private int size;

        Bytes(int capacity) {
            array = new byte[capacity];
        }

        void ensure(int more) {
            if (size + more > array.length) {
                array = Arrays.copyOf(array, Math.max(size + more, array.length * 2));
            }
        }

        void put(int b) {
            ensure(1);
            array[size++] = (byte) b;
        }

        void putIntLittleEndian(int value) {
            ensure(4);
            for (int i = 0; i < 4; i++) {
                array[size++] = (byte) (value >>> (8 * i));
            }
        }

        void putLongBigEndian(long value) {
            ensure(8);
            for (int i = 7; i >= 0; i--) {
                array[size++] = (byte) (value >>> (8 * i));
            }
        }
    }
}
