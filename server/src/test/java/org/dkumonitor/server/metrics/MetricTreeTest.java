package org.dkumonitor.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree finds what is on disk now, though it keeps directory listings between requests:
 * files created, deleted or replaced by any process are seen by the next find.
 */
class MetricTreeTest {

    private static final FileTime OLD = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path root;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final InstantSource clock = () -> now.get();

    private Path touch(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[0]);
        return file;
    }

    /** Every directory of the tree as if last changed long ago (so its listing is kept). */
    private void settle() throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                if (Files.isDirectory(path)) {
                    Files.setLastModifiedTime(path, OLD);
                }
            }
        }
    }

    private static List<String> paths(List<MetricNode> nodes) {
        return nodes.stream().map(n -> n.path() + (n.leaf() ? "" : "/")).toList();
    }

    @Test
    void aFindStopsOnceItsRequestsTimeIsSpent() throws Exception {
        touch("servers/a/cpu.wsp");
        TreeSet<String> cached = java.util.stream.IntStream.range(0, 10_000)
                .mapToObj(i -> "cached.m" + i).collect(java.util.stream.Collectors.toCollection(
                        TreeSet::new));
        MetricTree tree = new MetricTree(root, () -> cached, clock);
        org.dkumonitor.server.limits.Deadline spent =
                org.dkumonitor.server.limits.Deadline.inMillis(0);
        Thread.sleep(1);
        org.junit.jupiter.api.Assertions.assertThrows(
                org.dkumonitor.server.limits.RequestTimeoutException.class,
                () -> spent.run(() -> tree.find("*.*")));
        assertEquals(10_001, org.dkumonitor.server.limits.Deadline.inSeconds(60)
                .run(() -> tree.find("*.*")).size(), "within its time, it finds all");
        assertEquals(1, tree.find("servers.*.cpu").size(), "outside a request: no deadline");
    }

    @Test
    void findsAMetricCreatedInADirectoryWhoseListingIsKept() throws IOException {
        touch("servers/a/cpu.wsp");
        touch("servers/b/cpu.wsp");
        settle();
        MetricTree tree = new MetricTree(root, TreeSet::new, clock);
        assertEquals(List.of("servers.a.cpu", "servers.b.cpu"),
                tree.expandLeaves("servers.*.cpu"));
        touch("servers/c/cpu.wsp");
        touch("servers/a/mem.wsp");
        assertEquals(List.of("servers.a.cpu", "servers.b.cpu", "servers.c.cpu"),
                tree.expandLeaves("servers.*.cpu"));
        assertEquals(List.of("servers.a.cpu", "servers.a.mem"), tree.expandLeaves("servers.a.*"));
    }

    @Test
    void forgetsADeletedMetricAndSeesABranchReplacedByALeaf() throws IOException {
        Path b = touch("servers/b/cpu.wsp");
        touch("servers/a.wsp");
        settle();
        MetricTree tree = new MetricTree(root, TreeSet::new, clock);
        assertEquals(List.of("servers.a", "servers.b/"), paths(tree.find("servers.*")));
        Files.delete(b);
        Files.delete(b.getParent());
        touch("servers/b.wsp");
        assertEquals(List.of("servers.a", "servers.b"), paths(tree.find("servers.*")));
    }

    @Test
    void aDirectoryChangedJustBeforeItWasListedIsListedAgainEvenIfItsTimeStaysTheSame()
            throws IOException {
        touch("servers/a.wsp");
        Path servers = root.resolve("servers");
        FileTime changed = FileTime.from(Instant.parse("2026-06-01T12:00:00Z"));
        Files.setLastModifiedTime(servers, changed);
        // listed within the same coarse clock tick as the last change
        now.set(changed.toInstant().plusMillis(5));
        MetricTree tree = new MetricTree(root, TreeSet::new, clock);
        assertEquals(List.of("servers.a"), tree.expandLeaves("servers.*"));
        // another change in that same tick: the directory's time does not move
        touch("servers/b.wsp");
        Files.setLastModifiedTime(servers, changed);
        assertEquals(List.of("servers.a", "servers.b"), tree.expandLeaves("servers.*"));
    }

    @Test
    void followsSymbolicLinksAndSeesChangesBehindThem() throws IOException {
        Path elsewhere = Files.createDirectories(root.resolve(".store/real"));
        Files.write(elsewhere.resolve("x.wsp"), new byte[0]);
        Files.createDirectories(root.resolve("linked"));
        Files.createSymbolicLink(root.resolve("linked/host"), elsewhere);
        settle();
        MetricTree tree = new MetricTree(root, TreeSet::new, clock);
        assertEquals(List.of("linked.host.x"), tree.expandLeaves("linked.*.*"));
        Files.write(elsewhere.resolve("y.wsp"), new byte[0]);
        assertEquals(List.of("linked.host.x", "linked.host.y"), tree.expandLeaves("linked.*.*"));
        // the link pointed elsewhere, the directory holding it left as it was
        Path other = Files.createDirectories(root.resolve(".store/other"));
        Files.write(other.resolve("z.wsp"), new byte[0]);
        settle();
        Files.delete(root.resolve("linked/host"));
        Files.createSymbolicLink(root.resolve("linked/host"), other);
        Files.setLastModifiedTime(root.resolve("linked"), OLD);
        assertEquals(List.of("linked.host.z"), tree.expandLeaves("linked.*.*"));
    }

    @Test
    void hidesDotNamesAndTheTaggedDirectoryAndMatchesGlobsPerNode() throws IOException {
        touch("a/.hidden.wsp");
        touch("a/b.c.wsp");
        touch("a/web01.wsp");
        touch("a/web02.wsp");
        touch("a/db01.wsp");
        touch("_tagged/abc/def.wsp");
        settle();
        MetricTree tree = new MetricTree(root,
                () -> new TreeSet<>(List.of("a.web03", "a.new.deep")), clock);
        assertEquals(List.of("a.db01", "a.new/", "a.web01", "a.web02", "a.web03"),
                paths(tree.find("a.*")));
        assertEquals(List.of("a.web01", "a.web02"), tree.expandLeaves("a.{web,xx}0[1-2]"));
        assertEquals(List.of("a/"), paths(tree.find("*")));
        assertEquals(List.of(), tree.find("_tagged.*"));
    }

    @Test
    void doubleStarMatchesAnyNumberOfNodesOnDiskAndInTheCache() throws IOException {
        touch("a/x.wsp");
        touch("a/b/c.wsp");
        touch("a/b/d/c.wsp");
        touch("a/b/d/e/f.wsp");
        touch("c.wsp");
        touch("_tagged/abc/c.wsp");
        settle();
        MetricTree tree = new MetricTree(root,
                () -> new TreeSet<>(List.of("a.k.c", "a.k.z", "q.c")), clock);
        assertEquals(List.of("a.b/", "a.b.c", "a.b.d/", "a.b.d.c", "a.b.d.e/", "a.b.d.e.f",
                "a.k/", "a.k.c", "a.k.z", "a.x"), paths(tree.find("a.**")),
                "a trailing ** is every node below, branches and leaves");
        assertEquals(List.of("a.b.c", "a.b.d.c", "a.k.c"), tree.expandLeaves("a.**.c"));
        assertEquals(List.of("a.b.c", "a.b.d.c", "a.k.c", "c", "q.c"),
                tree.expandLeaves("**.c"), "** crosses no node too, and never _tagged");
        assertEquals(List.of("a.b.d.c"), tree.expandLeaves("a.**.d.c"));
        assertEquals(List.of("a.b.d.e.f"), tree.expandLeaves("a.**.e.*"));
        assertEquals(List.of("a.b.c", "a.b.d.c"), tree.expandLeaves("a.b.**.c"));
    }
}
