package org.dkumonitor.installer.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.ServerConfig;

/**
 * The running metrics server's HTTP API, as {@code dkmadmin storage} and {@code dkmadmin
 * metrics} reach it: the address and bearer token come from the install's conf/server.yaml, and
 * answers are asked for as text. The server owns the whisper files while it runs; going through
 * it is what lets it hold a file during a resize or a rename and keep the points meanwhile.
 */
final class ServerApi {

    /** An answer: its HTTP status and its text. */
    record Answer(int status, String body) {
    }

    private final String base;
    private final String token;

    ServerApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The API of the install at {@code dataDir}, from its conf/server.yaml. */
    static ServerApi of(Path dataDir) {
        ServerConfig config = YamlConfigLoader.load(new DataDir(dataDir).confFile("server.yaml"),
                ServerConfig.class);
        String host = switch (config.api().listen()) {
            case "0.0.0.0", "*" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> config.api().listen().contains(":") && !config.api().listen()
                    .startsWith("[") ? "[" + config.api().listen() + "]" : config.api().listen();
        };
        String token = config.api().bearerToken();
        return new ServerApi("http://" + host + ":" + config.api().port(),
                token == null || token.isBlank() ? null : token);
    }

    /** Sends {@code method path} with the parameters (and format=text); the server's answer. */
    Answer send(String method, String path, Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.put("format", "text");
        StringBuilder form = new StringBuilder();
        all.forEach((key, value) -> form.append(form.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        boolean body = method.equals("POST");
        URI uri = URI.create(base + path + (body ? "" : "?" + form));
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout(5000);
            if (token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (body) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type",
                        "application/x-www-form-urlencoded");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(form.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream()
                    : connection.getErrorStream()) {
                String text = in == null ? "" : new String(in.readAllBytes(),
                        StandardCharsets.UTF_8);
                return new Answer(status, text);
            }
        } catch (IOException e) {
            throw new DkmException("cannot reach the metrics server at " + base + " ("
                    + e.getMessage() + "): dkmadmin storage and metrics work through the running"
                    + " server; start it with DATA_DIR/bin/dkm start server");
        }
    }

    /** The answer's text when it succeeded; a DkmException with the server's reason if not. */
    static String text(Answer answer) {
        if (answer.status() / 100 == 2) {
            return answer.body();
        }
        throw new DkmException(answer.body().strip() + " (HTTP " + answer.status() + ")");
    }
}
