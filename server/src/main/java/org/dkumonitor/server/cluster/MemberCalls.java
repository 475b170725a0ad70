package org.dkumonitor.server.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks several cluster members the same thing at once, each on a virtual thread, and waits for
 * all of them until one deadline ({@code cluster.timeoutMillis}): what a member answered, or why
 * it did not, member by member. At most {@code cluster.maxConcurrency} requests are in flight
 * over all front-end requests (a request waits for a slot within its deadline); an answer over
 * {@code cluster.maxResponseMegabytes} is cut off and counts as a failure. Connections are
 * HttpURLConnection's, kept alive between requests; a request that outlives the deadline is
 * interrupted, which closes its socket.
 */
final class MemberCalls implements AutoCloseable {

    /** Turns a member's body into a value, or throws {@link BadAnswerException}. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(byte[] body, String contentType);
    }

    /** A member's answer, or the reason there is none. */
    record Outcome<T>(ClusterServer server, T value, String failure) {

        boolean failed() {
            return failure != null;
        }
    }

    /** An answer that cannot be read (not a pickle, not JSON, not the expected shape). */
    static final class BadAnswerException extends RuntimeException {
        BadAnswerException(String message) {
            super(message);
        }
    }

    /** GETs longer than this go as a form POST (graphite-web's nodes accept both). */
    private static final int MAX_QUERY_CHARS = 4000;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore slots;
    private final long timeoutMillis;
    private final long maxBytes;
    private final String authorization;

    MemberCalls(ClusterConfig config, String bearerToken) {
        this.slots = new Semaphore(config.maxConcurrency(), true);
        this.timeoutMillis = config.timeoutMillis();
        this.maxBytes = config.maxResponseMegabytes() * 1024L * 1024L;
        this.authorization = bearerToken == null ? null : "Bearer " + bearerToken;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** {@code path} with {@code parameters} (name, value pairs) asked of every member. */
    <T> List<Outcome<T>> call(List<ClusterServer> members, String path,
            List<String[]> parameters, Parser<T> parser) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String query = encode(parameters);
        List<Future<T>> futures = new ArrayList<>(members.size());
        for (ClusterServer member : members) {
            futures.add(executor.submit(() -> ask(member, path, query, deadline, parser)));
        }
        List<Outcome<T>> outcomes = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            ClusterServer member = members.get(i);
            Future<T> future = futures.get(i);
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                outcomes.add(new Outcome<>(member, future.get(left, TimeUnit.NANOSECONDS), null));
            } catch (TimeoutException e) {
                future.cancel(true);
                outcomes.add(new Outcome<>(member, null, noAnswer().getMessage()));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                outcomes.add(new Outcome<>(member, null, cause instanceof BadAnswerException
                        || cause instanceof IOException ? cause.getMessage() : cause.toString()));
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking the cluster", e);
            }
        }
        return outcomes;
    }

    private <T> T ask(ClusterServer member, String path, String query, long deadline,
            Parser<T> parser) throws IOException, InterruptedException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || !slots.tryAcquire(left, TimeUnit.MILLISECONDS)) {
            throw new IOException("no free slot among cluster.maxConcurrency within "
                    + timeoutMillis + " ms");
        }
        try {
            int timeout = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(
                    deadline - System.nanoTime()));
            boolean post = query.length() > MAX_QUERY_CHARS;
            URI uri = member.resolve(path, post ? null : query);
            HttpURLConnection connection = (HttpURLConnection) uri.toURL()
                    .openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(timeout);
            connection.setReadTimeout(timeout);
            connection.setInstanceFollowRedirects(false);
            if (authorization != null) {
                connection.setRequestProperty("Authorization", authorization);
            }
            if (post) {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type",
                        "application/x-www-form-urlencoded");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(query.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status;
            try {
                status = connection.getResponseCode();
            } catch (java.net.SocketTimeoutException e) {
                connection.disconnect();
                throw noAnswer();
            } catch (IOException e) {
                connection.disconnect();
                throw new IOException("cannot reach it: " + e.getMessage(), e);
            }
            InputStream stream = status >= 400 ? connection.getErrorStream()
                    : connection.getInputStream();
            byte[] body;
            try (InputStream in = stream == null ? InputStream.nullInputStream() : stream) {
                body = read(in, connection.getContentLengthLong());
            } catch (java.net.SocketTimeoutException e) {
                connection.disconnect();
                throw noAnswer();
            } catch (IOException e) {
                connection.disconnect();
                throw e;
            }
            if (status != 200) {
                throw new IOException("HTTP " + status + (body.length == 0 ? ""
                        : ": " + preview(body)));
            }
            return parser.parse(body, connection.getContentType());
        } finally {
            slots.release();
        }
    }

    private IOException noAnswer() {
        return new IOException("no answer within " + timeoutMillis
                + " ms (cluster.timeoutMillis)");
    }

    /** The whole body, read into one array when its length is announced. */
    private byte[] read(InputStream in, long length) throws IOException {
        if (length > maxBytes) {
            throw new IOException("answer of " + length + " bytes is larger than "
                    + maxBytes / (1024 * 1024) + " MB (cluster.maxResponseMegabytes)");
        }
        if (length >= 0) {
            byte[] body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new IOException("answer cut off after " + body.length + " of " + length
                        + " bytes");
            }
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new IOException("answer larger than " + maxBytes / (1024 * 1024)
                        + " MB (cluster.maxResponseMegabytes)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The start of a body, as text a person can read in a message. */
    static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8)
                .replaceAll("[\\p{Cntrl}&&[^\n]]", "?").replace('\n', ' ').strip();
        return "'" + text + (body.length > 120 ? "...'" : "'");
    }

    static String encode(List<String[]> parameters) {
        StringBuilder query = new StringBuilder();
        for (String[] parameter : parameters) {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(URLEncoder.encode(parameter[0], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(parameter[1], StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
