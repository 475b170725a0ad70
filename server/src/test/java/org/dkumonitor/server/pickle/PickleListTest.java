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
}
