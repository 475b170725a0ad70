package org.dkumonitor.server.api;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.cluster.ClusterConfig;
import org.dkumonitor.server.cluster.ClusterFrontEnd;
import org.dkumonitor.server.metrics.MetricTree;
import org.dkumonitor.server.render.SeriesReader;
import org.dkumonitor.server.schema.StorageSchemas;

/**
 * Our API server alone in its own JVM for {@link RenderBenchmark} and
 * {@link ClusterBenchmark}, so the client's work does not share its heap and JIT:
 * {@code BenchServer WHISPER_ROOT [--cluster HOST:PORT,...]} prints the port, serves until
 * stdin closes. With {@code --cluster} it is a front end over those servers, storing nothing
 * itself (a relay's front end).
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        if (args.length == 3 && args[1].equals("--cluster")) {
            MetricCache cache = new MetricCache();
            ClusterFrontEnd frontEnd = new ClusterFrontEnd(new ClusterConfig(
                    List.of(args[2].split(","))), false);
            ApiServer server = new ApiServer(new InetSocketAddress("127.0.0.1", 0),
                    new MetricTree(root, cache::metrics), new SeriesReader(root, cache,
                            new StorageSchemas(List.of())), InstantSource.system(),
                    ApiOptions.defaults(), frontEnd);
            server.start();
            serve(server.port());
            server.close();
            frontEnd.close();
            return;
        }
        try (ApiHarness api = new ApiHarness(root, InstantSource.system(),
                ApiOptions.defaults())) {
            serve(api.server.port());
        }
    }

    private static void serve(int port) throws Exception {
        System.out.println(port);
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our stdin
        }
    }
}
