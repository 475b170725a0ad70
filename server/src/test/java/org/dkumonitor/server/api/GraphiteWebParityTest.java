package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dkumonitor.server.api.ParityCorpus.Case;
import org.dkumonitor.server.api.ParityCorpus.Kind;
import org.dkumonitor.server.api.RenderAnswer.Refused;
import org.dkumonitor.server.api.RenderGoldens.Known;
import org.dkumonitor.server.render.functions.FunctionDef;
import org.dkumonitor.server.render.functions.FunctionLibrary;
import org.dkumonitor.server.render.functions.Param;
import org.dkumonitor.server.render.functions.ParamType;
import org.dkumonitor.testkit.Goldens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of {@link ParityCorpus}, one dynamic test each, rendered by our server and compared
 * with graphite-web 1.1.8's answer pinned in {@link RenderGoldens} (names, tags, timestamps,
 * values and nulls; csv and raw line by line), or with our own pinned answer where the
 * difference is known and its reason written down. No peer is needed: the whisper tree is
 * generated for a fixed {@code now}, which every request also passes, so the answers never move.
 * {@code -Ddkm.recordGolden=true} first re-records graphite-web's answers from Debian's
 * graphite-web (tools/peers/graphite-web.sh; tools/install-test-peers.sh installs it), so the
 * same run checks us against the live peer. Without the switch the peer is never asked: to see
 * the corpus pass where graphite-web is absent, hide it, e.g. as root {@code unshare -m sh -c
 * 'mount -t tmpfs none /usr/lib/python3/dist-packages/graphite && ./run-tests -pl server -am'},
 * or point {@code DKM_GRAPHITE_WEB_SCRIPT} at no file.
 */
class GraphiteWebParityTest {

    private static final List<Case> CASES = ParityCorpus.cases();

    @TempDir
    static Path dir;
    private static ApiHarness ours;
    private static RenderGoldens goldens;

    @BeforeAll
    static void start() throws Exception {
        long now = ParityCorpus.NOW;
        WhisperTree tree = WhisperTree.parityTree(dir.resolve("whisper"), now);
        ours = new ApiHarness(tree.root(), InstantSource.fixed(Instant.ofEpochSecond(now)),
                ApiOptions.defaults());
        ours.server.serveEventsWith((method, path, parameters, body, accept) -> {
            throw new IOException("the parity test serves no events API");
        }, GraphiteWebParityTest::eventTimes);
        if (Goldens.recording()) {
            ParityRecorder.record(tree.root(), ours, CASES, RenderGoldens.DIR);
        }
        goldens = RenderGoldens.load(RenderGoldens.DIR);
    }

    @AfterAll
    static void stop() {
        if (ours != null) {
            ours.close();
        }
    }

    /** The times of the corpus' events in [from, until] that carry every tag ("*": all). */
    private static long[] eventTimes(List<String> tags, long from, long until) {
        return ParityCorpus.EVENTS.stream().filter(e -> e.when() >= from && e.when() <= until)
                .filter(e -> tags.isEmpty() || tags.equals(List.of("*"))
                        || e.tags().containsAll(tags))
                .mapToLong(ParityCorpus.Event::when).toArray();
    }

    @TestFactory
    Stream<DynamicContainer> everyCaseAnswersAsPinned() {
        Map<String, List<Case>> byFunction = CASES.stream().collect(Collectors.groupingBy(
                Case::function, TreeMap::new, Collectors.toList()));
        return byFunction.entrySet().stream().map(function -> dynamicContainer(function.getKey(),
                function.getValue().stream().map(c -> dynamicTest(
                        c.kind() + " " + c.key(), () -> check(c)))));
    }

    private static void check(Case c) throws Exception {
        Known known = goldens.known(c);
        RenderAnswer expected = known != null ? known.ours() : goldens.graphiteWeb(c);
        assertNotNull(expected, "no pinned answer for " + c.key() + ": record it with "
                + "-Ddkm.recordGolden=true where graphite-web is installed");
        if (known == null && c.kind() == Kind.PLAIN) {
            assertTrue(!(expected instanceof Refused), "graphite-web refuses " + c.key()
                    + ", so the case tests nothing: fix the target");
        }
        RenderAnswer actual = ParityRecorder.ask(ours.url(), c);
        String difference = RenderAnswer.difference(expected, actual, c.kind() == Kind.RANDOM);
        if (difference == null && known != null && expected instanceof Refused ours) {
            // graphite-web's error page is not compared, but our own message is pinned
            assertEquals(ours.message(), ((Refused) actual).message(), c.key());
        }
        assertNull(difference, known != null
                ? "our pinned answer (graphite-web differs: " + known.reason() + "): " + difference
                : "graphite-web's answer: " + difference);
    }

    /** What a case may check besides a function: the request's features. */
    private static final Set<String> FEATURES = Set.of("path", "now", "tz", "csv", "raw",
            "json-maxDataPoints", "json-noNullPoints", "keyword", "nested", "pipe");

    @Test
    void everyFunctionHasACaseAndThoseTakingSeriesOneWithNullsMixedStepsAndNothing() {
        List<String> missing = new ArrayList<>();
        Set<String> names = new HashSet<>();
        FunctionLibrary.standard().all().forEach(f -> names.add(f.name()));
        for (Case c : CASES) {
            if (names.contains(c.function()) ? !c.target().contains(c.function() + "(")
                    : !FEATURES.contains(c.function())) {
                missing.add(c.function() + " is checked by a case that does not call it: "
                        + c.target());
            }
        }
        for (FunctionDef function : FunctionLibrary.standard().all()) {
            Set<Kind> kinds = EnumSet.noneOf(Kind.class);
            CASES.stream().filter(c -> c.function().equals(function.name()))
                    .forEach(c -> kinds.add(c.kind()));
            if (kinds.isEmpty()) {
                missing.add(function.name() + ": no case");
            } else if (takesSeries(function) && !kinds.containsAll(EnumSet.of(Kind.NULLS,
                    Kind.MIXED_STEPS, Kind.EMPTY))) {
                missing.add(function.name() + ": only " + kinds);
            }
        }
        assertEquals(List.of(), missing);
    }

    private static boolean takesSeries(FunctionDef function) {
        for (Param param : function.params()) {
            if (param.type() == ParamType.SERIES_LIST || param.type() == ParamType.SERIES_LISTS
                    || param.type() == ParamType.SERIES) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyPinnedAnswerBelongsToOneCase() {
        Set<String> keys = new HashSet<>();
        for (Case c : CASES) {
            assertTrue(keys.add(c.key()), "two cases ask " + c.key());
        }
        List<String> stale = new ArrayList<>();
        goldens.allGraphiteWeb().keySet().stream().filter(k -> !keys.contains(k))
                .forEach(stale::add);
        goldens.allKnown().keySet().stream().filter(k -> !keys.contains(k)).forEach(stale::add);
        assertEquals(List.of(), stale, "answers of no case: re-record");
    }

    @Test
    void everyKnownDifferenceStillDiffersFromGraphiteWeb() {
        for (Known known : goldens.allKnown().values()) {
            assertNotNull(known.ours(), known.key() + " has no answer of ours: record it");
            RenderAnswer theirs = goldens.allGraphiteWeb().get(known.key());
            assertNotNull(theirs, known.key() + " has no answer of graphite-web");
            assertTrue(known.reason().length() > 20, known.key() + ": say why");
            assertNotNull(RenderAnswer.difference(theirs, known.ours(), false),
                    known.key() + " answers as graphite-web now: drop it from the known list");
        }
    }
}
