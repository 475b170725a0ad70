import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator of the GottWall benchmark (gottwall-bench.sh). It replays bytes that
 * gottwall_client.py made (stati-net's wire format, signed at the bench's start), with the
 * metric name BENCHNAME replaced by one of the same length for each measurement, then asks
 * the read API ({@code stats?period=all}) until every metric sent is counted.
 *
 * <pre>
 *   http HOST HTTP_PORT REQUEST_FILE CLIENTS TOTAL       keep-alive clients, a request at a time
 *   tcp  HOST HTTP_PORT STREAM_PORT STREAM_FILE CHUNK_FILE TOTAL   one connection
 *   udp  HOST HTTP_PORT STREAM_PORT DATAGRAM_FILE COUNT RATE...    paced datagrams, per rate
 * </pre>
 * Environment: GW_PROJECT, GW_BASIC (base64 of public:private), GW_PREFIX. One JSON line per
 * measurement on standard output.
 */
public final class GottwallLoad {

    private static final String PLACEHOLDER = "BENCHNAME";
    private static final Pattern TOTAL = Pattern.compile("\"range\":\\[\\[0,(\\d+)]]");

    private GottwallLoad() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "http" -> http(args[1], Integer.parseInt(args[2]), Path.of(args[3]),
                    Integer.parseInt(args[4]), Long.parseLong(args[5]));
            case "tcp" -> tcp(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Path.of(args[4]), Path.of(args[5]), Long.parseLong(args[6]));
            case "udp" -> {
                List<Integer> rates = new ArrayList<>();
                for (int i = 7; i < args.length; i++) {
                    rates.add(Integer.parseInt(args[i]));
                }
                udp(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        Path.of(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                        rates);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** A name as long as BENCHNAME, unique to this measurement. */
    private static String name(String kind) {
        String stamp = Long.toString(System.nanoTime() % 100_000_000L, 36);
        String name = kind + "0000000000".substring(0, PLACEHOLDER.length() - kind.length()
                - stamp.length()) + stamp;
        if (name.length() != PLACEHOLDER.length()) {
            throw new IllegalStateException(name);
        }
        return name;
    }

    private static byte[] named(Path file, String name) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        if (!text.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException(file + " holds no " + PLACEHOLDER);
        }
        return text.replace(PLACEHOLDER, name).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void http(String host, int port, Path requestFile, int clients, long total)
            throws Exception {
        String name = name("h");
        byte[] request = named(requestFile, name);
        AtomicLong failed = new AtomicLong();
        long each = total / clients;
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Socket socket = new Socket(host, port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
                    for (long i = 0; i < each; i++) {
                        out.write(request);
                        if (readStatus(in) != 200) {
                            failed.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long sent = each * clients;
        long counted = awaitTotal(host, port, name, sent - failed.get(), 60);
        System.out.printf("{\"transport\": \"http\", \"clients\": %d, \"requests\": %d,"
                + " \"not_200\": %d, \"seconds\": %.3f, \"requests_per_s\": %.0f,"
                + " \"counted\": %d}%n", clients, sent, failed.get(), seconds, sent / seconds,
                counted);
    }

    /** Reads one answer: the status, headers up to the blank line, Content-Length bytes. */
    private static int readStatus(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int status = -1;
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
                continue;
            }
            if (line.isEmpty()) {
                break;
            }
            String text = line.toString();
            if (status < 0) {
                status = Integer.parseInt(text.split(" ")[1]);
            } else if (text.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(text.substring(15).strip());
            }
            line.setLength(0);
        }
        in.readNBytes(length);
        return status;
    }

    private static void tcp(String host, int httpPort, int streamPort, Path streamFile,
            Path chunkFile, long total) throws Exception {
        String name = name("t");
        byte[] header = Files.readAllBytes(streamFile);
        byte[] chunk = named(chunkFile, name);
        int perBuffer = Math.max(1, (1 << 20) / chunk.length);
        byte[] buffer = new byte[perBuffer * chunk.length];
        for (int i = 0; i < perBuffer; i++) {
            System.arraycopy(chunk, 0, buffer, i * chunk.length, chunk.length);
        }
        long start;
        double sendSeconds;
        try (Socket socket = new Socket(host, streamPort)) {
            socket.setSendBufferSize(4 << 20);
            OutputStream out = socket.getOutputStream();
            out.write(header);
            String reply = new String(socket.getInputStream().readNBytes(2),
                    StandardCharsets.US_ASCII);
            if (!reply.equals("OK")) {
                throw new IllegalStateException("the server answered " + reply);
            }
            start = System.nanoTime();
            long left = total;
            while (left > 0) {
                int n = (int) Math.min(left, perBuffer);
                out.write(buffer, 0, n * chunk.length);
                left -= n;
            }
            socket.shutdownOutput();
            socket.getInputStream().read(); // the server closes once it has read everything
            sendSeconds = (System.nanoTime() - start) / 1e9;
        }
        long counted = awaitTotal(host, httpPort, name, total, 120);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("{\"transport\": \"tcp\", \"metrics\": %d, \"bytes_per_metric\": %d,"
                + " \"read_seconds\": %.3f, \"seconds_to_all_counted\": %.3f,"
                + " \"metrics_per_s\": %.0f, \"counted\": %d}%n", total, chunk.length,
                sendSeconds, seconds, total / seconds, counted);
    }

    private static void udp(String host, int httpPort, int streamPort, Path datagramFile,
            int count, int burst, List<Integer> rates) throws Exception {
        int lossless = 0;
        for (int rate : rates) {
            String name = name("u");
            byte[] datagram = named(datagramFile, name);
            try (DatagramSocket socket = new DatagramSocket()) {
                DatagramPacket packet = new DatagramPacket(datagram, datagram.length,
                        InetAddress.getByName(host), streamPort);
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    // paced in bursts: datagram i leaves no earlier than i / rate seconds in
                    if (i % burst == 0) {
                        long due = start + (long) (i * 1e9 / rate);
                        while (System.nanoTime() < due) {
                            Thread.onSpinWait();
                        }
                    }
                    socket.send(packet);
                }
            }
            long counted = awaitTotal(host, httpPort, name, count, 10);
            System.out.printf("{\"transport\": \"udp\", \"rate_per_s\": %d, \"sent\": %d,"
                    + " \"counted\": %d, \"lost\": %d}%n", rate, count, counted, count - counted);
            if (counted == count) {
                lossless = Math.max(lossless, rate);
            }
        }
        System.out.printf("{\"transport\": \"udp\", \"highest_lossless_rate_per_s\": %d}%n",
                lossless);
    }

    /** Polls the read API until the name's total reaches {@code expected} or stops moving. */
    private static long awaitTotal(String host, int port, String name, long expected,
            int timeoutSeconds) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port
                + System.getenv("GW_PREFIX") + "/api/v1/" + System.getenv("GW_PROJECT")
                + "/stats?period=all&name=" + name))
                .header("Authorization", "Basic " + System.getenv("GW_BASIC")).build();
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        long total = -1;
        long last = -2;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = TOTAL.matcher(body.replace(" ", ""));
            total = matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
            if (total >= expected) {
                return total;
            }
            if (total != last) {
                last = total;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 3_000_000_000L) {
                return total; // nothing more is coming
            }
            Thread.sleep(20);
        }
        return total;
    }
}
