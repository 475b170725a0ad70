package org.dkumonitor.server.api;

/**
 * A server this one depends on for the answer (a cluster member) failed: answered 502 Bad
 * Gateway with the message, which names the server and what went wrong.
 */
public class GatewayException extends RuntimeException {

    public GatewayException(String message) {
        super(message);
    }
}
