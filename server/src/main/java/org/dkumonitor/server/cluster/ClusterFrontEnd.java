package org.dkumonitor.server.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.dkumonitor.server.api.ApiServer;
import org.dkumonitor.server.api.BadRequestException;
import org.dkumonitor.server.api.FrontEnd;
import org.dkumonitor.server.api.GatewayException;
import org.dkumonitor.server.api.Json;
import org.dkumonitor.server.api.QueryParameters;
import org.dkumonitor.server.api.RenderSources;
import org.dkumonitor.server.api.ResponseNotes;
import org.dkumonitor.server.metrics.MetricNode;
import org.dkumonitor.server.metrics.NodeFinder;
import org.dkumonitor.server.selfmetrics.SelfMetrics;

/**
 * The cluster front end of conf/server.yaml's {@code cluster:}: asks the members (with
 * {@code local=1}, so a member that is itself a front end answers from its own store) and this
 * server's store, if it has one, and merges. A member that fails or does not answer in time
 * makes the whole answer a 502 naming it and its error, unless {@code partialResults: allow}:
 * then the answer is made of the others, as graphite-web's, and says which members are missing
 * in the {@value #MISSING_HEADER} header and the self-metric {@code cluster.partialResults}.
 * Every member's failures are counted ({@code cluster.servers.<name>.errors}).
 */
public final class ClusterFrontEnd implements FrontEnd, SelfMetrics.Figures, java.io.Closeable {

    /** The response header naming the members an answer was made without. */
    public static final String MISSING_HEADER = "X-Dkm-Missing-Servers";
    private static final Logger LOG = Logger.getLogger(ClusterFrontEnd.class.getName());
    private static final Set<String> TAG_PARAMETERS = Set.of("expr", "expr[]", "tagPrefix",
            "valuePrefix", "tag", "limit", "from", "until");

    private final ClusterConfig config;
    private final boolean localStore;
    private final MemberCalls calls;
    private volatile List<ClusterServer> members;
    private final LongAdder partialAnswers = new LongAdder();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** {@code localStore}: whether this server's own store is one more member. */
    public ClusterFrontEnd(ClusterConfig config, boolean localStore) {
        this.config = config;
        this.localStore = localStore;
        this.calls = new MemberCalls(config, config.bearerToken());
        this.members = config.members();
        LOG.info("cluster front end over " + members + (localStore ? " and this server's store"
                : "") + "; partial results " + config.partialResults());
    }

    /**
     * Drops the members that are this very server (its API's port on one of this machine's
     * addresses): its store is already asked directly, and asking itself would only double
     * the work.
     */
    public void leaveOut(String listenHost, int apiPort) {
        List<ClusterServer> kept = new ArrayList<>();
        for (ClusterServer member : members) {
            if (member.port() == apiPort && isThisServer(member.host(), listenHost)) {
                LOG.warning("cluster.servers names this server itself (" + member + "): left"
                        + " out, " + (localStore ? "its own store is asked directly"
                        : "it stores nothing"));
            } else {
                kept.add(member);
            }
        }
        members = List.copyOf(kept);
    }

    public List<ClusterServer> members() {
        return members;
    }

