package org.dkumonitor.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedNodesTest {

    @TempDir
    Path root;

    /** A sorted set that counts the names it is asked for, one by one or by a seek. */
    private static final class CountingSet extends TreeSet<String> {
        long touched;

        @Override
        public String ceiling(String e) {
            touched++;
            return super.ceiling(e);
        }

        @Override
        public String higher(String e) {
            touched++;
            return super.higher(e);
        }

        @Override
        public boolean contains(Object o) {
            touched++;
            return super.contains(o);
        }

        @Override
        public Iterator<String> iterator() {
            Iterator<String> all = super.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return all.hasNext();
                }

                @Override
                public String next() {
                    touched++;
                    return all.next();
                }
            };
        }

        @Override
        public NavigableSet<String> subSet(String from, boolean fromIn, String to, boolean toIn) {
            CountingSet part = new CountingSet();
            part.addAll(super.subSet(from, fromIn, to, toIn));
            touched += part.size(); // a scan below a ** reads each of these
            return part;
        }
    }

    @Test
    void aBurstOfNewNamesInTheCacheCostsNothingToFindsOfOtherBranches() throws IOException {
        Files.createDirectories(root.resolve("soak/canary"));
        Files.createFile(root.resolve("soak/canary/value.wsp"));
        CountingSet cached = new CountingSet();
        for (int i = 0; i < 100_000; i++) {
            cached.add(String.format("soak.burst.n%06d", i));
        }
        cached.add("soak.big.a.b");
        cached.add("soak.canary.value");
        MetricTree tree = new MetricTree(root, () -> cached);

        cached.touched = 0;
        assertEquals(List.of("soak.canary.value"), tree.expandLeaves("soak.canary.value"));
        assertEquals(List.of("soak.big.a.b"), tree.expandLeaves("soak.big.*.*"));
        assertEquals(List.of(), tree.expandLeaves("soak.*e*e*e*e*e*e*e*f.value"));
        assertEquals(List.of("soak.big/", "soak.burst/", "soak.canary/"),
                tree.find("soak.*").stream().map(n -> n.path() + "/").toList());
        assertTrue(cached.touched < 100, "four finds looked at " + cached.touched
                + " cached names of the 100,002, not at the burst's one by one");

        assertEquals(100_000, tree.expandLeaves("soak.burst.*").size(),
                "a find of the burst's own branch still finds every name of it");
    }

    @Test
    void walkingTheSortedNamesFindsWhatMatchingEachNameFinds() {
        TreeSet<String> cached = new TreeSet<>(List.of("a", "a.b", "a.b.c", "a.b-x.c", "a.b0.c",
                "a.bc", "a.b.c.d", "ab.c", "b.c;host=x", "b.d", "c.e;tag=1.2", "c.e.f",
                "d;t=v", "x.y.z", "x.y", "x-y.z"));
        List<String> patterns = List.of("*", "a", "a.*", "a.b*", "a.b*.c", "a.*.c", "*.c",
                "*.*", "*.*.*", "b.*", "c.*", "c.e.*", "d", "x.y", "x*.*", "a.{b,bc}",
                "a.b.c.d", "a.**", "**.c", "a.**.c", "**", "*.**.d", "nothing.*");
        for (String pattern : patterns) {
            List<NodeGlob> globs = new ArrayList<>();
            for (String node : pattern.split("\\.")) {
                globs.add(NodeGlob.compile(node));
            }
            if (globs.get(globs.size() - 1).globstar()) {
                globs.add(NodeGlob.compile("*"));
            }
            Map<String, MetricNode> walked = new TreeMap<>();
            CachedNodes.match(cached, globs, walked);
            Map<String, MetricNode> each = new TreeMap<>();
            for (String name : cached) {
                MetricTree.matchCached(name, globs, each);
            }
            assertEquals(each, walked, pattern);
        }
    }
}
