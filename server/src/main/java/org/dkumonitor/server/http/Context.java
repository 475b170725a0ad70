package org.dkumonitor.server.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A path prefix of a {@link LenientHttpServer} and the handler that serves it. */
final class Context extends HttpContext {

    private final HttpServer server;
    private final String path;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final List<Filter> filters = new CopyOnWriteArrayList<>();
    private volatile HttpHandler handler;
    private volatile Authenticator authenticator;

    Context(HttpServer server, String path) {
        this.server = server;
        this.path = path;
    }

    @Override
    public HttpHandler getHandler() {
        return handler;
    }

    @Override
    public void setHandler(HttpHandler handler) {
        if (this.handler != null) {
            throw new IllegalArgumentException("the context " + path + " has a handler already");
        }
        this.handler = handler;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    /** Filters run before the handler, in order, as on the JDK server. */
    @Override
    public List<Filter> getFilters() {
        return filters;
    }

    /** Authenticators are not supported: the API checks its bearer token itself. */
    @Override
    public Authenticator setAuthenticator(Authenticator authenticator) {
        if (authenticator != null) {
            throw new UnsupportedOperationException("authenticators are not supported here");
        }
        Authenticator previous = this.authenticator;
        this.authenticator = null;
        return previous;
    }

    @Override
    public Authenticator getAuthenticator() {
        return authenticator;
    }
}