    private static boolean isThisServer(String host, String listenHost) {
        try {
            InetAddress address = InetAddress.getByName(host);
            InetAddress listen = InetAddress.getByName(listenHost);
            if (!listen.isAnyLocalAddress()) {
                return address.equals(listen)
                        || address.isLoopbackAddress() && listen.isLoopbackAddress();
            }
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    @Override
    public NodeFinder finder(NodeFinder local) {
        return new ClusterFinder(this, localStore ? local : null);
    }

    @Override
    public RenderSources sources(RenderSources local) {
        return (budget, targets, from, until, now) -> new ClusterSource(this,
                localStore ? local.open(budget, targets, from, until, now) : null, budget,
                targets, from, until, now);
    }

    @Override
    public ApiServer.Endpoint index(ApiServer.Endpoint local) {
        return parameters -> {
            Set<String> all = new TreeSet<>();
            if (localStore) {
                all.addAll(JsonStrings.parse(local.handle(QueryParameters.parse()).body(),
                        null));
            }
            for (List<String> answer : settle(calls.call(members, "/metrics/index.json",
                    List.<String[]>of(new String[] {"local", "1"}), JsonStrings::parse),
                    "index")) {
                all.addAll(answer);
            }
            return strings(parameters, all, Integer.MAX_VALUE);
        };
    }

    @Override
    public ApiServer.Endpoint tags(String path, ApiServer.Endpoint local) {
        return parameters -> {
            List<String[]> forwarded = new ArrayList<>();
            StringBuilder localQuery = new StringBuilder();
            for (String key : TAG_PARAMETERS) {
                for (String value : parameters.all(key)) {
                    forwarded.add(new String[] {key, value});
                }
            }
            localQuery.append(MemberCalls.encode(forwarded));
            forwarded.add(new String[] {"local", "1"});
            Set<String> all = new TreeSet<>();
            if (localStore) {
                all.addAll(JsonStrings.parse(local.handle(QueryParameters.parse(
                        localQuery.toString())).body(), null));
            }
            for (List<String> answer : settle(calls.call(members, path, forwarded,
                    JsonStrings::parse), "tags")) {
                all.addAll(answer);
            }
            return strings(parameters, all, limit(parameters));
        };
    }

    /** graphite-web's TAGDB_AUTOCOMPLETE_LIMIT: 100 unless asked; 0 or less, no limit. */
    private static int limit(QueryParameters parameters) {
        String value = parameters.get("limit", "100");
        try {
            int limit = Integer.parseInt(value.strip());
            return limit <= 0 ? Integer.MAX_VALUE : limit;
        } catch (NumberFormatException e) {
            throw new BadRequestException("Invalid int value '" + value + "' for param limit");
        }
    }

    private static ApiServer.Response strings(QueryParameters parameters, Set<String> values,
            int limit) throws IOException {
        return Json.response(parameters, json -> {
            json.writeStartArray();
            int written = 0;
            for (String value : values) {
                if (written++ == limit) {
                    break;
                }
                json.writeString(value);
            }
            json.writeEndArray();
        });
    }

    /** Every member's series for the targets, in the members' order. */
    List<RenderPickle.Fetched> render(List<String> targets, long from, long until, long now) {
        List<String[]> parameters = new ArrayList<>(List.of(new String[] {"format", "pickle"},
                new String[] {"local", "1"}, new String[] {"noCache", "1"},
                new String[] {"from", Long.toString(from)},
                new String[] {"until", Long.toString(until)},
                new String[] {"now", Long.toString(now)}));
        for (String target : targets) {
            parameters.add(new String[] {"target", target});
        }
        List<RenderPickle.Fetched> all = new ArrayList<>();
        for (List<RenderPickle.Fetched> answer : settle(calls.call(members, "/render/",
                parameters, RenderPickle::parse), "render")) {
            all.addAll(answer);
        }
        return all;
    }

    /** Every member's nodes for the pattern, in the members' order. */
    List<List<MetricNode>> find(String pattern) {
        return settle(calls.call(members, "/metrics/find/", List.of(
                new String[] {"local", "1"}, new String[] {"format", "pickle"},
                new String[] {"query", pattern}), FindPickle::parse), "find");
    }

    /**
     * The answers of the members that answered, once the policy has seen the failures: with
     * {@code deny} any failure is a 502 naming every failed member and why; with {@code allow}
     * the response says who is missing, unless nothing at all answered.
     */
    <T> List<T> settle(List<MemberCalls.Outcome<T>> outcomes, String what) {
        List<T> answers = new ArrayList<>(outcomes.size());
        List<String> failed = new ArrayList<>();
        for (MemberCalls.Outcome<T> outcome : outcomes) {
            String name = outcome.server().name();
            requests.computeIfAbsent(name, n -> new LongAdder()).increment();
            if (outcome.failed()) {
                errors.computeIfAbsent(name, n -> new LongAdder()).increment();
                failed.add(name + " (" + outcome.failure() + ")");
            } else {
                answers.add(outcome.value());
            }
        }
        if (failed.isEmpty()) {
            return answers;
        }
        String who = String.join("; ", failed);
        if (!config.allowPartial()) {
            throw new GatewayException("cluster server " + who + " failed, so the " + what
                    + " answer would be partial (cluster.partialResults: deny in"
                    + " conf/server.yaml; allow answers with the other servers)");
        }
        if (answers.isEmpty() && !localStore) {
            throw new GatewayException("every cluster server failed: " + who);
        }
        partialAnswers.increment();
        ResponseNotes.header(MISSING_HEADER, headerSafe(who));
        return answers;
    }

    private static String headerSafe(String text) {
        String ascii = new String(text.getBytes(StandardCharsets.US_ASCII),
                StandardCharsets.US_ASCII).replaceAll("[\\p{Cntrl}]", " ");
        return ascii.length() > 2000 ? ascii.substring(0, 2000) + "..." : ascii;
    }

    @Override
    public void report(SelfMetrics.Report report) {
        report.counter("cluster.partialResults", partialAnswers.sum());
        requests.forEach((name, count) -> report.counter("cluster.servers."
                + SelfMetrics.safe(name) + ".requests", count.sum()));
        errors.forEach((name, count) -> report.counter("cluster.servers."
                + SelfMetrics.safe(name) + ".errors", count.sum()));
    }

    @Override
    public void close() {
        calls.close();
    }
}
