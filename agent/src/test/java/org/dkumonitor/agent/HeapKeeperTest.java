package org.dkumonitor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeapKeeperTest {

    /** A heap that grows by what the test says and goes back to {@code live} when collected. */
    private static final class FakeHeap implements HeapKeeper.Heap {

        long committed;
        long live;

        FakeHeap(long committed) {
            this.committed = committed;
            this.live = committed;
        }

        @Override
        public long committed() {
            return committed;
        }

        @Override
        public void collect() {
            committed = live;
        }
    }

    @Test
    void collectsOnlyOnceTheHeapHasGrownByAMebibyteSinceTheLastCollection() {
        FakeHeap heap = new FakeHeap(3 << 20);
        HeapKeeper keeper = new HeapKeeper(heap);
        heap.committed += HeapKeeper.GROWTH_BYTES - 1;
        keeper.check();
        assertEquals(0, keeper.collections());
        heap.committed += 1;
        keeper.check();
        assertEquals(1, keeper.collections());
        assertEquals(3 << 20, heap.committed);
        keeper.check();
        assertEquals(1, keeper.collections());
    }

    @Test
    void aHeapThatHoldsMoreForGoodIsNotCollectedAgainAndAgain() {
        FakeHeap heap = new FakeHeap(3 << 20);
        HeapKeeper keeper = new HeapKeeper(heap);
        heap.live = 6 << 20;
        heap.committed = 6 << 20;
        keeper.check();
        assertEquals(1, keeper.collections());
        for (int round = 0; round < 10; round++) {
            keeper.check();
        }
        assertEquals(1, keeper.collections(), "the new size is the new reference");
    }
}
