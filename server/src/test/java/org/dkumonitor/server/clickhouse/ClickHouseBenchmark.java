package org.dkumonitor.server.clickhouse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.MetricsServer;
import org.dkumonitor.server.ServerConfig;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.dkumonitor.server.whisper.WhisperFile;

/**
 * ClickHouse against whisper, same data, one run (server/src/bench/clickhouse-bench.sh):
 * <ol>
 * <li>ingest: carbon-load.py sends M metrics x P points (10 s apart) over carbon plaintext to
 * our server storing in a private ClickHouse; points/s from the first line sent until
 * ClickHouse holds them all ("acknowledged durable": its insert answered);
 * <li>reads, on a whisper-backed and a ClickHouse-backed server holding the same points (the
 * installer's schema 10s:1d,1m:30d,1h:3y, average): sumSeries over S series over a day, one
 * series over a year (written day by day as it would have arrived, ClickHouse then merged
 * with OPTIMIZE FINAL so its rollup applies), medians of alternating blocks and the ratio;
 * <li>find over F metrics in ClickHouse's index table;
 * <li>bytes per point on disk, both stores.
 * </ol>
 * Not a unit test.
 */
public final class ClickHouseBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * The installer's schema, and one for the 500 servers of minute points (two days of
     * minutes: ClickHouse rolls by the age at merge time, so a day's window must not start at
     * the edge of the minute archive).
     */
    static final String SCHEMAS = "[servers]\npattern = ^servers\\.\nretentions ="
            + " 60s:2d,10m:7d\n\n[default]\npattern = .*\nretentions = 10s:1d,1m:30d,1h:3y\n";
    private static final List<Retention> SCHEMA = List.of(new Retention(10, 8640),
            new Retention(60, 43_200), new Retention(3600, 26_280));
    private static final List<Retention> SERVERS = List.of(new Retention(60, 2880),
            new Retention(600, 1008));

    private ClickHouseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int ingestMetrics = Integer.parseInt(env.getOrDefault("INGEST_METRICS", "10000"));
        int ingestPoints = Integer.parseInt(env.getOrDefault("INGEST_POINTS", "100"));
        int connections = Integer.parseInt(env.getOrDefault("INGEST_CONNECTIONS", "4"));
        int series = Integer.parseInt(env.getOrDefault("SUM_SERIES", "500"));
        int dayStep = Integer.parseInt(env.getOrDefault("DAY_STEP", "60"));
        int findMetrics = Integer.parseInt(env.getOrDefault("FIND_METRICS", "100000"));
        int rounds = Integer.parseInt(env.getOrDefault("ROUNDS", "30"));
        Path peers = Path.of(env.getOrDefault("PEERS", "/work/shared/peers"));
        Path dir = Files.createTempDirectory("dkm-clickhouse-bench");
        RollupRules rules = RollupRules.from(org.dkumonitor.server.schema.StorageSchemas.parse(
                "storage-schemas.conf", SCHEMAS), org.dkumonitor.server.schema.StorageAggregation
                .parse("storage-aggregation.conf", ""));
        try (ClickHouseServer clickhouse = ClickHouseServer.start(dir.resolve("clickhouse"),
                rules)) {
            int outage = Integer.parseInt(env.getOrDefault("OUTAGE_SECONDS", "0"));
            if (outage > 0) {
                outage(clickhouse, dir, outage,
                        Integer.parseInt(env.getOrDefault("OUTAGE_RATE", "10000")));
            }
            if (ingestMetrics > 0) {
                ingest(clickhouse, dir, peers, ingestMetrics, ingestPoints, connections,
                        Integer.parseInt(env.getOrDefault("INGEST_RUNS", "3")));
            }
            if (series > 0) {
                reads(clickhouse, dir, series, dayStep, findMetrics, rounds);
            }
        } finally {
            delete(dir);
        }
    }

    private static void ingest(ClickHouseServer clickhouse, Path dir, Path peers, int metrics,
            int points, int connections, int runs) throws Exception {
        long total = (long) metrics * points;
        try (BackedServer server = BackedServer.start(dir.resolve("ingest"),
                BackedServer.clickhouse(List.of(clickhouse.url()), "ingest", 1000, 60),
                2_000_000, InstantSource.system())) {
            for (int run = 1; run <= runs; run++) {
                // each run its own names: new index rows, no point replaced
                long end = System.currentTimeMillis() / 1000 / 10 * 10;
                String prefix = "run" + run;
                long before = Long.parseLong(clickhouse.sql("SELECT count() FROM"
                        + " ingest.graphite").strip());
                Process load = new ProcessBuilder("/usr/bin/python3",
                        peers.resolve("carbon-load.py").toString(), "--port",
                        String.valueOf(server.server.plaintextPort()), "-m",
                        String.valueOf(metrics), "-p", String.valueOf(points), "--step", "10",
                        "-b", "500", "-c", String.valueOf(connections), "--prefix", prefix,
                        "--end-ts", String.valueOf(end))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String report;
                try (BufferedReader out = new BufferedReader(new InputStreamReader(
                        load.getInputStream(), StandardCharsets.UTF_8))) {
                    report = out.readLine();
                }
                load.waitFor();
                double firstSend = number(report, "t_first_send");
                double accepted = number(report, "lines_per_s");
                // the table's row count is metadata, cheap to poll: a filtered count would
                // read the Path column every time, competing with the inserts it waits for
                long target = before + total;
                long stored = before;
                double durable = 0;
                while (stored < target) {
                    stored = Long.parseLong(clickhouse.sql("SELECT count() FROM ingest.graphite")
                            .strip());
                    durable = System.currentTimeMillis() / 1000.0;
                    if (durable - firstSend > 600) {
                        break;
                    }
                    Thread.sleep(10);
                }
                stored -= before;
                System.out.printf("ingest run %d (%s) %d metrics x %d points over %d"
                        + " connections: %d stored, %.0f points/s acknowledged durable (%.2f s"
                        + " from the first line sent); the receivers read %.0f lines/s%n", run,
                        run == 1 ? "server just started" : "server warm", metrics, points,
                        connections, stored, stored / (durable - firstSend),
                        durable - firstSend, accepted);
            }
        }
    }

    /**
     * ClickHouse stopped for {@code seconds} while a sender goes on at {@code rate} points/s:
     * what the server's heap and RSS do meanwhile, and whether every point is stored once
     * ClickHouse is back.
     */
    private static void outage(ClickHouseServer clickhouse, Path dir, int seconds, int rate)
            throws Exception {
        try (BackedServer server = BackedServer.start(dir.resolve("outage"),
                BackedServer.clickhouse(List.of(clickhouse.url()), "outage", 1000, 60),
                2_000_000, InstantSource.system())) {
            long first = System.currentTimeMillis() / 1000;
            server.send("outage.start 1 " + first + "\n");
            server.flush();
            clickhouse.stop();
            long sent = 1;
            long maxHeap = 0;
            long maxRss = 0;
            long started = System.nanoTime();
            Runtime runtime = Runtime.getRuntime();
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1",
                    server.server.plaintextPort())) {
                java.io.OutputStream out = new java.io.BufferedOutputStream(
                        socket.getOutputStream(), 1 << 16);
                int perTick = rate / 10;
                for (long tick = 0; System.nanoTime() - started < seconds * 1_000_000_000L;
                        tick++) {
                    // one step (10 s, the schema's finest) further back each tick: every point
                    // its own (metric, time) slot, which ClickHouse's rollup never merges (within
                    // the first archive's day for up to 8,640 ticks)
                    StringBuilder lines = new StringBuilder();
                    for (int i = 0; i < perTick; i++) {
                        lines.append("outage.m").append(i).append(' ').append(tick).append(' ')
                                .append(first - first % 10 - 10 * (tick + 1)).append('\n');
                    }
                    out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sent += perTick;
                    maxHeap = Math.max(maxHeap, runtime.totalMemory() - runtime.freeMemory());
                    maxRss = Math.max(maxRss, rss());
                    long next = started + (tick + 1) * 100_000_000L;
                    Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                }
            }
            long backlog = server.store().backlogBytes();
            clickhouse.launch();
            long back = System.nanoTime();
            boolean all = server.store().flush(1_800_000);
            double drain = (System.nanoTime() - back) / 1e9;
            long distinct = Long.parseLong(clickhouse.sql("SELECT count() FROM (SELECT DISTINCT"
                    + " Path, Time FROM outage.graphite)").strip());
            System.out.printf("outage: ClickHouse down %d s while %d points/s arrived: %d points"
                    + " sent, log backlog %.1f MiB, server heap used at most %.0f MiB, RSS at most"
                    + " %.0f MiB (cache bound 2,000,000 points; %d shed); ClickHouse back: all"
                    + " uploaded %s in %.1f s, %d distinct (metric, time) stored of %d sent"
                    + " (%d lost)%n", seconds, rate, sent, backlog / 1048576.0,
                    maxHeap / 1048576.0, maxRss / 1048576.0,
                    server.store().cache().shedPoints(), all ? "yes" : "NO", drain,
                    distinct, sent, sent - distinct);
        }
    }

    private static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    private static void reads(ClickHouseServer clickhouse, Path dir, int series, int dayStep,
            int findMetrics, int rounds) throws Exception {
        long now = System.currentTimeMillis() / 1000 / 3600 * 3600;
        Path whisperDir = dir.resolve("whisper-server");
        DataDir whisperData = new DataDir(whisperDir);
        Files.createDirectories(whisperData.whisper());
        Files.createDirectories(whisperData.conf());
        Files.writeString(whisperData.confFile("storage-schemas.conf"), SCHEMAS);
        ClickHouseHttp http = clickhouse.client();
        Tables tables = new Tables("reads", "graphite", "graphite_index", "graphite_tagged",
                "graphite_rollup");
        new ClickHouseSchema(tables, null, false).ddl().forEach(http::execute);
        Inserter inserter = new Inserter(http, tables);
        long written = 0;
        for (int s = 0; s < series; s++) {
            String name = String.format("servers.host%03d.cpu.load", s);
            List<TimeSeriesPoint> points = new ArrayList<>();
            for (long t = now - 86_400 + dayStep; t <= now; t += dayStep) {
                points.add(new TimeSeriesPoint(t, s + (t % 600) / 60.0));
            }
            written += write(whisperData, inserter, name, SERVERS, List.of(points), now);
        }
        // in half days: a batch longer than the 10 s archive (a day) would wrap its ring and
        // overwrite points before whisper rolls them up
        List<List<TimeSeriesPoint>> days = new ArrayList<>();
        for (long half = now - 365L * 86_400; half < now; half += 43_200) {
            List<TimeSeriesPoint> points = new ArrayList<>();
            for (long t = half + 10; t <= half + 43_200; t += 10) {
                points.add(new TimeSeriesPoint(t, Math.sin(t / 40_000.0) * 100 + (t % 7)));
            }
            days.add(points);
        }
        written += write(whisperData, inserter, "year.series", SCHEMA, days, now);
        inserter.flush();
        for (int i = 0; i < findMetrics; i++) {
            inserter.indexOnly(String.format("find.g%04d.m%06d", i / 100, i));
        }
        inserter.flush();
        long rowsBefore = Long.parseLong(http.execute("SELECT count() FROM reads.graphite")
                .strip());
        long bytesBefore = bytes(http);
        http.execute("OPTIMIZE TABLE reads.graphite FINAL");
        long rowsAfter = Long.parseLong(http.execute("SELECT count() FROM reads.graphite")
                .strip());
        long bytesAfter = bytes(http);
        long whisperBytes = allocated(whisperData.whisper());
        long whisperKept = 0;
        try (Stream<Path> files = Files.walk(whisperData.whisper())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                whisperKept += slotsInUse(file, now);
            }
        }
        System.out.printf("same data: %d points written, %d series over a day (%d s apart) and"
                + " one over a year (10 s apart)%n", written, series, dayStep);
        System.out.printf("disk: whisper %d bytes for %d points kept (%.1f bytes/point kept,"
                + " %.2f per point written); ClickHouse %d bytes as inserted (%d rows, %.2f"
                + " bytes/point), %d bytes after its rollup for %d points kept (%.2f bytes/point"
                + " kept, %.2f per point written)%n", whisperBytes, whisperKept,
                (double) whisperBytes / whisperKept, (double) whisperBytes / written,
                bytesBefore, rowsBefore, (double) bytesBefore / rowsBefore, bytesAfter,
                rowsAfter, (double) bytesAfter / rowsAfter, (double) bytesAfter / written);

        Path clickhouseDir = dir.resolve("clickhouse-server");
        ServerConfig.ClickHouse config = BackedServer.clickhouse(List.of(clickhouse.url()),
                "reads", 1000, 60);
        try (MetricsServerHandle whisper = MetricsServerHandle.whisper(whisperData);
                BackedServer ours = BackedServer.start(clickhouseDir, config, 100_000,
                        InstantSource.system(), SCHEMAS)) {
            String w = "http://127.0.0.1:" + whisper.server().apiPort();
            String c = "http://127.0.0.1:" + ours.server.apiPort();
            String window = "&now=" + now + "&from=" + (now - 86_400) + "&until=" + now;
            String[][] cases = {
                {"sumSeries over " + series + " series, 1 day", "/render?format=json&target="
                    + q("sumSeries(servers.*.cpu.load)") + window},
                {"one series over a year", "/render?format=json&target=year.series&now=" + now
                    + "&from=" + (now - 365L * 86_400) + "&until=" + now},
            };
            // the least SQL that answers each case, over the same HTTP client, no render: what
            // ClickHouse itself needs, against which our render's overhead is measured
            String names = Sql.list(java.util.stream.IntStream.range(0, series).mapToObj(
                    s -> String.format("servers.host%03d.cpu.load", s)).toList());
            String[] floors = {
                "SELECT toUInt32(intDiv(Time, " + dayStep + ") * " + dayStep + ") AS T,"
                    + " sum(Value) FROM reads.graphite WHERE Path IN " + names + " AND Time > "
                    + (now - 86_400) + " AND Time <= " + now + " GROUP BY T FORMAT RowBinary",
                "SELECT Time, Value FROM reads.graphite WHERE Path = 'year.series' AND Time > "
                    + (now - 365L * 86_400) + " AND Time <= " + now + " FORMAT RowBinary",
            };
            for (int i = 0; i < cases.length; i++) {
                String[] each = cases[i];
                String a = get(w + each[1]);
                String b = get(c + each[1]);
                System.out.printf("%s: answers %s%n", each[0], sameValues(a, b));
                double whisperMedian = compare(each[0], w + each[1], c + each[1], rounds);
                double[] one = sqlTimes(http, "SELECT 1 FORMAT RowBinary", rounds * 3);
                double[] least = sqlTimes(http, floors[i], rounds * 3);
                System.out.printf("%s: ClickHouse's floor on this machine: the least query"
                        + " alone %.2f ms median (p90 %.2f), SELECT 1 over HTTP %.2f ms;"
                        + " whisper's whole render %.2f ms%n", each[0], median(least),
                        percentile(least, 0.9), median(one), whisperMedian);
            }
            for (String query : List.of("find.*", "find.g0042.*", "find.g00*.m0000*",
                    "find.*.m004242")) {
                String url = c + "/metrics/find?format=completer&query=" + q(query);
                int found = get(url).split("\"path\"").length - 1;
                double[] times = times(url, rounds * 5, 50);
                System.out.printf("find %s over %d metrics (%d found): ClickHouse median %.2f"
                        + " ms, p90 %.2f ms%n", query, findMetrics, found, median(times),
                        percentile(times, 0.9));
            }
        }
    }

    /** Writes one metric into both stores, whisper chunk by chunk as it would have arrived. */
    private static long write(DataDir whisper, Inserter inserter, String name,
            List<Retention> schema, List<List<TimeSeriesPoint>> chunks, long now) {
        Path file = MetricName.whisperFile(whisper.whisper(), name);
        WhisperFile.create(file, schema, AggregationMethod.AVERAGE, 0.5f, false);
        long count = 0;
        try (WhisperFile open = WhisperFile.open(file, true)) {
            for (List<TimeSeriesPoint> chunk : chunks) {
                long chunkNow = Math.min(now, chunk.get(chunk.size() - 1).timestamp());
                open.updateMany(chunk, chunkNow);
                for (TimeSeriesPoint point : chunk) {
                    inserter.point(name, point.timestamp(), point.value());
                }
                count += chunk.size();
            }
        }
        return count;
    }

    /** Rows for ClickHouse as the server writes them, inserted in large batches. */
    private static final class Inserter {
        private final ClickHouseHttp http;
        private final Tables tables;
        private final IndexRows index = new IndexRows();
        private final RowBinary points = new RowBinary(1 << 20);
        private int count;

        Inserter(ClickHouseHttp http, Tables tables) {
            this.http = http;
            this.tables = tables;
        }

        void point(String name, long time, double value) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            int day = (int) (time / 86_400);
            index.point(points, bytes, 0, bytes.length, day, 1);
            points.float64(value).uint32(time).uint16(day).uint32(1);
            if (++count >= 1_000_000) {
                flush();
            }
        }

        void indexOnly(String name) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            RowBinary scratch = new RowBinary(64);
            index.point(scratch, bytes, 0, bytes.length, 20_000, 1);
            if (index.indexRows().size() > 8 << 20) {
                flush();
            }
        }

        void flush() {
            if (index.indexRows().size() > 0) {
                http.insert(tables.qualifiedIndex() + " (Date, Level, Path, Version)",
                        index.indexRows().bytes(), index.indexRows().size());
            }
            index.inserted();
            if (count > 0) {
                http.insert(tables.qualifiedPoints() + " (Path, Value, Time, Date, Timestamp)",
                        points.bytes(), points.size());
            }
            points.clear();
            count = 0;
        }
    }

    /** Times of a query through our HTTP client, after a few to warm up. */
    private static double[] sqlTimes(ClickHouseHttp http, String sql, int count) {
        double[] times = new double[count];
        for (int i = -10; i < count; i++) {
            long start = System.nanoTime();
            http.query(sql, body -> body.transferTo(java.io.OutputStream.nullOutputStream()));
            if (i >= 0) {
                times[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        return times;
    }

    /** Alternating blocks of requests to both servers; medians and their ratio. */
    private static double compare(String name, String whisper, String clickhouse, int rounds)
            throws Exception {
        times(whisper, 200, 0);
        times(clickhouse, 200, 0);
        List<Double> w = new ArrayList<>();
        List<Double> c = new ArrayList<>();
        for (int block = 0; block < 3; block++) {
            for (double t : times(whisper, rounds, 0)) {
                w.add(t);
            }
            for (double t : times(clickhouse, rounds, 0)) {
                c.add(t);
            }
        }
        double[] wt = w.stream().mapToDouble(Double::doubleValue).toArray();
        double[] ct = c.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf("%s: whisper median %.2f ms (p90 %.2f), ClickHouse median %.2f ms"
                + " (p90 %.2f): ClickHouse/whisper %.2fx (whisper/ClickHouse %.2fx)%n", name,
                median(wt), percentile(wt, 0.9), median(ct), percentile(ct, 0.9),
                median(ct) / median(wt), median(wt) / median(ct));
        return median(wt);
    }

    private static double[] times(String url, int count, int warmUp) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            get(url);
        }
        double[] times = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            get(url);
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        return times;
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    /** Whether two render answers hold the same values (to 1e-9 relative). */
    private static String sameValues(String a, String b) throws IOException {
        var x = BackedServer.json(a).get(0).get("datapoints");
        var y = BackedServer.json(b).get(0).get("datapoints");
        if (x.size() != y.size()) {
            return "differ: " + x.size() + " vs " + y.size() + " points";
        }
        int differ = 0;
        String example = "";
        for (int i = 0; i < x.size(); i++) {
            double u = x.get(i).get(0).isNull() ? Double.NaN : x.get(i).get(0).asDouble();
            double v = y.get(i).get(0).isNull() ? Double.NaN : y.get(i).get(0).asDouble();
            boolean same = Double.isNaN(u) ? Double.isNaN(v)
                    : Math.abs(u - v) <= 1e-9 * Math.max(1, Math.abs(u));
            if (!same && differ++ == 0) {
                example = "at " + x.get(i).get(1) + " whisper " + u + ", ClickHouse " + v;
            }
        }
        return differ == 0 ? "equal (" + x.size() + " points)" : differ + " of " + x.size()
                + " points differ, e.g. " + example;
    }

    private static long bytes(ClickHouseHttp http) {
        return Long.parseLong(http.execute("SELECT sum(bytes_on_disk) FROM system.parts WHERE"
                + " database = 'reads' AND table = 'graphite' AND active").strip());
    }

    private static long allocated(Path root) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Object blocks = Files.getAttribute(file, "unix:size");
                total += ((Number) blocks).longValue();
            }
        }
        return total;
    }

    /** Slots of a whisper file that hold a point, every archive. */
    private static long slotsInUse(Path file, long now) {
        long kept = 0;
        try (WhisperFile whisper = WhisperFile.open(file, false)) {
            for (var archive : whisper.header().archives()) {
                var fetched = whisper.fetch(now - archive.retention(), now, now);
                if (fetched != null) {
                    kept += Arrays.stream(fetched.values()).filter(v -> !Double.isNaN(v))
                            .count();
                }
            }
        }
        return kept;
    }

    private static double number(String json, String key) {
        int at = json.indexOf("\"" + key + "\"");
        int colon = json.indexOf(':', at);
        int end = colon + 1;
        while (end < json.length() && "0123456789.eE+-".indexOf(json.charAt(end)) >= 0
                || (end < json.length() && json.charAt(end) == ' ')) {
            end++;
        }
        return Double.parseDouble(json.substring(colon + 1, end).strip());
    }

    private static double median(double[] values) {
        return percentile(values, 0.5);
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Our server storing in whisper files under a data directory, for the comparison. */
    private record MetricsServerHandle(MetricsServer server) implements AutoCloseable {

        static MetricsServerHandle whisper(DataDir dataDir) throws IOException {
            ServerConfig config = new ServerConfig(
                    new ServerConfig.Carbon("127.0.0.1", 0, false, null, 600, null),
                    new ServerConfig.Api("127.0.0.1", 0),
                    new ServerConfig.Storage(1000, 100_000, 2, 1024, false,
                            new ServerConfig.Wal(true, 1000, 3600)),
                    new ServerConfig.SelfMetrics(false, 3600, "bench"), null);
            return new MetricsServerHandle(MetricsServer.start(dataDir, config,
                    InstantSource.system()));
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
