package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.FakeProc.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.dkumonitor.agent.collect.DfCollector.Usage;
import org.junit.jupiter.api.Test;

class DfCollectorTest {

    private static final String MOUNTS = """
            proc /proc proc rw,relatime 0 0
            devtmpfs /dev devtmpfs rw,relatime,size=12334460k 0 0
            tmpfs /dev/shm tmpfs rw,relatime 0 0
            /dev/vda / ext4 rw,relatime 0 0
            /dev/vda /var/lib/bind ext4 rw,relatime 0 0
            /dev/mapper/vg-data /srv/my\\040data xfs rw 0 0
            /dev/vdb /mnt/gone ext4 rw 0 0
            """;

    @Test
    void reportsEachDeviceOnceSkippingTmpfsEmptyAndUnreadableFileSystems() {
        FakeProc proc = new FakeProc().write("self/mounts", MOUNTS);
        Map<String, Usage> usage = new HashMap<>();
        usage.put("/proc", new Usage(0, 0, 0));
        usage.put("/dev", new Usage(1000, 1000, 1000));
        usage.put("/dev/shm", new Usage(1000, 1000, 1000));
        usage.put("/", new Usage(1000, 400, 300));
        usage.put("/var/lib/bind", new Usage(1000, 400, 300));
        usage.put("/srv/my data", new Usage(200, 50, 50));
        // /mnt/gone was unmounted after the mount table was read: no usage
        DfCollector df = new DfCollector(proc.files(), m -> Optional.ofNullable(usage.get(m)));
        assertEquals(Map.ofEntries(
                Map.entry("df.vda.df_complex.free", 300.0),
                Map.entry("df.vda.df_complex.reserved", 100.0),
                Map.entry("df.vda.df_complex.used", 600.0),
                Map.entry("df.vda.percent_bytes.free", 30.0),
                Map.entry("df.vda.percent_bytes.reserved", 10.0),
                Map.entry("df.vda.percent_bytes.used", 60.0),
                Map.entry("df.mapper_vg-data.df_complex.free", 50.0),
                Map.entry("df.mapper_vg-data.df_complex.reserved", 0.0),
                Map.entry("df.mapper_vg-data.df_complex.used", 150.0),
                Map.entry("df.mapper_vg-data.percent_bytes.free", 25.0),
                Map.entry("df.mapper_vg-data.percent_bytes.reserved", 0.0),
                Map.entry("df.mapper_vg-data.percent_bytes.used", 75.0)),
                FakeProc.collect(df, T0));
    }

    @Test
    void readsTheRealRootFileSystem() throws IOException {
        Optional<Usage> root = DfCollector.statvfs("/");
        assertEquals(true, root.isPresent());
        assertEquals(true, root.get().total() >= root.get().unallocated());
        FileStore store = Files.getFileStore(Path.of("/"));
        assertEquals(store.getTotalSpace(), root.get().total(), "the same statvfs as FileStore's");
        assertEquals(Optional.empty(), DfCollector.statvfs("/no/such/mount/point"));
    }

    @Test
    void decodesOctalEscapesOfTheMountTable() {
        assertEquals("/srv/my data\\x", DfCollector.unescape("/srv/my\\040data\\134x"));
        assertEquals("/plain", DfCollector.unescape("/plain"));
    }
}
