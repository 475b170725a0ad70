package org.dkumonitor.server.listen;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Limits of every HTTP listener of the process, on the JDK's HTTP server, which takes them as
 * system properties read once, when its first server is made: {@link #install} must run before
 * any {@code HttpServer} is created (the API's, the UI's, an ingest port's). Each listener then
 * keeps at most {@code maxConnections} connections (a new one past that is closed at once); a
 * request's line, headers and body must arrive within {@code requestTimeout} (a half-sent
 * request, slowloris, is closed after it; so is a connection that sends nothing); a kept-alive
 * connection idle for {@code idleTimeout} is closed; a response not taken by the client within
 * {@code responseTimeout} is abandoned.
 */
public record HttpLimits(int maxConnections, Duration requestTimeout, Duration idleTimeout,
        Duration responseTimeout) {

    private static final Logger LOG = Logger.getLogger(HttpLimits.class.getName());

    /** Sets the JDK server's properties, unless the command line set them already. */
    public void install() {
        set("jdk.httpserver.maxConnections", Integer.toString(maxConnections));
        // a kept-alive connection (Grafana's) is closed after its answer when this many are
        // idle already: 200 by default, which a burst of other clients fills
        set("sun.net.httpserver.maxIdleConnections", Integer.toString(maxConnections));
        set("sun.net.httpserver.maxReqTime", Long.toString(requestTimeout.toSeconds()));
        set("sun.net.httpserver.idleInterval", Long.toString(idleTimeout.toSeconds()));
        set("sun.net.httpserver.maxRspTime", Long.toString(responseTimeout.toSeconds()));
        set("sun.net.httpserver.nodelay", "true");
        // how often idle and never-used connections are looked for: 10 s by default, which
        // lets a flood of silent connections hold the port that much past its timeout
        set("sun.net.httpserver.clockTick", "1000");
        LOG.info("HTTP listeners: at most " + System.getProperty("jdk.httpserver.maxConnections")
                + " connections each; a request must arrive within "
                + System.getProperty("sun.net.httpserver.maxReqTime") + " s, an idle connection"
                + " is closed after " + System.getProperty("sun.net.httpserver.idleInterval")
                + " s");
    }

    private static void set(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
