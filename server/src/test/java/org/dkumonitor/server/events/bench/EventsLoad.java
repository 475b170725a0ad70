package org.dkumonitor.server.events.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event benchmark's load: CLIENTS keep-alive connections, each posting one request and
 * waiting for its answer before the next (so every answer is one durable acknowledgement),
 * for SECONDS. Kinds: {@code a} one stats-service era-A event per request, {@code b} an era-B
 * array of BATCH points, {@code influx-a}/{@code influx-b} the same as InfluxDB line protocol
 * to {@code /write} (the store stats-service wrote into), {@code ping} {@code GET /ping/} (the
 * HTTP path alone, for comparison). Prints one JSON line: requests,
 * events, events/s, latency percentiles in ms, errors. With ACKED set, writes the id of every
 * request answered 200 (era A: the id answered; era B: the request's seq) to that file, for
 * the kill -9 check. The first WARMUP seconds (environment, default 3; 0 for the kill -9 run)
 * are load that is not counted: the server's JIT compiles its paths meanwhile, as a server
 * that has run for a while has.
 *
 * <pre>java ... EventsLoad PORT KIND CLIENTS SECONDS BATCH TOKEN [ACKED]</pre>
 */
public final class EventsLoad {

    private EventsLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String kind = args[1];
        int clients = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int batch = Integer.parseInt(args[4]);
        String token = args[5];
        Path acked = args.length > 6 ? Path.of(args[6]) : null;
        AtomicLong seq = new AtomicLong();
        double warmup = acked != null ? 0 : Double.parseDouble(System.getenv()
                .getOrDefault("WARMUP", "3"));
        long countFrom = System.nanoTime() + (long) (warmup * 1e9);
        long deadline = countFrom + (long) (seconds * 1e9);
        List<Client> started = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Client client = new Client(port, kind, c, batch, token, seq, countFrom, deadline,
                    acked != null);
            started.add(client);
            client.thread = Thread.ofPlatform().name("load-" + c).start(client);
        }
        for (Client client : started) {
            client.thread.join();
        }
        long began = countFrom;
        double elapsed = Math.min(seconds, (System.nanoTime() - began) / 1e9);
        long requests = 0;
        long errors = 0;
        int n = 0;
        for (Client client : started) {
            requests += client.ok;
            errors += client.errors;
            n += client.latencyCount;
        }
        long[] all = new long[n];
        int at = 0;
        for (Client client : started) {
            System.arraycopy(client.latencies, 0, all, at, client.latencyCount);
            at += client.latencyCount;
        }
        Arrays.sort(all);
        if (acked != null) {
            try (BufferedWriter out = Files.newBufferedWriter(acked)) {
                for (Client client : started) {
                    for (String id : client.ids) {
                        out.write(id);
                        out.write('\n');
                    }
                }
            }
        }
        long events = kind.endsWith("b") ? requests * batch : requests;
        double actual = started.stream().mapToDouble(c -> c.lastAnswer).max().orElse(began);
        double window = acked != null ? Math.max(1e-3, (actual - began) / 1e9) : elapsed;
        System.out.printf(Locale.ROOT, "{\"kind\": \"%s\", \"clients\": %d, \"seconds\": %.2f,"
                + " \"requests\": %d, \"events\": %d, \"events_per_s\": %.0f,"
                + " \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"errors\": %d}%n",
                kind, clients, window, requests, events, events / window,
                percentile(all, 0.50), percentile(all, 0.99), percentile(all, 1.0), errors);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** One keep-alive connection posting request after request. */
    private static final class Client implements Runnable {
        final int port;
        final String kind;
        final int id;
        final int batch;
        final String token;
        final AtomicLong seq;
        final long countFrom;
        final long deadline;
        final boolean keepIds;
        final List<String> ids = new ArrayList<>();
        long[] latencies = new long[1 << 16];
        int latencyCount;
        long ok;
        long errors;
        double lastAnswer;
        Thread thread;

        Client(int port, String kind, int id, int batch, String token, AtomicLong seq,
                long countFrom, long deadline, boolean keepIds) {
            this.countFrom = countFrom;
            this.port = port;
            this.kind = kind;
            this.id = id;
            this.batch = batch;
            this.token = token;
            this.seq = seq;
            this.deadline = deadline;
            this.keepIds = keepIds;
        }

        @Override
        public void run() {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[64 * 1024];
                while (System.nanoTime() < deadline) {
                    long n = seq.incrementAndGet();
                    byte[] request = request(n);
                    long start = System.nanoTime();
                    out.write(request);
                    out.flush();
                    Answer answer = read(in, buffer);
                    long took = System.nanoTime() - start;
                    boolean counted = start >= countFrom;
                    if ((answer.status == 200 || answer.status == 204) && !counted) {
                        continue;
                    }
                    if (answer.status == 200 || answer.status == 204) {
                        ok++;
                        lastAnswer = System.nanoTime();
                        if (keepIds) {
                            ids.add(kind.equals("a") ? answer.body.substring(1,
                                    answer.body.length() - 1) : Long.toString(n));
                        }
                        if (latencyCount == latencies.length) {
                            latencies = Arrays.copyOf(latencies, latencies.length * 2);
                        }
                        latencies[latencyCount++] = took;
                    } else {
                        errors++;
                        if (errors < 3) {
                            System.err.println("status " + answer.status + ": " + answer.body);
                        }
                    }
                }
            } catch (IOException e) {
                errors++;
            }
        }

        private byte[] request(long n) {
            if (kind.equals("ping")) {
                return "GET /ping/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(
                        StandardCharsets.US_ASCII);
            }
            String body;
            String path;
            boolean influx = kind.startsWith("influx");
            if (kind.endsWith("a")) {
                body = influx ? "analytics,event=bench.login,uid=u" + id + " n=" + n + "i\n"
                        : "{\"uid\": \"u" + id + "\", \"event\": \"bench.login\", \"n\": " + n
                        + "}";
            } else {
                StringBuilder text = new StringBuilder(batch * 80);
                text.append(influx ? "" : "[");
                for (int i = 0; i < batch; i++) {
                    if (influx) {
                        text.append("bench_m,c=").append(id).append(" value=1i,seq=")
                                .append(n).append("i,i=").append(i).append("i\n");
                    } else {
                        text.append(i > 0 ? ", " : "").append("{\"measurement\": \"bench_m\","
                                + " \"tags\": {\"c\": \"").append(id).append("\"}, \"fields\":"
                                + " {\"value\": 1, \"seq\": ").append(n).append(", \"i\": ")
                                .append(i).append("}}");
                    }
                }
                body = text.append(influx ? "" : "]").toString();
            }
            path = influx ? "/write?db=bench" : "/log/event/";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nAccept: application/json\r\n"
                    + (influx ? "" : "AUTHORIZATION: Token " + token + "\r\n")
                    + "Content-Length: " + bytes.length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(headBytes, headBytes.length + bytes.length);
            System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
            return all;
        }

        private record Answer(int status, String body) {
        }

        /** Reads one response: status line, headers, Content-Length bytes of body. */
        private static Answer read(InputStream in, byte[] buffer) throws IOException {
            int filled = 0;
            int headEnd = -1;
            while (headEnd < 0) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    throw new IOException("connection closed");
                }
                filled += n;
                for (int i = Math.max(3, filled - n - 3); i < filled; i++) {
                    if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n'
                            && buffer[i - 3] == '\r') {
                        headEnd = i + 1;
                        break;
                    }
                }
            }
            String head = new String(buffer, 0, headEnd, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(head.substring(9, 12));
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            while (filled < headEnd + length) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    throw new IOException("connection closed in a body");
                }
                filled += n;
            }
            return new Answer(status, new String(buffer, headEnd, length,
                    StandardCharsets.UTF_8));
        }
    }
}
