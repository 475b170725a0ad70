package org.dkumonitor.core.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

final class PortMapTest {

    @Test
    void placesEachServiceAtItsOffsetFromTheBase() {
        PortMap ports = new PortMap(15000);
        assertEquals(List.of(15000, 15001, 15002, 15004, 15005, 15006, 15007),
                List.copyOf(ports.byService().values()));
        assertEquals(15001, ports.carbonPlaintext());
        assertEquals(15002, ports.api());
    }

    @Test
    void acceptsOnlyBasesWhoseTenPortsFitAboveThePrivilegedOnes() {
        assertEquals(1024, new PortMap(1024).base());
        assertEquals(65525, new PortMap(65525).base());
        assertThrows(IllegalArgumentException.class, () -> new PortMap(1023));
        assertThrows(IllegalArgumentException.class, () -> new PortMap(65526));
    }
}
