package org.dkumonitor.server.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestGateTest {

    @Test
    void aRequestWaitsForASlotThenIsToldToComeBack() {
        RequestGate gate = new RequestGate(1, 1000, Duration.ofMillis(20));
        RequestGate.Ticket first = gate.enter();
        ServerBusyException busy = assertThrows(ServerBusyException.class, gate::enter);
        assertEquals(RequestGate.RETRY_AFTER_SECONDS, busy.retryAfterSeconds());
        first.close();
        first.close(); // closing twice gives back once
        gate.enter().close();
        assertEquals(0, gate.running());
    }

    @Test
    void memoryHeldByOthersMakesABusyAnswerAndTooMuchForOneARefusal() {
        RequestGate gate = new RequestGate(4, 1000, Duration.ofMillis(20));
        RequestGate.Ticket big = gate.enter();
        big.charge(800);
        RequestGate.Ticket small = gate.enter();
        assertThrows(ServerBusyException.class, () -> small.charge(300));
        small.charge(200);
        assertThrows(RequestTooLargeException.class, () -> small.charge(900));
        big.close();
        small.charge(700);
        assertEquals(900, gate.heldBytes());
        small.close();
        assertEquals(0, gate.heldBytes());
    }

    @Test
    void aResponseBufferChargesTheRunningRequest() throws Exception {
        RequestGate gate = new RequestGate(1, 100, Duration.ofMillis(20));
        try (RequestGate.Ticket ticket = gate.enter()) {
            RequestGate.within(ticket, () -> {
                var out = RequestGate.responseBuffer();
                out.write(new byte[40]);
                assertThrows(RequestTooLargeException.class, () -> out.write(new byte[20]));
                return null;
            });
            assertEquals(80, gate.heldBytes());
        }
        assertEquals(0, gate.heldBytes());
    }
}
