package org.dkumonitor.installer.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dkmadmin cluster plan} and {@code cluster move}: after a storage node is added (or
 * removed), which metrics live on a node that carbon's ring no longer gives them to, and moving
 * them there, as carbonate's carbon-list, carbon-sync and carbon-delete do by hand. The plan is
 * made afresh from the nodes each time, so a move that was interrupted finishes by running it
 * again.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Rebalances a cluster of storage nodes after the ring changed.",
        subcommands = {ClusterCommands.Plan.class, ClusterCommands.Move.class})
final class ClusterCommands {

    /** The ring and how to reach the nodes. */
    static final class Ring {
        @Option(names = "--nodes", split = ",", paramLabel = "MEMBER=API", required = true,
                description = "Every storage node of the new ring: its carbon receiver as"
                        + " relay.destinations names it (HOST:PORT[:INSTANCE]) = its Graphite"
                        + " API (HOST:PORT), comma-separated, in relay.destinations' order.")
        List<String> nodes = new ArrayList<>();

        @Option(names = "--placement", defaultValue = "carbon-relay",
                description = "relay.placement: carbon-relay (default) or carbon-c-relay.")
        String placement;

        @Option(names = "--replication", defaultValue = "1",
                description = "relay.replicationFactor (default ${DEFAULT-VALUE}).")
        int replication;

        @Option(names = "--token", paramLabel = "TOKEN",
                description = "The nodes' api.bearerToken, if they have one.")
        String token;

        @Option(names = "--all-metrics",
                description = "Also move the metrics each server writes about itself (its"
                        + " self-metrics under carbon.agents. and carbon.relays., its StatsD's"
                        + " stats.statsd., stats_counts.statsd., stats.gauges.statsd. and"
                        + " statsd.), which otherwise"
                        + " stay on the node that writes them.")
        boolean allMetrics;

        @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
                description = "How long one request to a node may take (default"
                        + " ${DEFAULT-VALUE} s).")
        int timeoutSeconds;
    }

    /**
     * What a server writes about itself into its own store, whatever the ring says: carbon's
     * self-metrics and StatsD's own counters. Moving them would only see them come back.
     */
    static final List<String> NODE_LOCAL = List.of("carbon.agents.", "carbon.relays.",
            "stats.statsd.", "stats_counts.statsd.", "stats.gauges.statsd.", "statsd.");

    /** A metric on a node that the ring does not give it to. */
    record Misplaced(String metric, ClusterNodes.Node holder, List<ClusterNodes.Node> owners) {
    }

    private ClusterCommands() {
    }

    static List<Misplaced> plan(ClusterNodes cluster, Ring ring, PrintWriter out) {
        List<Misplaced> misplaced = new ArrayList<>();
        for (ClusterNodes.Node node : cluster.nodes()) {
            List<String> metrics = api(node, ring).metrics();
            int before = misplaced.size();
            int local = 0;
            for (String metric : metrics) {
                if (!ring.allMetrics && NODE_LOCAL.stream().anyMatch(metric::startsWith)) {
                    local++;
                    continue;
                }
                List<ClusterNodes.Node> owners = cluster.owners(metric);
                if (!owners.contains(node)) {
                    misplaced.add(new Misplaced(metric, node, owners));
                }
            }
            out.printf("%-40s %8d metrics, %8d on the wrong node, %d its own (left there)%n",
                    node, metrics.size(), misplaced.size() - before, local);
        }
        return misplaced;
    }

    static NodeApi api(ClusterNodes.Node node, Ring ring) {
        return new NodeApi(node.api(), ring.token, ring.timeoutSeconds * 1000);
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "List the metrics that live on a node the ring does not give them to,"
                    + " and where they belong. Changes nothing. Exit 0: nothing to move; 3:"
                    + " metrics to move.")
    static final class Plan implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Ring ring = new Ring();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ClusterNodes cluster = ClusterNodes.parse(ring.nodes, ring.placement,
                    ring.replication);
            List<Misplaced> misplaced = plan(cluster, ring, out);
            for (Misplaced m : misplaced) {
                out.println(m.metric() + "  " + m.holder().member() + " -> " + String.join(",",
                        m.owners().stream().map(o -> o.member().toString()).toList()));
            }
            out.println(misplaced.size() + " metrics to move" + (misplaced.isEmpty() ? ""
                    : "; point the relays at the new ring, then: dkmadmin cluster move"
                    + " --apply with the same options"));
            out.flush();
            return misplaced.isEmpty() ? 0 : 3;
        }
    }

    @Command(name = "move", mixinStandardHelpOptions = true,
            description = "Move every misplaced metric to the node(s) the ring gives it to:"
                    + " each one is filled there from the old copy (whisper-fill: only the"
                    + " gaps, nothing newer is overwritten), then removed from the old node."
                    + " Point the relays at the new ring first. Without --apply, only says what"
                    + " it would do. Exit 0: all moved; 1: some could not be (run it again);"
                    + " 3: without --apply, metrics to move.")
    static final class Move implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Ring ring = new Ring();

        @Option(names = "--apply", description = "Move, rather than say what would move.")
        boolean apply;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ClusterNodes cluster = ClusterNodes.parse(ring.nodes, ring.placement,
                    ring.replication);
            List<Misplaced> misplaced = plan(cluster, ring, out);
            int failed = 0;
            int moved = 0;
            for (Misplaced m : misplaced) {
                if (!apply) {
                    out.println("would move " + m.metric() + " from " + m.holder().member()
                            + " to " + m.owners().stream().map(o -> o.member().toString())
                            .toList());
                    continue;
                }
                String failure = move(m);
                if (failure == null) {
                    moved++;
                    out.println("moved " + m.metric() + " from " + m.holder().member());
                } else {
                    failed++;
                    out.println("NOT moved " + m.metric() + ": " + failure);
                }
                out.flush();
            }
            if (!apply) {
                out.println(misplaced.size() + " metrics would move; add --apply to move them");
                out.flush();
                return misplaced.isEmpty() ? 0 : 3;
            }
            out.println(moved + " metrics moved" + (failed == 0 ? "" : ", " + failed
                    + " not: run the same command again once the reasons above are gone"));
            out.flush();
            return failed == 0 ? 0 : 1;
        }

        /** Null when moved; else why not (the old copy is then kept). */
        private String move(Misplaced m) {
            for (ClusterNodes.Node owner : m.owners()) {
                NodeApi.Answer filled = api(owner, ring).fill(m.metric(), m.holder().api());
                if (!filled.ok()) {
                    return "filling it on " + owner.member() + " failed: HTTP "
                            + filled.status() + " " + filled.body().strip();
                }
            }
            NodeApi.Answer removed = api(m.holder(), ring).delete(m.metric());
            if (!removed.ok() && removed.status() != 404) {
                return "filled on " + m.owners().size() + " node(s), but the old copy stays on "
                        + m.holder().member() + ": HTTP " + removed.status() + " "
                        + removed.body().strip();
            }
            return null;
        }
    }
}
