package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;
import org.dkumonitor.testkit.Goldens;
import org.dkumonitor.testkit.Installs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grafana's generated files against golden copies in src/test/resources/.../golden/. After a
 * deliberate change, regenerate them with
 * {@code mvn -pl installer -am verify -Dtest=GrafanaFilesTest -Ddkm.recordGolden=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and review the diff.
 */
final class GrafanaFilesTest {

    private static final Path SOURCES = Goldens.source("org/dkumonitor/installer/golden");

    private FileSystem fs;
    private GrafanaFiles files;
    private InstallRequest request;
    private GrafanaHome bundled;
    private GrafanaHome legacy;

    @BeforeEach
    void setUp() throws IOException {
        fs = TestInstalls.unixFileSystem();
        Path bundle = TestInstalls.bundle(fs.getPath("/opt/dkumonitor-0.1.0"));
        Installs.grafanaRelease(bundle.resolve("grafana"), "grafana");
        bundled = GrafanaHome.bundled(bundle).orElseThrow();
        legacy = GrafanaHome.given(Installs.grafanaRelease(fs.getPath("/opt/grafana 9"),
                "grafana-server"));
        Path dataDir = fs.getPath("/srv/dkm");
        request = new InstallRequest(new DataDir(dataDir), InstallType.ALL, new PortMap(15000),
                "127.0.0.1", "0.0.0.0", "", "127.0.0.1", bundle, Optional.of(bundled));
        files = new GrafanaFiles(request.dataDir());
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    static Stream<Arguments> generated() {
        return Stream.of(
                Arguments.of("grafana.ini", (Function<GrafanaFilesTest, String>)
                        t -> t.files.ini(t.request, "secret-key-2")),
                Arguments.of("graphite.yaml", (Function<GrafanaFilesTest, String>)
                        t -> t.files.datasource(t.request)),
                Arguments.of("dkumonitor.yaml", (Function<GrafanaFilesTest, String>)
                        t -> t.files.dashboardProvider()),
                Arguments.of("program-grafana.yaml", (Function<GrafanaFilesTest, String>)
                        t -> t.files.program(t.bundled)),
                Arguments.of("program-grafana-server.yaml", (Function<GrafanaFilesTest, String>)
                        t -> t.files.program(t.legacy)));
    }

    @ParameterizedTest
    @MethodSource("generated")
    void generatedFileMatchesItsGoldenCopy(String golden, Function<GrafanaFilesTest, String> make)
            throws IOException {
        String actual = make.apply(this);
        if (Goldens.recording()) {
            Files.createDirectories(SOURCES);
            Files.writeString(SOURCES.resolve(golden), actual);
        }
        assertEquals(golden(golden), actual);
    }

    @ParameterizedTest
    @MethodSource("generated")
    void noGeneratedFileHoldsADefaultPassword(String golden,
            Function<GrafanaFilesTest, String> make) {
        String text = make.apply(this);
        // Grafana's stock password and stock secret key
        assertTrue(!text.contains("admin_password = admin")
                && !text.contains("SW2YcwTIb9zpOOhoPsMm"), golden);
    }

    private static String golden(String name) throws IOException {
        return Goldens.read(GrafanaFilesTest.class, "golden/" + name);
    }
}
