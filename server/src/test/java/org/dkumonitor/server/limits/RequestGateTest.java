package org.dkumonitor.server.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
    void aSmallRequestGetsInWhileExpensiveOnesHoldEverySlotAndTheirBytes() {
        RequestGate gate = RequestGate.withSmallShare(4, 800, Duration.ofMillis(20));
        java.util.List<RequestGate.Ticket> big = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            big.add(gate.enter());
        }
        big.get(0).charge(700);
        assertThrows(ServerBusyException.class, () -> big.get(1).charge(1),
                "the others stop short of the bytes kept for small requests");
        assertThrows(ServerBusyException.class, gate::enter, "no slot left for a big one");

        RequestGate.Ticket small = gate.enterSmall();
        small.charge(100);
        assertEquals(4, gate.running());
        assertThrows(ServerBusyException.class, gate::enterSmall,
                "the share is one slot: the next small one waits in its own queue");
        small.close();
        gate.enterSmall().close();

        big.get(2).close();
        RequestGate.Ticket smallInShared = gate.enterSmall();
        RequestGate.Ticket alsoSmall = gate.enterSmall();
        assertEquals(4, gate.running(), "a small request takes a free slot of all too");
        assertThrows(ServerBusyException.class, gate::enter);
        smallInShared.close();
        alsoSmall.close();
        big.get(0).close();
        big.get(1).close();
        assertEquals(0, gate.running());
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

    @Test
    void aRequestRunsOnAPlatformThreadWithItsTicketAndDeadline() throws Exception {
        RequestGate gate = new RequestGate(2, 100, Duration.ofMillis(20));
        try (RequestGate.Ticket ticket = gate.enter()) {
            Deadline deadline = Deadline.inSeconds(60);
            Thread caller = Thread.currentThread();
            Thread ran = Thread.ofVirtual().start(() -> {
                try {
                    Thread worker = gate.run(ticket, deadline, () -> {
                        assertSame(ticket, RequestGate.current());
                        Deadline.check();
                        return Thread.currentThread();
                    });
                    assertFalse(worker.isVirtual(), "a render is not pinned to a carrier");
                    assertTrue(worker != caller);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            ran.join();
            deadline.cancel();
            assertThrows(RequestTimeoutException.class,
                    () -> gate.run(ticket, deadline, () -> {
                        Deadline.check();
                        return null;
                    }));
            assertThrows(IOException.class, () -> gate.run(ticket, deadline, () -> {
                throw new IOException("the store failed");
            }));
        } finally {
            gate.close();
        }
    }
}
