package org.dkumonitor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogZoneTest {

    @TempDir
    Path dir;

    private Path zoneFile(String name) throws IOException {
        Path file = dir.resolve("zoneinfo").resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {'T', 'Z', 'i', 'f'});
        return file;
    }

    private Path localtimeLinkedTo(Path target) throws IOException {
        Path link = dir.resolve("localtime");
        Files.deleteIfExists(link);
        return Files.createSymbolicLink(link, target);
    }

    @Test
    void aLinkToAUtcZoneFileIsUtc() throws IOException {
        assertTrue(LogZone.hostIsUtc(null, null, null, localtimeLinkedTo(zoneFile("Etc/UTC"))));
    }

    @Test
    void aLinkToAnyOtherZoneIsLeftToTheJdk() throws IOException {
        assertFalse(LogZone.hostIsUtc(null, null, null,
                localtimeLinkedTo(zoneFile("Europe/Paris"))));
        assertFalse(LogZone.hostIsUtc(null, null, null, localtimeLinkedTo(zoneFile("Etc/GMT+5"))));
    }

    @Test
    void aCopiedZoneFileIsLeftToTheJdk() throws IOException {
        Path copy = Files.copy(zoneFile("Etc/UTC"), dir.resolve("localtime"));
        assertFalse(LogZone.hostIsUtc(null, null, null, copy));
    }

    @Test
    void noZoneFileIsUtcAsTheJdkSaysGmtButADanglingLinkIsNot() throws IOException {
        assertTrue(LogZone.hostIsUtc(null, null, null, dir.resolve("localtime")));
        assertFalse(LogZone.hostIsUtc(null, null, null,
                localtimeLinkedTo(dir.resolve("zoneinfo/gone"))));
    }

    @Test
    void tzDecidesWhenSetAndTheUserTimezonePropertyBeforeIt() throws IOException {
        Path utc = localtimeLinkedTo(zoneFile("UTC"));
        assertTrue(LogZone.hostIsUtc(null, "", null, utc), "empty TZ is unset");
        assertTrue(LogZone.hostIsUtc(null, ":Etc/UTC", null, utc));
        assertFalse(LogZone.hostIsUtc(null, "Asia/Kolkata", null, utc));
        assertFalse(LogZone.hostIsUtc("Europe/Paris", null, null, utc));
        assertFalse(LogZone.hostIsUtc("Europe/Paris", "UTC", null, utc));
    }

    @Test
    void etcTimezoneMustAgree() throws IOException {
        Path utc = localtimeLinkedTo(zoneFile("Etc/UTC"));
        assertTrue(LogZone.hostIsUtc(null, null, "Etc/UTC", utc));
        assertFalse(LogZone.hostIsUtc(null, null, "Europe/Paris", utc));
    }

    @Test
    void onThisHostItAgreesWithTheJdk() {
        TimeZone jdk = TimeZone.getDefault();
        for (long millis : new long[] {0, 1_711_846_800_000L, 1_800_000_000_007L}) {
            assertEquals(jdk.getOffset(millis), LogZone.offsetAt(millis), "at " + millis);
        }
    }
}
