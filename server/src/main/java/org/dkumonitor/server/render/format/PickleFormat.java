package org.dkumonitor.server.render.format;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
    private static final int BINFLOAT = 'G';
    private static final int LONG1 = 0x8a;
    private static final int NONE = 'N';
    private static final int STOP = '.';

    private PickleFormat() {
    }

    public static void write(List<Series> series, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.write(PROTO);
        out.write(2);
        out.write(EMPTY_LIST);
        out.write(MARK);
        for (Series s : series) {
            out.write(EMPTY_DICT);
            out.write(MARK);
            string(out, "name");
            string(out, s.name());
            string(out, "start");
            integer(out, s.start());
            string(out, "end");
            integer(out, s.end());
            string(out, "step");
            integer(out, s.step());
            string(out, "values");
            out.write(EMPTY_LIST);
            if (s.size() > 0) {
                out.write(MARK);
                for (double v : s.values()) {
                    if (Double.isNaN(v)) {
                        out.write(NONE);
                    } else {
                        out.write(BINFLOAT);
                        out.writeDouble(v);
                    }
                }
                out.write(APPENDS);
            }
            string(out, "pathExpression");
            string(out, s.pathExpression());
            string(out, "valuesPerPoint");
            integer(out, 1);
            string(out, "consolidationFunc");
            string(out, s.consolidationFunc());
            string(out, "xFilesFactor");
            out.write(BINFLOAT);
            out.writeDouble(s.xFilesFactor());
            out.write(SETITEMS);
        }
        out.write(APPENDS);
        out.write(STOP);
        out.flush();
    }

    private static void string(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(BINUNICODE);
        out.write(bytes.length & 0xFF);
        out.write(bytes.length >>> 8 & 0xFF);
        out.write(bytes.length >>> 16 & 0xFF);
        out.write(bytes.length >>> 24 & 0xFF);
        out.write(bytes);
    }

    private static void integer(DataOutputStream out, long value) throws IOException {
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            out.write(BININT);
            out.writeInt(Integer.reverseBytes((int) value));
            return;
        }
        out.write(LONG1);
        out.write(8);
        out.writeLong(Long.reverseBytes(value));
    }
}
