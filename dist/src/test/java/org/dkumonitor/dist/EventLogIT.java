package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.dkumonitor.testkit.TestPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stats-service's clients against a real install: a token from dkmadmin, the exact requests
 * stats-client sends (both eras) to PORT+6, the event read back by id, counted into its series
 * and shown as a Graphite annotation on PORT+2, still there after the server is killed with -9
 * and restarted by the supervisor, and refused once its token is revoked.
 */
final class EventLogIT {

    /** stats-client 1c088ee's era-A body for the README's example (vectors/real_stats_client). */
    private static final String ERA_A = "{\"uid\": \"user-86522\", \"datetime\":"
            + " \"2016-04-29T10:07:51.123456\", \"location\": \"GB\", \"nested_b_c\": \"x\","
            + " \"event\": \"pnc.user.view\", \"nested_a\": 1}";
    /** stats-client HEAD's era-B body for the README's example. */
    private static final String ERA_B = "[{\"fields\": {\"value\": 1}, \"tags\": {\"from\":"
            + " \"oisin\"}, \"measurement\": \"ping\"}]";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void statsClientsRequestsAreStoredCountedAnnotatedAndSurviveAKill(@TempDir Path work)
            throws Exception {
        Path bundle = Bundles.unpack(work, "bundle");
        Path dataDir = work.resolve("data");
        int port = TestPorts.range(10);
        Command install = Bundles.installer(bundle, "-d", dataDir.toString(), "-p",
                Integer.toString(port), "-t", "backend");
        assertEquals(0, install.exitCode(), install.toString());
        Path dkm = dataDir.resolve("bin/dkm");
        try {
            Command token = Command.run(dataDir.resolve("bin/dkmadmin").toString(), "events",
                    "token", "create", "--identity", "app");
            assertEquals(0, token.exitCode(), token.toString());
            String secretToken = token.output().lines().toList().get(1);
            assertEquals("rw-------", PosixFilePermissions.toString(Files
                    .getPosixFilePermissions(dataDir.resolve("conf/access.json"))));
            Command start = Command.run(dkm.toString(), "start");
            assertEquals(0, start.exitCode(), start.toString());
            String base = "http://127.0.0.1:" + (port + 6);

            HttpResponse<String> ping = send("GET", base + "/ping/", null, null);
            assertEquals(200, ping.statusCode());
            HttpResponse<String> logged = send("POST", base + "/log/event/", ERA_A, secretToken);
            assertEquals(200, logged.statusCode(), logged.body());
            String id = logged.body().replace("\"", "");
            assertTrue(id.matches("entry_[0-9a-f]{32}"), id);
            HttpResponse<String> points = send("POST", base + "/log/event/", ERA_B, secretToken);
            assertEquals("\"OK\"", points.body());
            assertEquals(403, send("POST", base + "/log/event/", ERA_A, "forged").statusCode());

            String api = "http://127.0.0.1:" + (port + 2);
            awaitPoints(api, "events.pnc.user.view.count");
            awaitPoints(api, "analytics.ping.value;from=oisin");
            String annotations = send("GET", api + "/events/get_data?from=-10min&tags="
                    + "pnc.user.view", null, null).body();
            assertTrue(annotations.contains("\"what\": \"pnc.user.view\""), annotations);

            String pid = Command.run(dkm.toString(), "pid", "server").output().strip();
            assertEquals(0, Command.run("kill", "-9", pid).exitCode());
            Instant deadline = Instant.now().plusSeconds(60);
            HttpResponse<String> again = null;
            while (Instant.now().isBefore(deadline)) {
                try {
                    again = send("GET", base + "/log/event/" + id + "/", null, secretToken);
                    break;
                } catch (java.io.IOException down) {
                    Thread.sleep(300);
                }
            }
            assertTrue(again != null && again.statusCode() == 200, String.valueOf(again));
            assertTrue(again.body().contains("\"event\": \"pnc.user.view\""), again.body());
            assertNotEquals(pid, Command.run(dkm.toString(), "pid", "server").output().strip());

            String fingerprint = Command.run(dataDir.resolve("bin/dkmadmin").toString(),
                    "events", "token", "list").output().lines().filter(l -> l.startsWith("  "))
                    .findFirst().orElseThrow().strip();
            assertEquals(0, Command.run(dataDir.resolve("bin/dkmadmin").toString(), "events",
                    "token", "revoke", fingerprint).exitCode());
            deadline = Instant.now().plusSeconds(10);
            int status = 200;
            while (status != 403 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                status = send("POST", base + "/log/event/", ERA_A, secretToken).statusCode();
            }
            assertEquals(403, status, "a revoked token is refused");
            String log = Files.readString(dataDir.resolve("run/server.log"));
            assertTrue(!log.contains(secretToken.substring(0, 40)), "no token in the log");
        } finally {
            Command.run(dkm.toString(), "stop");
        }
    }

    private HttpResponse<String> send(String method, String url, String body, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("AUTHORIZATION", "Token " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitPoints(String api, String target) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            body = send("GET", api + "/render?format=json&from=-10min&target="
                    + URLEncoder.encode(target, StandardCharsets.UTF_8), null, null).body();
            if (body.matches("(?s).*\\[1(\\.0)?,\\s*\\d+].*")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no count in " + target + ": " + body);
    }
}
