package io.websms.runtime.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FolderSyncTest {

    @TempDir
    Path dir;

    @Test
    void aLoneCallerForcesAtOnceAndAlone() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        FolderSync sync = new FolderSync(dir, folder -> forces.incrementAndGet());
        sync.force();
        assertEquals(1, forces.get(), "forced before force() returned, without waiting for company");
        sync.force();
        assertEquals(2, forces.get(), "a later call is not covered by an earlier force");
    }

    @Test
    void callersThatArriveDuringAForceShareTheNextOneAndNoneReturnsBeforeAForceThatBeganAfterItCame() throws Exception {
        CountDownLatch firstForceRunning = new CountDownLatch(1);
        CountDownLatch releaseFirstForce = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        AtomicLong lastForceBegan = new AtomicLong();
        FolderSync sync = new FolderSync(dir, folder -> {
            lastForceBegan.set(System.nanoTime());
            if (forces.incrementAndGet() == 1) {
                firstForceRunning.countDown();
                await(releaseFirstForce);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            Future<?> leader = pool.submit(() -> {
                sync.force();
                return null;
            });
            assertTrue(firstForceRunning.await(5, TimeUnit.SECONDS));
            List<Future<Long>> followers = new ArrayList<>();
            CountDownLatch allAsked = new CountDownLatch(8);
            for (int i = 0; i < 8; i++) {
                followers.add(pool.submit(() -> {
                    long came = System.nanoTime();
                    allAsked.countDown();
                    sync.force();
                    return came;
                }));
            }
            assertTrue(allAsked.await(5, TimeUnit.SECONDS));
            Thread.sleep(100); // the eight wait in force() for the running force to end
            releaseFirstForce.countDown();
            leader.get(5, TimeUnit.SECONDS);
            for (Future<Long> follower : followers) {
                long came = follower.get(5, TimeUnit.SECONDS);
                assertTrue(lastForceBegan.get() > came, "covered by a force that began after the caller came");
            }
            assertEquals(2, forces.get(), "the eight that came during the first force shared the second");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedForceFailsTheCallersItWasToCoverAndTheNextCallerTriesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FolderSync sync = new FolderSync(dir, folder -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("No space left on device");
            }
        });
        IOException e = assertThrows(IOException.class, sync::force);
        assertTrue(e.getMessage().contains("cannot force the folder " + dir) && e.getMessage().contains("No space left on device"), e.getMessage());
        sync.force();
        assertEquals(2, calls.get());
    }

    @Test
    void forcesARealFolder() throws Exception {
        FolderSync sync = new FolderSync(dir);
        sync.force();
        assertEquals(1, sync.forces());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
