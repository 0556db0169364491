package dev.externalfiles.transfer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Part buffers come out of the budget, are reused, and only one upload's window of them is kept idle. */
class BufferBudgetTest {

    private static final long PART = 1L << 20;
    private static final long BUDGET = 16 * PART;

    private final BufferBudget budget = new BufferBudget(new FixedTransferConfig(2 * PART, PART, 2, BUDGET));

    @Test
    void aGivenBackPartIsTheNextOneTaken() {
        byte[] first = budget.takePart();
        assertEquals(PART, first.length);
        budget.givePart(first);
        assertSame(first, budget.takePart(), "the array is reused, not allocated anew");
    }

    @Test
    void atMostOneUploadsWindowOfPartsIsKeptIdle() {
        // part-concurrency 2: a window of 3 buffers (the one being read and two on their way).
        List<byte[]> taken = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            taken.add(budget.takePart());
        }
        taken.forEach(budget::givePart);
        Set<byte[]> given = Collections.newSetFromMap(new IdentityHashMap<>());
        given.addAll(taken);
        int reused = 0;
        for (int i = 0; i < 6; i++) {
            if (given.contains(budget.takePart())) {
                reused++;
            }
        }
        assertEquals(3, reused);
    }

    @Test
    void partsComeOutOfTheBudgetAndGoBackIntoIt() {
        List<byte[]> taken = new ArrayList<>();
        for (int i = 0; i < BUDGET / PART; i++) {
            taken.add(budget.takePart());
        }
        Thread waiting = new Thread(budget::takePart);
        waiting.start();
        assertTrue(waitsBlocked(waiting), "a part beyond the budget waits");
        budget.givePart(taken.remove(0));
        assertTrue(ended(waiting), "and goes once one is given back");
        taken.forEach(budget::givePart);
        budget.release(PART); // the waiting thread's part
        budget.acquire(BUDGET);
        budget.release(BUDGET);
    }

    private static boolean waitsBlocked(Thread thread) {
        for (int i = 0; i < 200 && thread.getState() != Thread.State.WAITING; i++) {
            sleep();
        }
        return thread.getState() == Thread.State.WAITING;
    }

    private static boolean ended(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
