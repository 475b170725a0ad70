package org.dkumonitor.server.render.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.render.Series;

/**
 * graphite-web's raw output: per series one line {@code name,start,end,step|v1,v2,...} with
 * values as Python's repr ({@code 1.0}, {@code None}, {@code inf}).
 */
public final class RawFormat {

    private RawFormat() {
    }

    public static void write(List<Series> series, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (Series s : series) {
            writer.write(s.name() + "," + s.start() + "," + s.end() + "," + s.step() + "|");
            for (int i = 0; i < s.size(); i++) {
                if (i > 0) {
                    writer.write(',');
                }
                double v = s.value(i);
                writer.write(Double.isNaN(v) ? "None" : PyFormat.floatRepr(v));
            }
            writer.write('\n');
        }
        writer.flush();
    }
}
