package org.dkumonitor.server.render.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.render.Series;

/**
 * graphite-web's CSV output (Python's csv module, Excel dialect): one row per point,
 * {@code name,YYYY-MM-DD HH:MM:SS,value} in the request's zone, an empty value for None,
 * fields quoted only when they hold a comma, quote or line break, rows ended by CRLF.
 */
public final class CsvFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(
            "yyyy-MM-dd HH:mm:ss");

    private CsvFormat() {
    }

    public static void write(List<Series> series, ZoneId zone, OutputStream out)
            throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        DateTimeFormatter time = TIME.withZone(zone);
        for (Series s : series) {
            String name = quote(s.name());
            for (int i = 0; i < s.size(); i++) {
                writer.write(name);
                writer.write(',');
                writer.write(time.format(Instant.ofEpochSecond(s.timestampAt(i))));
                writer.write(',');
                double v = s.value(i);
                if (!Double.isNaN(v)) {
                    writer.write(PyFormat.floatRepr(v));
                }
                writer.write("\r\n");
            }
        }
        writer.flush();
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0
                && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
