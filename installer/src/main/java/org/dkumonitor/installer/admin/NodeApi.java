package org.dkumonitor.installer.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.DkmException;

/**
 * A storage node's API as {@code dkmadmin cluster} uses it: its metrics
 * ({@code /metrics/index.json?local=1}), and the server's move endpoints
 * ({@code /cluster/fill}, {@code /cluster/delete}).
 */
final class NodeApi {

    /** An answer: status and text. */
    record Answer(int status, String body) {

        boolean ok() {
            return status == 200;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();
    private final String address;
    private final String token;
    private final int timeoutMillis;

    NodeApi(String address, String token, int timeoutMillis) {
        this.address = address;
        this.token = token;
        this.timeoutMillis = timeoutMillis;
    }

    /** Every metric this node stores itself. */
    List<String> metrics() {
        Answer answer = request("GET", "/metrics/index.json", "local=1");
        if (!answer.ok()) {
            throw new DkmException("cannot list the metrics of " + address + ": HTTP "
                    + answer.status() + " " + answer.body().strip());
        }
        List<String> metrics = new ArrayList<>();
        try (JsonParser json = JSON.createParser(answer.body())) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not a JSON list");
            }
            while (json.nextToken() == JsonToken.VALUE_STRING) {
                metrics.add(json.getText());
            }
        } catch (IOException e) {
            throw new DkmException(address + " answered its metric list with something that is"
                    + " not a JSON list of names: " + e.getMessage());
        }
        return metrics;
    }

    /** Fills the metric here from {@code source}'s copy (whisper-fill: only the gaps). */
    Answer fill(String metric, String source) {
        return request("POST", "/cluster/fill", "metric=" + encode(metric) + "&source="
                + encode(source));
    }

    /** Removes this node's copy of the metric. */
    Answer delete(String metric) {
        return request("POST", "/cluster/delete", "metric=" + encode(metric));
    }

    private Answer request(String method, String path, String query) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + address
                    + path + "?" + query).toURL().openConnection(Proxy.NO_PROXY);
            connection.setRequestMethod(method);
            connection.setConnectTimeout(timeoutMillis);
            connection.setReadTimeout(timeoutMillis);
            if (token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (method.equals("POST")) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type",
                        "application/x-www-form-urlencoded");
                connection.getOutputStream().close();
            }
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream()
                    : connection.getInputStream();
            String body = "";
            if (stream != null) {
                try (InputStream in = stream) {
                    body = new String(in.readNBytes(64 * 1024 * 1024), StandardCharsets.UTF_8);
                }
            }
            return new Answer(status, body);
        } catch (IOException e) {
            throw new DkmException("cannot reach the API of " + address + " (" + e.getMessage()
                    + "): is its server running, and is --nodes right?");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
