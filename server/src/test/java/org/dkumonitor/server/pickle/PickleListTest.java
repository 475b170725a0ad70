package org.dkumonitor.server.pickle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PickleListTest {

    @Test
    void keepsFloatsAndNoneApartFromANanValue() {
        PickleList list = new PickleList();
        list.addAll(Arrays.asList(1.5, null, Double.NaN, -0.0));
        assertTrue(list.isFloats());
        assertEquals(Arrays.asList(1.5, null, Double.NaN, -0.0), list);
        assertNull(list.get(1));
        assertTrue(Double.isNaN((Double) list.get(2)));
        assertArrayEquals(new double[] {1.5, Double.NaN, Double.NaN, -0.0}, list.toDoubles());
        assertArrayEquals(new double[] {1.5, Double.NaN, Double.NaN, -0.0}, list.takeDoubles());
        assertTrue(list.isEmpty(), "taken");
    }

    @Test
    void becomesAListOfObjectsAtTheFirstOtherValueKeepingItsOrder() {
        PickleList list = new PickleList();
        for (int i = 0; i < 20; i++) {
            list.add(i % 3 == 0 ? null : (double) i);
        }
        list.add("text");
        list.add(2.5);
        assertFalse(list.isFloats());
        assertEquals(22, list.size());
        assertNull(list.get(0));
        assertEquals(1.0, list.get(1));
        assertEquals(List.of("text", 2.5), list.subList(20, 22));
    }

    @Test
    void aDecodedListOfFloatsStaysUnboxed() {
        // protocol 2: [1.0, None]
        byte[] pickle = "\u0080\u0002](G?\u00f0\u0000\u0000\u0000\u0000\u0000\u0000Ne."
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Object decoded = PickleDecoder.decode(pickle);
        assertTrue(decoded instanceof PickleList list && list.isFloats(), decoded.toString());
        assertEquals(Arrays.asList(1.0, null), decoded);
    }

    @Test
    void aRunOfFloatsReadsAsTheGenericPathWouldReadIt() {
        // [1.0, None, nan] in one run; [[2.0], 'x'] where the run is followed by something else
        byte[] run = bytes("\u0080\u0002](G?\u00f0\0\0\0\0\0\0NG\u007f\u00f8\0\0\0\0\0\u0001e.");
        List<?> decoded = (List<?>) PickleDecoder.decode(run);
        assertEquals(3, decoded.size());
        assertEquals(1.0, decoded.get(0));
        assertNull(decoded.get(1));
        assertTrue(Double.isNaN((Double) decoded.get(2)), "a NaN in the pickle is not None");
        byte[] mixed = bytes("\u0080\u0002](G@\0\0\0\0\0\0\0X\u0001\0\0\0xe.");
        assertEquals(Arrays.asList(2.0, "x"), PickleDecoder.decode(mixed));
    }

    @Test
    void aRunOfFloatsStillRespectsTheDecodersBounds() {
        // the list is put in a tuple (so frozen), then fetched back from the memo for the run
        byte[] frozen = bytes("\u0080\u0002]\u0094\u0085h\0(G?\u00f0\0\0\0\0\0\0e.");
        assertTrue(assertThrowsPickle(frozen).contains("already inside another"));
        // a run cut inside its last float is refused as before
        byte[] cut = bytes("\u0080\u0002](G?\u00f0\0\0");
        assertTrue(assertThrowsPickle(cut).contains("bad pickle"));
    }

    private static String assertThrowsPickle(byte[] pickle) {
        return org.junit.jupiter.api.Assertions.assertThrows(PickleException.class,
                () -> PickleDecoder.decode(pickle)).getMessage();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
