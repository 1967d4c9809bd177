package io.websms.runtime.store.postgresql;

import io.websms.runtime.inbound.MessageIds;
import io.websms.runtime.store.StoreAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The message ids of a PostgreSQL store, as two daemons on it see them. */
class PgMessageIdsTest {

    private TestDatabase db;
    private PgStore daemonA;
    private PgStore daemonB;

    @BeforeEach
    void open() throws IOException {
        db = new TestDatabase();
        daemonA = PgStore.open(db.address(), Optional.empty());
        daemonB = PgStore.open(db.address(), Optional.empty());
    }

    @AfterEach
    void close() {
        daemonA.close();
        daemonB.close();
        db.close();
    }

    @Test
    void aMessageIsStoredOnceAndItsRepeatIsRecognisedByAnotherDaemon() throws IOException {
        AtomicInteger stored = new AtomicInteger();
        MessageIds a = PgMessageIds.ids(daemonA, Duration.ofDays(1));
        MessageIds b = PgMessageIds.ids(daemonB, Duration.ofDays(1));
        assertTrue(a.storeOnce("twilio\0\0SM0001", stored::incrementAndGet));
        assertFalse(b.storeOnce("twilio\0\0SM0001", stored::incrementAndGet), "the retry to the other daemon is a duplicate");
        assertFalse(a.storeOnce("twilio\0\0SM0001", stored::incrementAndGet));
        assertTrue(b.storeOnce("twilio\0\0SM0002", stored::incrementAndGet), "another id is another message");
        assertEquals(2, stored.get());
        assertEquals(0, db.number("SELECT count(*) FROM message_ids WHERE key_hash LIKE '%SM%'"), "only hashes are kept, no id or number");
    }

