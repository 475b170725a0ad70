package org.dkumonitor.agent.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProcFieldsTest {

    private static final String STATUS = """
            Name:\tjava
            VmData:\t  200000 kB
            Threads:\t31
            voluntary_ctxt_switches:\t12
            nonvoluntary_ctxt_switches:\t5
            """;

    @Test
    void readsTheNumberAfterAKeyAtTheStartOfALine() {
        assertEquals(200000, ProcFields.field(STATUS, "VmData"));
        assertEquals(31, ProcFields.field(STATUS, "Threads"));
        assertEquals(12, ProcFields.field(STATUS, "voluntary_ctxt_switches"));
        assertEquals(5, ProcFields.field(STATUS, "nonvoluntary_ctxt_switches"));
        assertEquals(7, ProcFields.field("rchar: 7\nwchar: 8\n", "rchar"));
    }

    @Test
    void givesMinusOneForAnAbsentOrNonNumericField() {
        assertEquals(-1, ProcFields.field(STATUS, "VmLib"));
        assertEquals(-1, ProcFields.field(STATUS, "Name"));
        assertEquals(-1, ProcFields.field(STATUS, "ctxt_switches"));
    }

    @Test
    void readsFieldsFromBytesAsFromText() {
        String real = ProcFiles.system().read("self/status");
        String[] keys = {"VmData", "VmLib", "Name", "ctxt_switches", "voluntary_ctxt_switches",
            "nonvoluntary_ctxt_switches", "Threads", "VmExe", "rchar", "Vm"};
        for (String text : new String[] {STATUS, real, "rchar: 7\nwchar: 8\n", "", "Threads:"}) {
            byte[] padded = java.util.Arrays.copyOf(
                    text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), text.length() + 9);
            for (String key : keys) {
                assertEquals(ProcFields.field(text, key),
                        ProcFields.field(padded, text.length(), ProcFields.key(key)), key);
            }
        }
    }

    @Test
    void splitsWordsAsTrimAndSplitOnWhitespaceDo() {
        for (String line : new String[] {"cpu0 10 20\t30", "  8       0 vda 1 2 ", "x", "\t a\r\n",
            "MemTotal:        8123456 kB"}) {
            assertArrayEquals(line.trim().split("\\s+"), ProcFields.words(line), line);
        }
        assertEquals(0, ProcFields.words("").length);
        assertEquals(0, ProcFields.words(" \t ").length);
    }

    @Test
    void procFilesSplitsLinesAndCountsThemAsStringLinesDoes() throws Exception {
        FakeProc fake = new FakeProc().write("a", "one\ntwo\r\n\nfour").write("b", "")
                .write("c", "x\n".repeat(5000)).write("d/1", "").write("d/2", "");
        ProcFiles proc = fake.files();
        assertEquals("one\ntwo\r\n\nfour".lines().toList(), proc.lines("a"));
        assertEquals(java.util.List.of(), proc.lines("b"));
        assertEquals(3, proc.countLines("a"));
        assertEquals(5000, proc.countLines("c"));
        assertEquals("x\n".repeat(5000), proc.read("c"), "more than the first read");
        assertEquals(java.util.Optional.of("x\n".repeat(5000)), proc.readIfPresent("c"));
        assertEquals(java.util.Optional.empty(), proc.readIfPresent("none"));
        assertEquals(-1, proc.countLines("none"));
        assertEquals(java.util.Set.of("1", "2"), java.util.Set.copyOf(proc.numericEntries("d")));
        assertEquals(java.util.List.of(), proc.numericEntries("none"));
    }
}
