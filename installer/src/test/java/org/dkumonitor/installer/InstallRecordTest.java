package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class InstallRecordTest {

    private final FileSystem fs = TestInstalls.unixFileSystem();
    private final Path file = fs.getPath("/install.properties");

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @Test
    void readsBackWhatItWrites() throws IOException {
        InstallRecord record = new InstallRecord("0.2.0", InstallType.BACKEND_AGENT, 15000,
                fs.getPath("/opt/dkm 0.2.0"), "none", "0.1.0", "/opt/dkm\\old");
        Files.writeString(file, record.format());

        assertEquals(record, InstallRecord.parse(file));
    }

    @Test
    void anUpdateRemembersTheBundleItLeaves() {
        InstallRecord installed = new InstallRecord("0.1.0", InstallType.ALL, 15000,
                fs.getPath("/opt/dkm-0.1.0"), "bundled", "", "");

        InstallRecord updated = installed.updatedTo("0.2.0", fs.getPath("/opt/dkm-0.2.0"));

        assertEquals(new InstallRecord("0.2.0", InstallType.ALL, 15000,
                fs.getPath("/opt/dkm-0.2.0"), "bundled", "0.1.0", "/opt/dkm-0.1.0"), updated);
    }

    @Test
    void updatingTwiceToTheSameBundleKeepsTheWayBack() {
        InstallRecord updated = new InstallRecord("0.2.0", InstallType.ALL, 15000,
                fs.getPath("/opt/dkm-0.2.0"), "none", "0.1.0", "/opt/dkm-0.1.0");

        assertEquals(updated, updated.updatedTo("0.2.0", fs.getPath("/opt/dkm-0.2.0")));
    }

    @Test
    void aDamagedRecordIsRefusedWithWhatToDo() throws IOException {
        Files.writeString(file, "version=0.1.0\ntype=all\nport=x\nbundle=/b\ngrafana=none\n");

        InstallRefusedException refused = assertThrows(InstallRefusedException.class,
                () -> InstallRecord.parse(file));
        assertEquals("/install.properties: port is not a number; restore the file or reinstall"
                + " into a new directory", refused.getMessage());
    }
}
