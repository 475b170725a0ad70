package org.dkumonitor.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class DashboardsTest {

    private FileSystem fileSystem;
    private Path directory;
    private Dashboards dashboards;

    @BeforeEach
    void setUp() throws Exception {
        fileSystem = Jimfs.newFileSystem(Configuration.unix());
        directory = fileSystem.getPath("/data/conf/dashboards");
        dashboards = new Dashboards(directory, getClass().getClassLoader());
    }

    @AfterEach
    void tearDown() throws Exception {
        fileSystem.close();
    }

    @Test
    void offersTheBundledHostOverviewWhenConfHasNoDashboardDirectory() throws Exception {
        assertEquals(List.of(new Dashboards.Entry("host-overview", "Host overview", "bundle",
                null)), dashboards.list());
        String body = new String(dashboards.read("host-overview").orElseThrow(),
                StandardCharsets.UTF_8);
        assertTrue(body.contains("collectd.$host.cpu.*.percent.user"), body);
    }

    @Test
    void aFileInConfReplacesTheBundledOneOfTheSameName() throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("host-overview.json"), "{\"title\": \"Mine\"}");
        assertEquals(List.of(new Dashboards.Entry("host-overview", "Mine", "conf", null)),
                dashboards.list());
        assertEquals("{\"title\": \"Mine\"}", new String(
                dashboards.read("host-overview").orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void listsTheUsersOwnDashboardsByNameWithTheirTitles() throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("web.json"), "{\"rows\": [], \"title\": \"Web\"}");
        Files.writeString(directory.resolve("untitled.json"), "{\"rows\": [{\"title\": \"x\"}]}");
        Files.writeString(directory.resolve("notes.txt"), "not a dashboard");
        List<Dashboards.Entry> list = dashboards.list();
        assertEquals(List.of("host-overview", "untitled", "web"),
                list.stream().map(Dashboards.Entry::name).toList());
        assertEquals("untitled", list.get(1).title(), "a nested title is not the dashboard's");
        assertEquals("Web", list.get(2).title());
    }

    @Test
    void aBrokenFileIsListedWithItsFileLineAndColumnAndRefusedWhenRead() throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("broken.json"), "{\n  \"title\": \"x\",\n  oops\n}");
        Dashboards.Entry entry = dashboards.list().get(0);
        assertEquals("broken", entry.name());
        assertTrue(entry.error().startsWith("conf/dashboards/broken.json:3:"), entry.error());
        DashboardException refused = assertThrows(DashboardException.class,
                () -> dashboards.read("broken"));
        assertEquals(entry.error(), refused.getMessage());
    }

    @Test
    void aFileThatIsNotAJsonObjectIsRefused() throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("array.json"), "[1, 2]");
        Files.writeString(directory.resolve("two.json"), "{} {}");
        assertEquals("conf/dashboards/array.json: must be a JSON object {...}",
                assertThrows(DashboardException.class, () -> dashboards.read("array"))
                        .getMessage());
        assertEquals("conf/dashboards/two.json: text after the closing }",
                assertThrows(DashboardException.class, () -> dashboards.read("two"))
                        .getMessage());
    }

    @Test
    void namesThatCouldLeaveTheDirectoryFindNothing() throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.getParent().resolve("server.json"), "{}");
        for (String name : List.of("../server", "..", ".hidden", "a/b", "", "a.b")) {
            assertTrue(dashboards.read(name).isEmpty(), name);
        }
        assertTrue(dashboards.read("no-such-dashboard").isEmpty());
    }

    @Test
    void theListIsJsonWithAnErrorOnlyWhereThereIsOne() throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("bad.json"), "{");
        String json = new String(dashboards.listJson(), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("[{\"name\":\"bad\",\"title\":\"bad\",\"origin\":\"conf\","
                + "\"error\":\"conf/dashboards/bad.json:1:"), json);
        assertTrue(json.endsWith(",{\"name\":\"host-overview\",\"title\":\"Host overview\","
                + "\"origin\":\"bundle\"}]"), json);
        assertNull(dashboards.list().get(1).error());
    }
}
