package org.dkumonitor.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    /** A stat of a 6.x kernel (52 fields), a comm with spaces and parentheses. */
    private static final String STAT = "4244 (a) b (c) S 1 4244 4244 0 -1 4194560 100 0 7 0 50"
            + " 10 0 0 20 -5 30 0 7777 3000000000 9000 18446744073709551615 1 1"
            + " 140736000000000 140735999999000 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 4000 5000 6000"
            + " 140736000001000 140736000002000 140736000003000 140736000004000 0\n";

    private static ProcStat read(String text) {
        FakeProc proc = new FakeProc().write("1/stat", text);
        ProcStat stat = new ProcStat();
        stat.read(proc.files(), "1/stat");
        return stat;
    }

    @Test
    void numbersEveryFieldAsProcFiveDoesWithTheCommHoldingSpacesAndParentheses() {
        ProcStat stat = read(STAT);
        assertEquals(52, stat.fields());
        assertEquals('S', stat.state());
        assertEquals("a) b (c", stat.comm());
        assertEquals(100, stat.number(ProcStat.MINFLT));
        assertEquals(7, stat.number(ProcStat.MAJFLT));
        assertEquals(50, stat.number(ProcStat.UTIME));
        assertEquals(10, stat.number(ProcStat.STIME));
        assertEquals(-5, stat.number(19), "nice");
        assertEquals(30, stat.number(ProcStat.NUM_THREADS));
        assertEquals("7777", stat.text(ProcStat.START_TIME));
        assertEquals(3_000_000_000L, stat.number(ProcStat.VSIZE));
        assertEquals(9000, stat.number(ProcStat.RSS));
        assertEquals(Long.parseUnsignedLong("18446744073709551615"), stat.number(25), "rsslim");
        assertEquals(140_736_000_000_000L, stat.number(ProcStat.START_STACK));
        assertEquals(140_735_999_999_000L, stat.number(ProcStat.KSTKESP));
        assertEquals(0, stat.number(52));
    }

    @Test
    void aFieldEqualsOnlyTheWholeText() {
        ProcStat stat = read(STAT);
        byte[] start = "7777".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(stat.fieldEquals(ProcStat.START_TIME, start));
        assertFalse(stat.fieldEquals(ProcStat.START_TIME, "777".getBytes()));
        assertFalse(stat.fieldEquals(ProcStat.START_TIME, "77777".getBytes()));
        assertFalse(stat.fieldEquals(53, start), "past the last field");
    }

    @Test
    void aKernelThreadsEmptyCommAndAnOldKernelsFewerFieldsRead() {
        ProcStat stat = read("2 () I 0 0 0 0 -1 69238880 0 0 0 0 0 0 0 0 20 0 1 0 2 0 0\n");
        assertEquals("", stat.comm());
        assertEquals('I', stat.state());
        assertEquals(24, stat.fields());
        assertEquals("2", stat.text(ProcStat.START_TIME));
        assertThrows(IllegalStateException.class, () -> stat.number(ProcStat.KSTKESP));
    }

    @Test
    void whatIsNotAStatIsNotRead() {
        String[] bad = {"", "\n", "not a process directory", "1 (x)", "1 (x) ", "1 (x)S 1 2",
            "1 (x) SS 1 2", "1 (x) S 1 2a 3", "1 (x) S 1 - 3", "1 (x) S 1  3", "1 x) S 1 -",
            "1 (x) S " + "1 ".repeat(70), "1 (x) S " + "1".repeat(5000)};
        for (String text : bad) {
            ProcStat stat = read(text);
            assertEquals(0, stat.fields(), text);
            assertFalse(stat.fieldEquals(ProcStat.START_TIME, "1".getBytes()), text);
            assertThrows(IllegalStateException.class, stat::state, text);
        }
        ProcStat stat = new ProcStat();
        assertFalse(stat.read(new FakeProc().files(), "9/stat"), "gone");
    }

    @Test
    void aFailedReadForgetsTheFieldsOfThePreviousOne() {
        FakeProc proc = new FakeProc().write("1/stat", STAT).write("2/stat", "2 (x");
        ProcStat stat = new ProcStat();
        assertTrue(stat.read(proc.files(), "1/stat"));
        assertFalse(stat.read(proc.files(), "2/stat"));
        assertEquals(0, stat.fields());
    }

    @Test
    void randomBytesEitherReadOrAreRefusedAndAShareOfMutatedStatsRead() {
        Random random = new Random(22);
        int read = 0;
        FakeProc proc = new FakeProc();
        ProcStat stat = new ProcStat();
        for (int i = 0; i < 300; i++) {
            byte[] text = STAT.getBytes(StandardCharsets.ISO_8859_1);
            for (int m = random.nextInt(3); m > 0; m--) {
                text[random.nextInt(text.length)] = (byte) " )(-0Sx\n".charAt(random.nextInt(8));
            }
            proc.write("1/stat", new String(text, StandardCharsets.ISO_8859_1));
            if (stat.read(proc.files(), "1/stat")) {
                read++;
                for (int field = ProcStat.STATE + 1; field <= stat.fields(); field++) {
                    stat.number(field);
                }
            }
        }
        assertTrue(read > 30 && read < 300, read + " of 300 read");
    }

    @Test
    void readsThisProcessesRealStat() throws Exception {
        Path self = Path.of("/proc/self/stat");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(self), "needs /proc");
        ProcStat stat = new ProcStat();
        String pid = Long.toString(ProcessHandle.current().pid());
        assertTrue(stat.read(ProcFiles.system(), pid + "/stat"));
        assertTrue(stat.fields() >= ProcStat.KSTKESP);
        assertTrue(stat.number(ProcStat.NUM_THREADS) > 1);
        assertEquals("java", stat.comm());
    }
}