    @Test
    void twoDaemonsReceivingTheSameWebhooksAtOnceStoreEachExactlyOnce() throws Exception {
        MessageIds a = PgMessageIds.ids(daemonA, Duration.ofDays(1));
        MessageIds b = PgMessageIds.ids(daemonB, Duration.ofDays(1));
        int messages = 200;
        AtomicInteger[] stored = new AtomicInteger[messages];
        for (int i = 0; i < messages; i++) {
            stored[i] = new AtomicInteger();
        }
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < messages; i++) {
                int n = i;
                for (MessageIds daemon : List.of(a, b, a, b)) {
                    results.add(threads.submit(() -> daemon.storeOnce("SM" + n, () -> {
                        stored[n].incrementAndGet();
                        sleep(2); // as long as writing a call file
                    })));
                }
            }
        }
        int firsts = 0;
        for (Future<Boolean> result : results) {
            firsts += result.get() ? 1 : 0;
        }
        assertEquals(messages, firsts, "one delivery of each message was the first");
        for (int i = 0; i < messages; i++) {
            assertEquals(1, stored[i].get(), "message " + i + " stored once");
        }
    }

    @Test
    void aMessageThatCouldNotBeStoredIsNotRememberedSoItsRetryToAnyDaemonStoresIt() throws IOException {
        MessageIds a = PgMessageIds.ids(daemonA, Duration.ofDays(1));
        MessageIds b = PgMessageIds.ids(daemonB, Duration.ofDays(1));
        IOException full = assertThrows(IOException.class, () -> a.storeOnce("SM0003", () -> {
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", full.getMessage());
        AtomicInteger stored = new AtomicInteger();
        assertTrue(b.storeOnce("SM0003", stored::incrementAndGet));
        assertEquals(1, stored.get());
    }

    @Test
    void aDaemonMeetingAnotherDaemonsClaimWaitsForItsOutcome() throws Exception {
        MessageIds a = PgMessageIds.ids(daemonA, Duration.ofDays(1));
        MessageIds b = PgMessageIds.ids(daemonB, Duration.ofDays(1));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<Boolean> first = threads.submit(() -> a.storeOnce("SM0004", () -> {
                writing.countDown();
                await(finish);
            }));
            assertTrue(writing.await(5, TimeUnit.SECONDS));
            Future<Boolean> retry = threads.submit(() -> b.storeOnce("SM0004", () -> {
                throw new AssertionError("stored twice");
            }));
            Thread.sleep(200);
            assertFalse(retry.isDone(), "the retry waits while the first daemon writes the call file");
            finish.countDown();
            assertTrue(first.get(5, TimeUnit.SECONDS));
            assertFalse(retry.get(5, TimeUnit.SECONDS), "then it is a duplicate");
        }
    }

    @Test
    void aClaimLeftByADaemonThatDiedIsTakenOverAfterTheClaimTimeout() throws IOException {
        db.execute("INSERT INTO message_ids VALUES ('id', '" + PgMessageIds.hash("SM0005") + "', 'claimed', 'dead daemon', now() - interval '2 minutes')");
        AtomicInteger stored = new AtomicInteger();
        assertTrue(PgMessageIds.ids(daemonA, Duration.ofDays(1)).storeOnce("SM0005", stored::incrementAndGet));
        assertEquals(1, stored.get(), "stored: at least once, never lost");
        assertEquals(1, db.number("SELECT count(*) FROM message_ids WHERE state = 'stored'"));
    }

    @Test
    void aClaimThatDoesNotEndGets503SoThatTheItspRetriesLater() {
        db.execute("INSERT INTO message_ids VALUES ('id', '" + PgMessageIds.hash("SM0006") + "', 'claimed', 'slow daemon', now())");
        long start = System.nanoTime();
        IOException busy = assertThrows(IOException.class, () -> PgMessageIds.ids(daemonA, Duration.ofDays(1)).storeOnce("SM0006", () -> {
            throw new AssertionError("stored while claimed");
        }));
        assertTrue(busy.getMessage().startsWith("another daemon has been storing this message for 5 s"), busy.getMessage());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(PgMessageIds.WAIT_MILLIS));
    }

    @Test
    void aKeyIsStoredAgainOnceItsWindowHasPassedAndPurgedAfterTheLongestWindow() throws IOException {
        PgMessageIds contents = PgMessageIds.contents(daemonA, Duration.ofMinutes(5), Duration.ofHours(1));
        AtomicInteger stored = new AtomicInteger();
        assertTrue(contents.storeOnce("+1202\0+1501\0same", stored::incrementAndGet));
        assertFalse(contents.storeOnce("+1202\0+1501\0same", stored::incrementAndGet));
        db.execute("UPDATE message_ids SET at = now() - interval '6 minutes'");
        assertTrue(contents.storeOnce("+1202\0+1501\0same", stored::incrementAndGet), "5 minutes have passed");
        assertFalse(contents.storeOnce("+1202\0+1501\0same", Duration.ofMinutes(1), stored::incrementAndGet));
        db.execute("UPDATE message_ids SET at = now() - interval '2 minutes'");
        assertTrue(contents.storeOnce("+1202\0+1501\0same", Duration.ofMinutes(1), stored::incrementAndGet), "an interface's own window");
        assertTrue(PgMessageIds.ids(daemonA, Duration.ofDays(1)).storeOnce("+1202\0+1501\0same", stored::incrementAndGet),
                "ids and contents are apart");
        db.execute("UPDATE message_ids SET at = now() - interval '2 hours' WHERE kind = 'content'");
        assertEquals(1, contents.purge());
        assertEquals(1, db.number("SELECT count(*) FROM message_ids"), "the id stays");
    }

    @Test
    void aZeroWindowStoresAndRemembersNothing() throws IOException {
        AtomicInteger stored = new AtomicInteger();
        MessageIds ids = PgMessageIds.ids(daemonA, Duration.ofDays(1));
        assertTrue(ids.storeOnce("SM0007", Duration.ZERO, stored::incrementAndGet));
        assertTrue(ids.storeOnce("SM0007", Duration.ZERO, stored::incrementAndGet));
        assertEquals(2, stored.get());
        assertEquals(0, db.number("SELECT count(*) FROM message_ids"));
    }

    @Test
    void theSchemaIsCreatedOnceFromTheNumberedFiles() throws IOException {
        try (PgStore third = PgStore.open(db.address(), Optional.empty())) {
            assertEquals(Optional.empty(), third.problem());
        }
        assertEquals(Schema.latest(), db.number("SELECT max(version) FROM schema_version"));
        assertEquals(Schema.latest(), db.number("SELECT count(*) FROM schema_version"), "each file applied once, though three stores opened it");
        assertTrue(PgStore.probe(db.address(), Optional.empty()).startsWith("reachable as postgres, schema version " + Schema.latest() + " of " + Schema.latest()));
    }

    @Test
    void aStoreThatCannotBeReachedSaysWhyAndNeverShowsThePassword() {
        StoreAddress nowhere = StoreAddress.parse("postgresql://websms@127.0.0.1:1/websms");
        IOException refused = assertThrows(IOException.class, () -> PgStore.open(nowhere, Optional.of("s3cret-Pw")));
        assertTrue(refused.getMessage().startsWith("the store postgresql://websms@127.0.0.1:1/websms failed: Connection to 127.0.0.1:1 refused"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains("s3cret-Pw"));
        IOException badPassword = assertThrows(IOException.class, () -> PgStore.probe(
                StoreAddress.parse("postgresql://nobody_here@127.0.0.1:5432/test"), Optional.of("s3cret-Pw")));
        assertTrue(badPassword.getMessage().contains("nobody_here"), badPassword.getMessage());
        assertFalse(badPassword.getMessage().contains("s3cret-Pw"));
    }

    @Test
    void healthSaysWhenTheStoreCannotBeUsed() {
        assertEquals(Optional.empty(), daemonA.problem());
        daemonB.close();
        assertEquals(Optional.of("the store " + db.address() + " is closed"), daemonB.problem());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
