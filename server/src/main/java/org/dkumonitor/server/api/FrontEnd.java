package org.dkumonitor.server.api;

import org.dkumonitor.server.metrics.NodeFinder;

/**
 * What a cluster front end changes in the API: the reads of requests not marked {@code local=1}
 * go to its members as well as to this server's own store. Requests with {@code local=1} (those
 * of another front end, or graphite-web's) are always answered from this server alone, so two
 * front ends that list each other never loop.
 */
public interface FrontEnd {

    /** find and expand's nodes: the members' and {@code local}'s, merged. */
    NodeFinder finder(NodeFinder local);

    /** render's series: the members' and {@code local}'s, same-named ones merged. */
    RenderSources sources(RenderSources local);

    /** /metrics/index.json: the members' lists and {@code local}'s, as one. */
    ApiServer.Endpoint index(ApiServer.Endpoint local);

    /** A /tags/autoComplete endpoint: the members' answers and {@code local}'s, as one. */
    ApiServer.Endpoint tags(String path, ApiServer.Endpoint local);
}
