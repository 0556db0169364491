package dev.externalfiles.transfer.service;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transfers of different files run at once; transfers of the same file (the same kernel and
 * path) one after the other. Records are handled out of order (see TransferConsumers), so two
 * events of one file may reach two workers: this keeps them from overlapping. Which of them
 * runs first does not matter: an export reads the file only if it still has the content its
 * event names (If-Match), so an older event that comes second is skipped as superseded, and it
 * never overwrites the newer object.
 * <p>
 * Striped: a fixed set of locks chosen by the key's hash, so memory does not grow with the
 * number of files; two files sharing a stripe merely wait for each other.
 */
@ApplicationScoped
public class FileOrder {

    private static final int STRIPES = 1024;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public FileOrder() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public <T> T inOrder(String kernelId, String path, Supplier<T> transfer) {
        ReentrantLock lock = stripes[Math.floorMod((kernelId + '/' + path).hashCode(), stripes.length)];
        lock.lock();
        try {
            return transfer.get();
        } finally {
            lock.unlock();
        }
    }
}
