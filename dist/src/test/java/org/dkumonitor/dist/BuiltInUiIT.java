package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.testkit.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in UI in a real browser: install the bundle, dkm start, open PORT+2 in headless
 * Chromium and wait until the host overview has drawn this host's points; the metric browser,
 * the graph composer and a dashboard the user adds. Any console error, page exception or failed
 * load fails the test. Screenshots go to dist/target/builtin-ui-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class BuiltInUiIT {

    private static final Duration METRICS_DEADLINE = Duration.ofSeconds(45);
    private static final Duration PAGE_DEADLINE = Duration.ofSeconds(30);
    private static final Path ARTIFACTS = Path.of("target");

    private Path dataDir;
    private Path work;
    private int port;
    private HeadlessChromium browser;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Long> startedPids = new ArrayList<>();

    @BeforeAll
    void installAndStart(@TempDir Path temporary) throws Exception {
        assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "Debian's chromium is not"
                + " installed (tools/install-test-peers.sh installs it): the UI test is skipped");
        work = temporary;
        Path bundle = Path.of(System.getProperty("dkm.bundleDir"));
        assertTrue(Files.isExecutable(bundle.resolve("installer")), "no bundle at " + bundle);
        dataDir = temporary.resolve("data");
        port = TestPorts.range(10);
        Command install = Command.run(bundle.resolve("installer").toString(),
                "-d", dataDir.toString(), "-p", Integer.toString(port));
        assertEquals(0, install.exitCode(), install.toString());
        Command start = Command.run(dataDir.resolve("bin/dkm").toString(), "start");
        rememberPids();
        assertEquals(0, start.exitCode(), start.toString());
        awaitPoints("collectd.*.cpu.*.percent.user");
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = HeadlessChromium.start(work.resolve("chromium-profile-" + System.nanoTime()),
                1400, 1000);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterAll
    void stopEverythingStarted() throws Exception {
        if (dataDir != null && Files.exists(dataDir.resolve("run/supervisor.sock"))) {
            Command.run(dataDir.resolve("bin/dkm").toString(), "stop");
        }
        for (long pid : startedPids) {
            ProcessHandle.of(pid).ifPresent(process -> {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            });
        }
    }

    @Test
    void theHostOverviewDrawsThisHostsPointsWithoutAConsoleError() throws Exception {
        browser.open(base() + "/");
        browser.await("window.dkm && dkm.stats.panels >= 20 && dkm.stats.done === dkm.stats.panels"
                + " && " + panelState("User") + ".strokePixels > 10", PAGE_DEADLINE,
                "JSON.stringify([window.dkm && dkm.stats, " + panelState("User") + "])");
        browser.screenshot(ARTIFACTS.resolve("builtin-ui-overview.png"));
        assertTrue(browser.evaluate("location.hash").asText().startsWith("#/d/host-overview"));
        JsonNode cpu = browser.evaluate(panelState("User"));
        assertTrue(cpu.path("hasPoints").asBoolean(), "CPU user panel: " + cpu);
        assertTrue(cpu.path("strokePixels").asInt() > 10,
                "the CPU user panel has no coloured pixel (axes and grid are grey): " + cpu);
        assertEquals("[\"50 %\",\"100 %\"]", cpu.path("axis").toString(),
                "the y axis of a percent panel: " + cpu);

        JsonNode figures = browser.evaluate("({panels: dkm.stats.panels,"
                + " firstPointsMs: dkm.stats.firstPointsMs, allDoneMs: dkm.stats.allDoneMs,"
                + " ownAssetBytes: performance.getEntriesByType('navigation')"
                + ".concat(performance.getEntriesByType('resource'))"
                + ".filter(e => new URL(e.name).pathname.startsWith('/ui/'))"
                + ".reduce((sum, e) => sum + e.encodedBodySize, 0)})");
        System.out.println("[builtin-ui] overview figures: " + figures);
        assertTrue(figures.path("ownAssetBytes").asLong() > 50_000, figures.toString());
        assertTrue(figures.path("ownAssetBytes").asLong() < 300 * 1024,
                "the page's own assets are over 300 KiB: " + figures);
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void withoutGrafanaPortItselfServesTheUiAndTheDataItReads() throws Exception {
        String onPort = "http://127.0.0.1:" + port;
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(onPort + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, root.statusCode(), root.body());
        assertEquals("ui/", root.headers().firstValue("Location").orElse(""));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(onPort
                + "/ui/")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(page.body().contains("<html"), page.body());
        HttpResponse<String> data = http.send(HttpRequest.newBuilder(URI.create(onPort
                + "/metrics/find?query=collectd.*")).build(), HttpResponse.BodyHandlers
                .ofString());
        assertTrue(data.body().contains("\"leaf\""), data.body());
    }

    @Test
    void theMetricBrowserExpandsTheTreeLazilyAndOpensALeafInTheComposer() throws Exception {
        browser.open(base() + "/ui/#/browse");
        browser.await("document.querySelector('.tree button.branch')", PAGE_DEADLINE,
                "document.body.innerText.slice(0, 300)");
        assertEquals(0, browser.evaluate("document.querySelectorAll('.tree .leaf').length")
                .asInt(), "leaves before any node was expanded");
        String expandDownToALeaf = """
                (async () => {
                  for (let depth = 0; depth < 12; depth++) {
                    const leaf = document.querySelector('.tree .leaf a');
                    if (leaf) return leaf.getAttribute('href');
                    const closed = [...document.querySelectorAll(
                        '.tree button.branch[aria-expanded="false"]')]
                        .find(b => b.offsetParent !== null);
                    if (!closed) return null;
                    closed.click();
                    for (let i = 0; i < 100 && !closed.nextElementSibling.nextElementSibling
                        .querySelector('li:not(.loading)'); i++) {
                      await new Promise(r => setTimeout(r, 20));
                    }
                  }
                  return null;
                })()""";
        String href = browser.evaluate(expandDownToALeaf).asText();
        assertTrue(href.startsWith("#/graph?target=collectd."), href);
        browser.evaluate("document.querySelector('.tree .leaf a').click()");
        browser.await("document.querySelector('.panel.has-points canvas')", PAGE_DEADLINE,
                "document.body.innerText.slice(0, 500)");
        String unit = browser.evaluate("document.querySelector('select[aria-label=\"Unit\"]')"
                + ".value").asText();
        String expected = href.contains("percent") ? "percent"
                : href.contains("memory.memory") ? "bytes" : "none";
        assertEquals(expected, unit, "the unit guessed for " + href);

        browser.open(base() + "/ui/#/browse?query=" + URLEncoder.encode("collectd.*.load.*",
                StandardCharsets.UTF_8));
        browser.await("document.querySelector('.tree button.branch')", PAGE_DEADLINE,
                "document.body.innerText.slice(0, 300)");
        JsonNode found = browser.evaluate("[...document.querySelectorAll('.tree > li')]"
                + ".map(li => li.querySelector('button, a').textContent)");
        assertTrue(found.size() >= 1 && found.toString().contains("\"load\""), found.toString());
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void theComposerDrawsAnyTargetAndOffersALinkAndAPngExport() throws Exception {
        String target = "collectd.*.load.load.relative.shortterm";
        browser.open(base() + "/ui/#/graph?target=" + URLEncoder.encode(target,
                StandardCharsets.UTF_8) + "&from=-15min&unit=none&refresh=10s");
        browser.await("document.querySelector('.panel.has-points canvas')", PAGE_DEADLINE,
                "document.body.innerText.slice(0, 500)");
        JsonNode links = browser.evaluate("({share: document.getElementById('share-link').href,"
                + " png: document.getElementById('png-link').href, here: location.href,"
                + " refresh: document.querySelector('select[aria-label=\"Auto-refresh\"]').value,"
                + " range: document.querySelector('select[aria-label=\"Time range\"]').value})");
        assertEquals(links.path("here").asText(), links.path("share").asText());
        URI png = URI.create(links.path("png").asText());
        assertEquals("/render", png.getPath());
        assertTrue(png.getQuery().contains("format=png") && png.getQuery().contains(
                "target=" + target) && png.getQuery().contains("from=-15min"), png.toString());
        assertEquals("10s", links.path("refresh").asText());
        assertEquals("-15min", links.path("range").asText());
        browser.screenshot(ARTIFACTS.resolve("builtin-ui-composer.png"));

        browser.open(base() + "/ui/#/graph?target=no.such.metric&from=-1h");
        browser.await("document.querySelector('.panel .message:not([hidden])')", PAGE_DEADLINE,
                "document.body.innerText.slice(0, 500)");
        assertTrue(browser.evaluate("document.querySelector('.panel .message').textContent")
                .asText().startsWith("no points in this range"));
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void eventsAreMarkedOnChartsAndListedByName() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        for (String event : List.of("{\"what\": \"deploy web 1.2\", \"tags\": [\"deploy\"],"
                + " \"when\": " + (now - 120) + "}", "{\"what\": \"db failover\","
                + " \"tags\": \"incident db\", \"when\": " + (now - 60) + "}")) {
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + (port + 2) + "/events/")).POST(
                    HttpRequest.BodyPublishers.ofString(event)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, posted.statusCode(), posted.body());
        }
        browser.open(base() + "/ui/#/graph?target=" + URLEncoder.encode(
                "collectd.*.load.load.relative.shortterm", StandardCharsets.UTF_8)
                + "&from=-15min");
        browser.await("document.querySelector('.panel.has-points canvas') && dkm.stats.markers"
                + " >= 2", PAGE_DEADLINE, "JSON.stringify(dkm.stats)");
        browser.screenshot(ARTIFACTS.resolve("builtin-ui-event-markers.png"));

        browser.open(base() + "/ui/#/events?from=-15min&event=deploy");
        browser.await("document.querySelector('table.events') || document.querySelector("
                + "'.message')", PAGE_DEADLINE, "document.body.innerText.slice(0, 500)");
        JsonNode rows = browser.evaluate("[...document.querySelectorAll('table.events tbody tr')]"
                + ".map(r => r.children[1].textContent)");
        assertEquals(List.of("deploy web 1.2"), List.of(rows.get(0).asText()), rows.toString());
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void theGottWallViewListsProjectsAndDrawsTheirCountersByPeriod() throws Exception {
        Command add = Command.run(dataDir.resolve("bin/dkmadmin").toString(), "gottwall",
                "project", "add", "web-shop");
        assertEquals(0, add.exitCode(), add.toString());
        GottwallWire.Project shop = GottwallWire.Project.fromAddOutput(add.output());
        Instant deadline = Instant.now().plus(METRICS_DEADLINE);
        while (GottwallWire.incr(shop, "{\"n\": \"orders\", \"v\": 4}") != 200) {
            assertTrue(Instant.now().isBefore(deadline), "the server never took web-shop");
            Thread.sleep(200);
        }
        assertEquals(200, GottwallWire.incr(shop, "{\"n\": \"sign ups\"}"));
        while (GottwallWire.total(shop, "orders") != 4) {
            assertTrue(Instant.now().isBefore(deadline), "orders never counted");
            Thread.sleep(200);
        }
        browser.open(base() + "/ui/#/gottwall?project=web-shop&period=hour");
        browser.await("window.dkm && dkm.stats.panels === 2 && dkm.stats.done === 2",
                PAGE_DEADLINE, "document.body.innerText.slice(0, 500)");
        JsonNode state = browser.evaluate("({h1: document.querySelector('h1').textContent,"
                + " projects: [...document.querySelectorAll('#toolbar select')[0].options]"
                + ".map(o => o.textContent), period: document.querySelectorAll("
                + "'#toolbar select')[1].value, titles: [...document.querySelectorAll("
                + "'.panel-title')].map(t => t.textContent), withPoints: dkm.stats.withPoints})");
        browser.screenshot(ARTIFACTS.resolve("builtin-ui-gottwall.png"));
        assertEquals("GottWall: web-shop", state.path("h1").asText(), state.toString());
        assertTrue(state.path("projects").toString().contains("\"web-shop\""), state.toString());
        assertEquals("hour", state.path("period").asText());
        assertEquals("[\"orders · 4 in range\",\"sign ups · 1 in range\"]",
                state.path("titles").toString());
        assertEquals(2, state.path("withPoints").asInt(), state.toString());
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void aDashboardTheUserAddsInConfIsListedAndDrawn() throws Exception {
        Path dashboards = dataDir.resolve("conf/dashboards");
        Files.createDirectories(dashboards);
        Files.writeString(dashboards.resolve("mine.json"), """
                {"title": "My load", "time": {"from": "-10min"},
                 "rows": [{"title": "Load", "panels": [
                   {"title": "Short-term load", "unit": "none",
                    "targets": ["collectd.*.load.load.relative.shortterm"]},
                   {"title": "Nothing here", "targets": ["nothing.sends.this"]}]}]}
                """);
        browser.open(base() + "/ui/#/d/mine");
        browser.await("window.dkm && dkm.stats.panels === 2 && dkm.stats.done === 2",
                PAGE_DEADLINE, "document.body.innerText.slice(0, 500)");
        JsonNode state = browser.evaluate("({links: [...document.querySelectorAll("
                + "'#dashboard-links a')].map(a => a.textContent), h1: document.querySelector("
                + "'h1').textContent, withPoints: dkm.stats.withPoints, empty: [...document"
                + ".querySelectorAll('.panel .message:not([hidden])')].map(m => m.textContent)})");
        assertTrue(state.path("links").toString().contains("My load"), state.toString());
        assertEquals("My load", state.path("h1").asText());
        assertEquals(1, state.path("withPoints").asInt(), state.toString());
        assertTrue(state.path("empty").toString().contains("no points in this range"),
                state.toString());
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void theOverviewOfAHostWithAnHourOfEveryMetricDrawsAllItsCharts() throws Exception {
        String host = "e2e-full";
        long now = Instant.now().getEpochSecond();
        int points = 0;
        try (Socket socket = new Socket("127.0.0.1", port + 1);
                Writer out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(),
                        StandardCharsets.UTF_8))) {
            for (String metric : fullHostMetrics(host)) {
                for (long time = now - 3600; time <= now; time += 10) {
                    double value = 50 + 40 * Math.sin((time + metric.hashCode()) / 300.0);
                    out.write(metric + " " + value + " " + time + "\n");
                    points++;
                }
            }
        }
        awaitPoints("collectd." + host + ".processes.*.ps_cputime.user");
        browser.open(base() + "/ui/#/d/host-overview?var-host=" + host);
        browser.await("window.dkm && dkm.stats.panels >= 20 && dkm.stats.done === dkm.stats.panels",
                PAGE_DEADLINE, "JSON.stringify(window.dkm && dkm.stats)");
        browser.screenshot(ARTIFACTS.resolve("builtin-ui-overview-full.png"));
        JsonNode figures = browser.evaluate("({panels: dkm.stats.panels,"
                + " withPoints: dkm.stats.withPoints, firstPointsMs: dkm.stats.firstPointsMs,"
                + " allDoneMs: dkm.stats.allDoneMs, charts: dkm.charts.length})");
        System.out.println("[builtin-ui] overview of " + points + " points over "
                + fullHostMetrics(host).size() + " metrics: " + figures);
        assertEquals(figures.path("panels").asInt(), figures.path("withPoints").asInt(),
                "every panel of the overview has points: " + figures);

        // a figure, not an assertion: the page reloaded as a returning user would
        List<Double> allDone = new ArrayList<>();
        for (int run = 0; run < 7; run++) {
            browser.open(base() + "/ui/#/d/host-overview?var-host=" + host);
            browser.await("window.dkm && dkm.stats.panels >= 20"
                    + " && dkm.stats.done === dkm.stats.panels", PAGE_DEADLINE,
                    "JSON.stringify(window.dkm && dkm.stats)");
            allDone.add(browser.evaluate("dkm.stats.allDoneMs").asDouble());
            System.out.println("[builtin-ui] timeline " + browser.evaluate("(() => {"
                    + " const r = performance.getEntriesByType('resource');"
                    + " const js = r.find(e => e.name.endsWith('app.js'));"
                    + " const renders = r.filter(e => e.name.includes('/render'));"
                    + " const find = r.find(e => e.name.includes('/metrics/find'));"
                    + " const dash = r.find(e => e.name.includes('host-overview.json'));"
                    + " return {appJsEnd: js && js.responseEnd, dashEnd: dash && dash.responseEnd,"
                    + " findEnd: find && find.responseEnd,"
                    + " firstRenderStart: Math.min(...renders.map(e => e.startTime)),"
                    + " lastRenderEnd: Math.max(...renders.map(e => e.responseEnd)),"
                    + " slowestRender:"
                    + " Math.max(...renders.map(e => e.responseEnd - e.requestStart)),"
                    + " allDone: dkm.stats.allDoneMs}; })()"));
        }
        allDone.sort(null);
        System.out.printf("[builtin-ui] overview, 22 charts with an hour of data, reloaded %d"
                + " times: all charts drawn %.0f ms (min) %.0f ms (median) %.0f ms (max) after"
                + " the page was requested%n", allDone.size(), allDone.get(0),
                allDone.get(allDone.size() / 2), allDone.get(allDone.size() - 1));
        assertEquals(List.of(), browser.errors());
    }

    /** One of each metric the host overview graphs, as collectd names them. */
    private static List<String> fullHostMetrics(String host) {
        List<String> metrics = new ArrayList<>();
        String prefix = "collectd." + host + ".";
        for (int cpu = 0; cpu < 4; cpu++) {
            for (String state : List.of("user", "system", "wait", "idle", "steal")) {
                metrics.add(prefix + "cpu." + cpu + ".percent." + state);
            }
        }
        for (String kind : List.of("used", "cached", "buffered", "free")) {
            metrics.add(prefix + "memory.memory." + kind);
        }
        metrics.add(prefix + "memory.percent.used");
        metrics.add(prefix + "swap.swap_io.in");
        metrics.add(prefix + "swap.swap_io.out");
        for (String term : List.of("shortterm", "midterm", "longterm")) {
            metrics.add(prefix + "load.load.relative." + term);
        }
        for (String state : List.of("running", "sleeping", "blocked", "zombies")) {
            metrics.add(prefix + "processes.ps_state." + state);
        }
        metrics.add(prefix + "processes.fork_rate");
        for (String fs : List.of("root", "boot")) {
            metrics.add(prefix + "df." + fs + ".percent_bytes.used");
            metrics.add(prefix + "df." + fs + ".df_complex.free");
        }
        for (String disk : List.of("sda", "sdb")) {
            for (String type : List.of("disk_octets", "disk_ops")) {
                metrics.add(prefix + "disk." + disk + "." + type + ".read");
                metrics.add(prefix + "disk." + disk + "." + type + ".write");
            }
            metrics.add(prefix + "disk." + disk + ".disk_io_time.io_time");
        }
        for (String nic : List.of("eth0", "lo")) {
            for (String type : List.of("if_octets", "if_packets", "if_errors", "if_dropped")) {
                metrics.add(prefix + "interface." + nic + "." + type + ".rx");
                metrics.add(prefix + "interface." + nic + "." + type + ".tx");
            }
        }
        for (String process : List.of("java", "sshd")) {
            metrics.add(prefix + "processes." + process + ".ps_rss");
            metrics.add(prefix + "processes." + process + ".ps_cputime.user");
        }
        return metrics;
    }

    /** The state of the overview panel with this title, from the page. */
    private static String panelState(String title) {
        return """
                (() => {
                  const box = [...document.querySelectorAll('.panel')]
                      .find(p => p.querySelector('.panel-title').textContent === '%s');
                  const canvas = box.querySelector('canvas');
                  let strokePixels = 0;
                  if (canvas) {
                    const pixels = canvas.getContext('2d')
                        .getImageData(0, 0, canvas.width, canvas.height).data;
                    for (let i = 0; i < pixels.length; i += 4) {
                      const rgb = [pixels[i], pixels[i + 1], pixels[i + 2]];
                      if (Math.max(...rgb) - Math.min(...rgb) > 60 && pixels[i + 3] > 128) {
                        strokePixels++;
                      }
                    }
                  }
                  const chart = dkm.charts.find(c => box.contains(c.root));
                  return {hasPoints: box.classList.contains('has-points'), strokePixels,
                      axis: chart ? chart.axes[1].values(chart, [50, 100]) : null,
                      message: box.querySelector('.message').textContent};
                })()""".formatted(title);
    }

    private String base() {
        return "http://127.0.0.1:" + (port + 2);
    }

    private void awaitPoints(String target) throws Exception {
        Instant deadline = Instant.now().plus(METRICS_DEADLINE);
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            body = get("/render?format=json&from=-5min&target="
                    + URLEncoder.encode(target, StandardCharsets.UTF_8));
            if (body.matches("(?s).*\\[-?[0-9][^,\\]]*,\\s*\\d+].*")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no point of " + target + " within " + METRICS_DEADLINE
                + "; last answer: " + body);
    }

    private String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(base() + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), pathAndQuery + ": " + response.body());
        return response.body();
    }

    private void rememberPids() throws IOException, InterruptedException {
        Path pidFile = dataDir.resolve("run/supervisor.pid");
        if (Files.exists(pidFile)) {
            startedPids.add(Long.parseLong(Files.readString(pidFile).strip()));
        }
        Command pids = Command.run(dataDir.resolve("bin/dkm").toString(), "pid", "all");
        pids.output().lines().filter(l -> l.matches("\\d+")).map(Long::parseLong)
                .filter(pid -> pid != 0).forEach(startedPids::add);
    }
}
