package org.dkumonitor.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's chromium, headless with no background networking, driven over the DevTools protocol
 * by the JDK's WebSocket client: navigate, evaluate, screenshot, and every console error, page
 * exception and failed load the page reports.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path temporary;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path temporary, WebSocket.Builder builder,
            URI page) throws Exception {
        this.process = process;
        this.temporary = temporary;
        this.socket = builder.buildAsync(page, new Listener()).get(30, TimeUnit.SECONDS);
        call("Runtime.enable", Map.of());
        call("Log.enable", Map.of());
        call("Page.enable", Map.of());
    }

    /** Starts chromium with a fresh profile in {@code profile} and attaches to its page. */
    static HeadlessChromium start(Path profile, int width, int height) throws Exception {
        Files.createDirectories(profile);
        // chromium puts its singleton socket under TMPDIR, and a socket path has at most 107
        // bytes: a short directory of our own, removed on close
        Path temporary = Files.createTempDirectory("dkmc");
        Path log = profile.resolveSibling(profile.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-default-apps",
                "--disable-extensions", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("TMPDIR", temporary.toString());
        Process process = builder.start();
        try {
            int port = devToolsPort(profile, process, log);
            HttpClient http = HttpClient.newHttpClient();
            URI page = null;
            Instant deadline = Instant.now().plusSeconds(30);
            while (page == null && Instant.now().isBefore(deadline)) {
                String list = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (JsonNode target : JSON.readTree(list)) {
                    if (target.path("type").asText().equals("page")) {
                        page = URI.create(target.path("webSocketDebuggerUrl").asText());
                    }
                }
                if (page == null) {
                    Thread.sleep(100);
                }
            }
            if (page == null) {
                throw new AssertionError("chromium opened no page within 30 s");
            }
            return new HeadlessChromium(process, temporary, http.newWebSocketBuilder(), page);
        } catch (Exception | AssertionError e) {
            kill(process);
            deleteTree(temporary);
            throw e;
        }
    }

    private static int devToolsPort(Path profile, Process process, Path log) throws Exception {
        Path file = profile.resolve("DevToolsActivePort");
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).strip());
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("chromium exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("chromium wrote no " + file + " within 30 s");
    }

    /** One DevTools command; its result, or an AssertionError with the protocol's error. */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new AssertionError(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Loads a URL from a blank page, so nothing of the previous page can answer for it. */
    void open(String url) throws Exception {
        call("Page.navigate", Map.of("url", "about:blank"));
        call("Page.navigate", Map.of("url", url));
    }

    /** The value of a JavaScript expression, awaited when it is a promise. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression,
                "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("evaluating " + expression + ": "
                    + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Polls an expression until it is true; fails with the last value of {@code describe}. */
    void await(String condition, Duration timeout, String describe) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (evaluate("!!(" + condition + ")").asBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not true within " + timeout + ": " + condition + "; "
                + evaluate(describe) + "; console errors: " + errors);
    }

    void screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /** Console errors, uncaught exceptions and failed loads reported so far. */
    List<String> errors() {
        return new ArrayList<>(errors);
    }

    @Override
    public void close() {
        socket.abort();
        kill(process);
        deleteTree(temporary);
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("could not remove " + root + ": " + e.getMessage());
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void event(JsonNode message) {
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Runtime.consoleAPICalled" -> {
                String type = params.path("type").asText();
                if (type.equals("error") || type.equals("assert")) {
                    errors.add("console." + type + ": " + params.path("args"));
                }
            }
            case "Runtime.exceptionThrown" -> errors.add("exception: "
                    + params.path("exceptionDetails"));
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                if (entry.path("level").asText().equals("error")) {
                    errors.add("log: " + entry.path("text").asText() + " "
                            + entry.path("url").asText());
                }
            }
            default -> {
            }
        }
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer =
                                pending.remove(message.get("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    } else {
                        event(message);
                    }
                } catch (IOException e) {
                    errors.add("unreadable DevTools message: " + e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(answer -> answer.completeExceptionally(error));
        }
    }
}
