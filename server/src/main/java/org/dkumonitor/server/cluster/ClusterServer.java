package org.dkumonitor.server.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A member of a front end's cluster: a Graphite HTTP API (ours, graphite-web, go-carbon's
 * carbonserver...), written as graphite-web's CLUSTER_SERVERS are: {@code host:port} or
 * {@code http://host:port/prefix}. {@link #name} is how messages and self-metrics call it.
 */
public record ClusterServer(String name, URI base) {

    public static ClusterServer parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("an empty cluster server; write host:port or"
                    + " http://host:port");
        }
        String url = trimmed.toLowerCase(Locale.ROOT).startsWith("http://")
                || trimmed.toLowerCase(Locale.ROOT).startsWith("https://")
                ? trimmed : "http://" + trimmed;
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not host:port or a URL: "
                    + e.getReason());
        }
        if (uri.getHost() == null || uri.getPort() < 1 || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "' is not host:port or"
                    + " http://host:port[/prefix]");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        URI base = URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                + ":" + uri.getPort() + path);
        String name = uri.getHost() + ":" + uri.getPort() + path;
        return new ClusterServer(name, base);
    }

    public String host() {
        return base.getHost();
    }

    public int port() {
        return base.getPort();
    }

    /** The URL of an API path on this server, e.g. {@code /render}. */
    URI resolve(String path, String query) {
        return URI.create(base + path + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    @Override
    public String toString() {
        return name;
    }
}
