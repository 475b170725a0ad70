package org.dkumonitor.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The UI's HTTP surface, on a real JDK HTTP server bound to a free loopback port. */
final class BuiltInUiTest {

    private FileSystem fileSystem;
    private Path dashboards;
    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        fileSystem = Jimfs.newFileSystem(Configuration.unix());
        dashboards = fileSystem.getPath("/data/conf/dashboards");
        ClassLoader loader = getClass().getClassLoader();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", new BuiltInUi(StaticAssets.load(loader),
                new Dashboards(dashboards, loader)));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
        fileSystem.close();
    }

    @Test
    void theRootSendsTheBrowserToTheUi() throws Exception {
        HttpResponse<String> response = get("/");
        assertEquals(302, response.statusCode());
        assertEquals("ui/", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void servesThePageWithAPolicyThatAllowsOnlyItsOwnOrigin() throws Exception {
        HttpResponse<String> page = get("/ui/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8",
                page.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow()
                .startsWith("default-src 'self';"));
        assertTrue(page.body().contains("<title>dkumonitor</title>"));
    }

    @Test
    void everyFileThePageLoadsIsServedFromTheBundleAndNoneFromElsewhere() throws Exception {
        String page = get("/ui/").body();
        Matcher reference = Pattern.compile("(?:src|href)=\"([^\"#]+)\"").matcher(page);
        List<String> loaded = new ArrayList<>();
        while (reference.find()) {
            loaded.add(reference.group(1));
        }
        assertEquals(List.of("favicon.svg", "vendor/uPlot.min.css", "app.css",
                "vendor/uPlot.iife.min.js", "app.js"), loaded);
        for (String file : loaded) {
            HttpResponse<String> response = get("/ui/" + file);
            assertEquals(200, response.statusCode(), file);
            assertTrue(response.body().length() > 100, file);
        }
        assertTrue(get("/ui/vendor/uPlot.iife.min.js").body().contains("uPlot"));
    }

    @Test
    void theOwnAssetsStayUnderTheirSizeBudget() {
        long bytes = StaticAssets.load(getClass().getClassLoader()).totalBytes();
        assertTrue(bytes < 300 * 1024, "the UI's assets weigh " + bytes + " bytes");
    }

    @Test
    void theInstallsStaticFilesAreServedOverTheBundledOnesAndReadAgainWhenEdited()
            throws Exception {
        Path statics = fileSystem.getPath("/data/static");
        StaticAssets assets = StaticAssets.load(getClass().getClassLoader(), statics);
        String bundled = new String(assets.get("app.css").orElseThrow().body(),
                java.nio.charset.StandardCharsets.UTF_8);
        Files.createDirectories(statics.resolve("vendor"));
        Files.writeString(statics.resolve("app.css"), "body { color: red }");
        Files.writeString(statics.resolve("evil.txt"), "never served");
        assertEquals("body { color: red }", text(assets, "app.css"));
        Files.writeString(statics.resolve("app.css"), "body { color: blue; }");
        assertEquals("body { color: blue; }", text(assets, "app.css"), "read again once edited");
        Files.delete(statics.resolve("app.css"));
        assertEquals(bundled, text(assets, "app.css"), "removed: the bundled file again");
        assertTrue(assets.get("evil.txt").isEmpty(), "only the UI's own files are served");
        assertTrue(text(assets, "vendor/uPlot.iife.min.js").contains("uPlot"));
    }

    @Test
    void theAssetNamesAreWhatTheBundlesUiHolds() throws Exception {
        Path ui = fileSystem.getPath("/bundle/ui");
        BuiltInUi.writeAssets(ui);
        List<String> written = new ArrayList<>();
        try (var files = Files.walk(ui)) {
            files.filter(Files::isRegularFile).forEach(f -> written.add(ui.relativize(f)
                    .toString()));
        }
        written.sort(null);
        List<String> names = new ArrayList<>(BuiltInUi.assetNames());
        names.sort(null);
        assertEquals(names, written);
        assertEquals(List.of("app.css", "app.js", "favicon.svg", "index.html",
                "vendor/uPlot.iife.min.js", "vendor/uPlot.min.css"), written);
    }

    private static String text(StaticAssets assets, String name) {
        return new String(assets.get(name).orElseThrow().body(),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anUnchangedAssetIsRevalidatedWithoutItsBody() throws Exception {
        HttpResponse<String> first = get("/ui/app.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(uri("/ui/app.js"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
    }

    @Test
    void pathsOutsideTheAssetListAreNotFound() throws Exception {
        for (String path : List.of("/ui/nothing.js", "/ui/../pom.xml", "/ui/%2e%2e/app.js",
                "/ui/vendor/../../META-INF/MANIFEST.MF", "/elsewhere",
                "/ui/org/dkumonitor/server/ui/BuiltInUi.class")) {
            assertEquals(404, get(path).statusCode(), path);
        }
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/ui/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri("/ui/app.css"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void servesTheDashboardListAndEachDashboard() throws Exception {
        Files.createDirectories(dashboards);
        Files.writeString(dashboards.resolve("mine.json"), "{\"title\": \"Mine\"}");
        HttpResponse<String> list = get("/ui/dashboards/index.json");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("{\"name\":\"mine\",\"title\":\"Mine\",\"origin\":"
                + "\"conf\"}"), list.body());
        assertEquals("{\"title\": \"Mine\"}", get("/ui/dashboards/mine.json").body());
        assertTrue(get("/ui/dashboards/host-overview.json").body().contains("\"rows\""));
    }

    @Test
    void aMissingOrBrokenDashboardIsExplainedToTheUser() throws Exception {
        HttpResponse<String> missing = get("/ui/dashboards/nope.json");
        assertEquals(404, missing.statusCode());
        assertEquals("no dashboard named 'nope': add conf/dashboards/nope.json\n",
                missing.body());
        Files.createDirectories(dashboards);
        Files.writeString(dashboards.resolve("broken.json"), "{\"title\": }");
        HttpResponse<String> broken = get("/ui/dashboards/broken.json");
        assertEquals(422, broken.statusCode());
        assertTrue(broken.body().startsWith("conf/dashboards/broken.json:1:11: not valid JSON"),
                broken.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
