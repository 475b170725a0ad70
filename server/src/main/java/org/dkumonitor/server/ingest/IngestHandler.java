package org.dkumonitor.server.ingest;

import java.io.IOException;

/**
 * What a feature mounts on the ingest server: a request in, a response out. It runs on the
 * connection's virtual thread and may block (waiting for an fsync, say). An unchecked exception
 * is a bug: the client gets 500 and the server logs it.
 */
@FunctionalInterface
public interface IngestHandler {

    HttpResponse handle(HttpRequest request) throws IOException;
}
