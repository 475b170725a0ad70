package org.dkumonitor.dist;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A GottWall client for the end-to-end tests, writing what stati-net writes (the server's own
 * tests pin those bytes against the real clients): an S1-signed HTTP incr, an S2 stream, and
 * the read API with Basic.
 */
final class GottwallWire {

    private static final Pattern ALL = Pattern.compile("\"range\":\\s*\\[\\[0,\\s*(\\d+)]]");

    /** A project's keys, and where the install listens. */
    record Project(String name, String privateKey, String publicKey, int httpPort,
            int streamPort) {

        /** Reads them from what {@code dkmadmin gottwall project add} printed. */
        static Project fromAddOutput(String output) {
            return new Project(field(output, "  project      (\\S+)"),
                    field(output, "  private key  (\\S+)"), field(output, "  public key   (\\S+)"),
                    Integer.parseInt(field(output, "  HTTP         http://[^:]+:(\\d+)/")),
                    Integer.parseInt(field(output, "  TCP and UDP  [^:]+:(\\d+)")));
        }

        private static String field(String output, String regex) {
            Matcher matcher = Pattern.compile(regex).matcher(output);
            if (!matcher.find()) {
                throw new AssertionError("no " + regex + " in: " + output);
            }
            return matcher.group(1);
        }

        String s1(long ts) {
            return "GottWallS1 " + ts + " " + sign(ts) + " 1000";
        }

        String s2(long ts) {
            return "GottWallS2 " + ts + " " + sign(ts) + " 1000 " + name;
        }

        private String sign(long ts) {
            try {
                Mac mac = Mac.getInstance("HmacMD5");
                mac.init(new SecretKeySpec(privateKey.getBytes(StandardCharsets.UTF_8),
                        "HmacMD5"));
                return HexFormat.of().formatHex(mac.doFinal((publicKey + Math.floorDiv(ts, 1000)
                        * 1000).getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private GottwallWire() {
    }

    /** POSTs one metric as stati-net does; returns the status. */
    static int incr(Project project, String body) throws IOException, InterruptedException {
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + project.httpPort() + "/gottwall/api/v1/"
                        + project.name() + "/incr"))
                .header("Content-Type", "application/json")
                .header("X-GottWall-Auth", project.s1(now))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** Sends messages on one stream; returns what the server answered (OK or FAIL). */
    static String stream(Project project, String... messages) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", project.streamPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((project.s2(System.currentTimeMillis() / 1000)
                    + "--stream-auth--").getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String reply = new String(in.readNBytes(2), StandardCharsets.US_ASCII);
            if (reply.equals("OK")) {
                for (String message : messages) {
                    socket.getOutputStream().write((message + "--chunk--")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            socket.shutdownOutput();
            in.readAllBytes();
            return reply;
        }
    }

    /** The read API's total of a counter over everything kept, or -1 without an answer. */
    static long total(Project project, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + project.httpPort() + "/gottwall/api/v1/"
                        + project.name() + "/stats?period=all&name=" + name))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (project.publicKey() + ":" + project.privateKey())
                                .getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = ALL.matcher(response.body());
        return response.statusCode() != 200 ? -1 : matcher.find()
                ? Long.parseLong(matcher.group(1)) : 0;
    }
}
