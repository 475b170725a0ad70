package org.dkumonitor.server.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * ClickHouse's plain HTTP interface, the one that works with every ClickHouse these machines can
 * install (the Java clients silently return no rows from 18.16). A query is POSTed with its
 * {@code FORMAT} in the SQL and {@code wait_end_of_query=1}, so that an error found half-way is
 * an HTTP error and not a truncated 200; an insert sends {@code INSERT INTO ... FORMAT
 * RowBinary} as the {@code query} parameter and the rows as the body.
 *
 * <p>Several URLs are equivalent servers (replicas, or one Distributed table per shard): a
 * request goes to the one that answered last and moves on to the next when a server cannot be
 * reached. Credentials go in ClickHouse's {@code X-ClickHouse-User}/{@code X-ClickHouse-Key}
 * headers, never in a URL that could be logged.
 *
 * <p>Every query carries an id and ClickHouse's own {@code max_execution_time}; when the answer
 * does not come within the time limit, or the waiting thread is interrupted (the render's client
 * left), the query is killed on the server ({@code KILL QUERY ... ASYNC}): 18.16 goes on
 * running a query whose HTTP client has gone.
 */
public final class ClickHouseHttp {

    private static final Logger LOG = Logger.getLogger(ClickHouseHttp.class.getName());
    /** SQL texts up to this size are accepted (IN lists of many metric names). */
    private static final int MAX_QUERY_BYTES = 64 * 1024 * 1024;

    /** Reads a successful answer's body. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private final List<URI> urls;
    private final HttpClient client;
    private final Credentials credentials;
    private final Duration queryTimeout;
    private volatile int preferred;

    public ClickHouseHttp(List<URI> urls, Credentials credentials, Duration connectTimeout,
            Duration queryTimeout) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one ClickHouse URL is needed");
        }
        this.urls = List.copyOf(urls);
        this.credentials = credentials;
        this.queryTimeout = queryTimeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).build();
    }

    public Duration queryTimeout() {
        return queryTimeout;
    }

    /** The servers, in the order they are tried. */
    public List<URI> urls() {
        return urls;
    }

    /** Runs a query whose SQL names its FORMAT and reads the answer with {@code reader}. */
    public <T> T query(String sql, BodyReader<T> reader) {
        return send(sql, null, null, queryTimeout, reader);
    }

    /** Runs a statement (DDL, OPTIMIZE) and returns its answer as text. */
    public String execute(String sql) {
        return send(sql, null, null, queryTimeout,
                body -> new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Runs a statement on one server only (DDL of a shard's local tables). */
    public String executeOn(URI url, String sql) {
        String id = "dkm-" + UUID.randomUUID();
        try {
            return attempt(url, sql, null, 0, id, queryTimeout,
                    body -> new String(body.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ClickHouseException.unreachable(url.toString(), e);
        }
    }

    /**
     * Inserts {@code length} bytes of RowBinary rows into {@code target}, e.g.
     * {@code db.graphite (Path, Value, Time, Date, Timestamp)}; returns once ClickHouse has
     * acknowledged them.
     */
    public void insert(String target, byte[] rows, int length) {
        send(null, "INSERT INTO " + target + " FORMAT RowBinary", new Body(rows, length),
                queryTimeout.multipliedBy(2), body -> {
                    body.transferTo(OutputStreamSink.INSTANCE);
                    return null;
                });
    }

    /** Rows of an insert: the first {@code length} bytes of {@code bytes}. */
    private record Body(byte[] bytes, int length) {
    }

    private <T> T send(String sql, String insertQuery, Body body, Duration timeout,
            BodyReader<T> reader) {
        String id = "dkm-" + UUID.randomUUID();
        IOException last = null;
        int first = preferred;
        for (int attempt = 0; attempt < urls.size(); attempt++) {
            int index = (first + attempt) % urls.size();
            URI url = urls.get(index);
            try {
                T answer = insertQuery == null ? attempt(url, sql, null, 0, id, timeout, reader)
                        : attempt(url, insertQuery, body.bytes(), body.length(), id, timeout,
                                reader);
                if (index != preferred) {
                    preferred = index;
                    if (attempt > 0) {
                        LOG.info("ClickHouse: using " + url + " (" + urls.get(first)
                                + " cannot be reached)");
                    }
                }
                return answer;
            } catch (IOException e) {
                last = e; // not reached, or the connection broke: the next server
            }
        }
        throw ClickHouseException.unreachable(urls.size() == 1 ? urls.get(0).toString()
                : String.valueOf(urls), last);
    }

    /** One request to one server; IOException when it could not be reached or hung up. */
    private <T> T attempt(URI url, String sqlOrInsert, byte[] rows, int length, String id,
            Duration timeout, BodyReader<T> reader) throws IOException {
        boolean insert = rows != null;
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        StringBuilder query = new StringBuilder("?query_id=").append(id)
                .append("&max_execution_time=").append(seconds);
        HttpRequest.BodyPublisher publisher;
        if (insert) {
            query.append("&query=").append(URLEncoder.encode(sqlOrInsert, StandardCharsets.UTF_8));
            publisher = HttpRequest.BodyPublishers.ofByteArray(rows, 0, length);
        } else {
            query.append("&wait_end_of_query=1&max_query_size=").append(MAX_QUERY_BYTES);
            publisher = HttpRequest.BodyPublishers.ofString(sqlOrInsert);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(query.toString()))
                .timeout(timeout).POST(publisher);
        if (credentials != null) {
            request.header("X-ClickHouse-User", credentials.user());
            request.header("X-ClickHouse-Key", credentials.password());
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw e;
        } catch (HttpTimeoutException e) {
            kill(url, id);
            throw ClickHouseException.timeout(url.toString(), timeout.toMillis(), id);
        } catch (InterruptedException e) {
            kill(url, id);
            Thread.currentThread().interrupt();
            throw new ClickHouseException(ClickHouseException.Kind.TIMEOUT, 0, "ClickHouse query "
                    + id + " abandoned: the request was interrupted, and cancelled there", e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                throw ClickHouseException.answered(url.toString(), response.statusCode(), text);
            }
            try {
                return reader.read(in);
            } catch (IOException e) {
                throw new ClickHouseException(ClickHouseException.Kind.ERROR, 0, "ClickHouse at "
                        + url + " sent an answer that could not be read: " + e, e);
            }
        }
    }

    /** Asks the server to stop a query (best effort: it may have ended meanwhile). */
    private void kill(URI url, String id) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString("KILL QUERY WHERE query_id = '"
                            + id + "' ASYNC"));
            if (credentials != null) {
                request.header("X-ClickHouse-User", credentials.user());
                request.header("X-ClickHouse-Key", credentials.password());
            }
            HttpResponse<String> answer = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                LOG.warning("could not cancel ClickHouse query " + id + " at " + url + ": "
                        + answer.body().strip());
            }
        } catch (IOException e) {
            LOG.warning("could not cancel ClickHouse query " + id + " at " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where an insert's (empty) answer goes. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
