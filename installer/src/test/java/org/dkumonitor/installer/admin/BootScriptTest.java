package org.dkumonitor.installer.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.DkmException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Boot scripts written into a scratch file system, never the real /etc. */
class BootScriptTest {

    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix").build());
    private final Path root = fs.getPath("/");
    private final List<List<String>> ran = new ArrayList<>();
    private int exitCode;
    private final BootScript script = new BootScript(root, command -> {
        ran.add(command);
        return exitCode;
    });
    private final BootScript.Install install = new BootScript.Install("dkumonitor",
            Path.of("/srv/dkm"), Path.of("/opt/dkumonitor-0.1.0"), "monitor", "staff");

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private void systemd() throws IOException {
        Files.createDirectories(root.resolve("run/systemd/system"));
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = BootScriptTest.class.getResourceAsStream("golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesAndEnablesASystemdUnitWhereSystemdRuns() throws IOException {
        systemd();

        List<String> lines = script.install(install);

        Path unit = root.resolve("etc/systemd/system/dkumonitor.service");
        assertEquals(golden("systemd.service"), Files.readString(unit));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(unit)));
        assertEquals(List.of(List.of("systemctl", "daemon-reload"),
                List.of("systemctl", "enable", "dkumonitor.service")), ran);
        assertEquals("wrote /etc/systemd/system/dkumonitor.service", lines.get(0));
        assertEquals("dkumonitor starts at boot as monitor (systemctl start|stop|status"
                + " dkumonitor)", lines.get(lines.size() - 1));
    }

    @Test
    void writesAnExecutableInitScriptWhereSystemdDoesNotRun() throws IOException {
        Files.createDirectories(root.resolve("usr/sbin"));
        Files.createFile(root.resolve("usr/sbin/update-rc.d"));

        script.install(install);

        Path initScript = root.resolve("etc/init.d/dkumonitor");
        assertEquals(golden("init.d.sh"), Files.readString(initScript));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(initScript)));
        assertEquals(List.of(List.of("update-rc.d", "dkumonitor", "defaults")), ran);
    }

    @Test
    void usesChkconfigWhereThereIsNoUpdateRcD() throws IOException {
        Files.createDirectories(root.resolve("sbin"));
        Files.createFile(root.resolve("sbin/chkconfig"));

        script.install(install);
        script.uninstall("dkumonitor", Path.of("/srv/dkm"));

        assertEquals(List.of(List.of("chkconfig", "--add", "dkumonitor"),
                List.of("chkconfig", "--del", "dkumonitor")), ran);
    }

    @Test
    void theInitScriptIsValidShell() throws Exception {
        Path file = Files.createTempFile("init", ".sh");
        try {
            Files.writeString(file, golden("init.d.sh"));
            Process check = new ProcessBuilder("/bin/sh", "-n", file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes());
            assertEquals(0, check.waitFor(), output);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void installingTwiceForOneInstallUpdatesTheScript() throws IOException {
        systemd();
        script.install(install);

        assertEquals("updated /etc/systemd/system/dkumonitor.service",
                script.install(install).get(0));
    }

    @Test
    void refusesANameAnotherInstallUses() throws IOException {
        systemd();
        script.install(install);

        DkmException refused = assertThrows(DkmException.class, () -> script.install(
                new BootScript.Install("dkumonitor", Path.of("/srv/other"),
                        Path.of("/opt/dkumonitor-0.1.0"), "monitor", "staff")));

        assertEquals("/etc/systemd/system/dkumonitor.service already starts /srv/dkm; choose"
                + " another -name, or run uninstall-boot from that install first",
                refused.getMessage());
        assertThrows(DkmException.class, () -> script.uninstall("dkumonitor",
                Path.of("/srv/other")));
        assertTrue(Files.exists(root.resolve("etc/systemd/system/dkumonitor.service")));
    }

    @Test
    void neverTouchesAScriptItDidNotWrite() throws IOException {
        systemd();
        Path foreign = root.resolve("etc/systemd/system/dkumonitor.service");
        Files.createDirectories(foreign.getParent());
        Files.writeString(foreign, "[Unit]\nDescription=someone else's\n");

        assertThrows(DkmException.class, () -> script.install(install));
        assertThrows(DkmException.class, () -> script.uninstall("dkumonitor",
                Path.of("/srv/dkm")));
        assertEquals("[Unit]\nDescription=someone else's\n", Files.readString(foreign));
        assertEquals(List.of(), ran);
    }

    @Test
    void uninstallDisablesAndRemovesTheUnit() throws IOException {
        systemd();
        script.install(install);
        ran.clear();

        List<String> lines = script.uninstall("dkumonitor", Path.of("/srv/dkm"));

        assertFalse(Files.exists(root.resolve("etc/systemd/system/dkumonitor.service")));
        assertEquals(List.of(List.of("systemctl", "disable", "dkumonitor.service"),
                List.of("systemctl", "daemon-reload")), ran);
        assertEquals("removed /etc/systemd/system/dkumonitor.service", lines.get(1));
        assertEquals(List.of("no boot script /etc/systemd/system/dkumonitor.service; nothing"
                + " to remove"), script.uninstall("dkumonitor", Path.of("/srv/dkm")));
    }

    @Test
    void aToolThatFailsToEnableTheScriptIsAnError() throws IOException {
        systemd();
        exitCode = 1;

        DkmException failed = assertThrows(DkmException.class, () -> script.install(install));

        assertEquals("systemctl daemon-reload failed with exit code 1; the script is written"
                + " but not enabled: fix the cause and run install-boot again",
                failed.getMessage());
    }

    @Test
    void saysWhatItWouldRunWhereItRunsNothing() throws IOException {
        systemd();
        BootScript dryRun = new BootScript(root, new BootScript.Commands() {
            @Override
            public int run(List<String> command) {
                return 0;
            }

            @Override
            public String verb() {
                return "would run";
            }
        });

        assertEquals("would run systemctl enable dkumonitor.service",
                dryRun.install(install).get(2));
    }

    @Test
    void refusesNamesAndPathsABootScriptCannotCarry() {
        assertThrows(DkmException.class, () -> new BootScript.Install("a b", Path.of("/d"),
                Path.of("/h"), "u", "g"));
        assertThrows(DkmException.class, () -> new BootScript.Install("..", Path.of("/d"),
                Path.of("/h"), "u", "g"));
        assertThrows(DkmException.class, () -> new BootScript.Install("../x", Path.of("/d"),
                Path.of("/h"), "u", "g"));
        assertThrows(DkmException.class, () -> new BootScript.Install("n", Path.of("/my data"),
                Path.of("/h"), "u", "g"));
        assertThrows(DkmException.class, () -> new BootScript.Install("n", Path.of("/d'x"),
                Path.of("/h"), "u", "g"));
    }
}
