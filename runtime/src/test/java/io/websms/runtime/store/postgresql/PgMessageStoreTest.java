package io.websms.runtime.store.postgresql;

import io.websms.api.Message;
import io.websms.runtime.outbox.QueuedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox of a PostgreSQL store, as two daemons on it see it: each message is taken by one daemon at a time, in
 * order per destination, and a dead daemon's messages are taken over when its leases expire.
 */
class PgMessageStoreTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private TestDatabase db;
    private PgStore connectionsA;
    private PgStore connectionsB;
    private final List<PgMessageStore> opened = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        db = new TestDatabase();
        connectionsA = PgStore.open(db.address(), Optional.empty());
        connectionsB = PgStore.open(db.address(), Optional.empty());
    }

    @AfterEach
    void close() {
        opened.forEach(PgMessageStore::close);
        connectionsA.close();
        connectionsB.close();
        db.close();
    }

    private PgMessageStore daemon(PgStore connections, Duration lease) {
        PgMessageStore store = PgMessageStore.forDaemon(connections, lease);
        opened.add(store);
        return store;
    }

    private static QueuedMessage queued(String to, String body, int secondsAfterT0) {
        Instant at = T0.plusSeconds(secondsAfterT0);
        return new QueuedMessage("", "1", Message.of(to, "+15017122661", body), at, 0, at, "503 from the ITSP");
    }

    @Test
    void whatOneDaemonQueuesAnotherSeesAsStoredWithEveryField() throws IOException {
        PgMessageStore a = daemon(connectionsA, Duration.ofMinutes(1));
        PgMessageStore b = daemon(connectionsB, Duration.ofMinutes(1));
        QueuedMessage added = a.add(queued("+46700000001", "grüße 👋 ; # \"", 0));
        assertEquals(26, added.id().length(), "a websms id (ULID) is given");
        assertEquals(List.of(added), b.list());
        assertEquals(1, b.size());
        assertTrue(b.isWaiting("+46700000001"));
        assertFalse(b.isWaiting("+46700000002"));
    }

    @Test
    void onlyTheOldestMessageOfEachDestinationIsTakenAndOnlyWhenDue() throws IOException {
        PgMessageStore a = daemon(connectionsA, Duration.ofMinutes(1));
        QueuedMessage first = a.add(queued("+46700000001", "first", 0));
        a.add(queued("+46700000001", "second", 1));
        QueuedMessage other = a.add(queued("+46700000002", "other", 2));
        a.add(queued("+46700000003", "later", 60));
        assertEquals(List.of(first, other), a.take(T0.plusSeconds(10)), "the second waits behind the first; 'later' is not due");
        a.remove(first);
        assertEquals("second", a.take(T0.plusSeconds(10)).getFirst().message().body(), "once the first has gone, the second is next");
    }

    @Test
    void twoDaemonsTakingAtOnceNeverTakeTheSameMessage() throws Exception {
        PgMessageStore a = daemon(connectionsA, Duration.ofMinutes(1));
        PgMessageStore b = daemon(connectionsB, Duration.ofMinutes(1));
        for (int i = 0; i < 200; i++) {
            a.add(queued(String.format("+467%08d", i), "m" + i, 0));
        }
        Set<String> taken = new HashSet<>();
        int takes = 0;
        try (ExecutorService daemons = Executors.newFixedThreadPool(2)) {
            while (taken.size() < 200) {
                List<Future<List<QueuedMessage>>> both = new ArrayList<>();
                for (PgMessageStore store : List.of(a, b)) {
                    both.add(daemons.submit((Callable<List<QueuedMessage>>) () -> store.take(T0.plusSeconds(1))));
                }
                for (Future<List<QueuedMessage>> batch : both) {
                    for (QueuedMessage message : batch.get()) {
                        assertTrue(taken.add(message.id()), "taken twice: " + message);
                    }
                }
                assertTrue(++takes <= 200 / PgMessageStore.BATCH + 2, "every take gives a batch while messages are free");
            }
        }
        assertEquals(List.of(), b.take(T0.plusSeconds(1)), "all are held");
    }

    @Test
    void aDeadDaemonsMessagesAreTakenOverWhenItsLeaseExpiresAndALiveOneKeepsItsOwn() throws Exception {
        PgMessageStore dead = PgMessageStore.frozen(connectionsA, Duration.ofMillis(600));
        PgMessageStore alive = daemon(connectionsA, Duration.ofMillis(600));
        PgMessageStore other = daemon(connectionsB, Duration.ofMinutes(1));
        QueuedMessage abandoned = dead.add(queued("+46700000001", "abandoned", 0));
        assertEquals(List.of(abandoned), dead.take(T0));
        QueuedMessage kept = alive.add(queued("+46700000002", "kept", 0));
        assertEquals(List.of(kept), alive.take(T0));
        assertEquals(List.of(), other.take(T0), "both are held");
        Thread.sleep(1500); // more than two leases: the live daemon renewed its own twice or more
        assertEquals(List.of(abandoned), other.take(T0), "the dead daemon's message is taken over; the live one's is not");
    }

    @Test
    void releaseUpdateAndCloseGiveMessagesBackAndBuryKeepsTheReason() throws IOException {
        PgMessageStore a = daemon(connectionsA, Duration.ofMinutes(1));
        PgMessageStore b = daemon(connectionsB, Duration.ofMinutes(1));
        QueuedMessage one = a.add(queued("+46700000001", "one", 0));
        QueuedMessage two = a.add(queued("+46700000002", "two", 0));
        QueuedMessage three = a.add(queued("+46700000003", "three", 0));
        assertEquals(3, a.take(T0).size());
        a.release(one);
        QueuedMessage later = new QueuedMessage(two.id(), two.index(), two.message(), two.created(), 1, T0.plusSeconds(5), "timeout");
        a.update(later);
        assertEquals(List.of(one), b.take(T0), "the released one is free; the updated one is free but not due yet");
        assertEquals(List.of(later), b.take(T0.plusSeconds(5)));
        b.close();
        assertEquals(2, a.take(T0.plusSeconds(5)).size(), "closing gives back what the daemon held");
        a.bury(new QueuedMessage(three.id(), three.index(), three.message(), three.created(), 7, T0, "not sent within retry_max_age"));
        assertEquals(2, a.size());
        assertEquals(List.of("not sent within retry_max_age"), a.deadLetters().stream().map(QueuedMessage::lastReason).toList());
        assertThrows(IllegalStateException.class, () -> PgMessageStore.forCommand(connectionsA).take(T0));
    }

    @Test
    void queueRetryMakesAMessageDueWithoutTakingItFromTheDaemonSendingIt() throws IOException {
        PgMessageStore a = daemon(connectionsA, Duration.ofMinutes(1));
        PgMessageStore b = daemon(connectionsB, Duration.ofMinutes(1));
        QueuedMessage sending = a.add(queued("+46700000001", "being sent by a", 0));
        assertEquals(List.of(sending), a.take(T0));
        PgMessageStore.forCommand(connectionsB).update(new QueuedMessage(sending.id(), sending.index(), sending.message(), sending.created(),
                sending.attempts(), T0, sending.lastReason()));
        assertEquals(List.of(), b.take(T0.plusSeconds(1)), "a still holds it: b would send it a second time");
        a.update(new QueuedMessage(sending.id(), sending.index(), sending.message(), sending.created(), 1, T0, "503"));
        assertEquals(1, b.take(T0.plusSeconds(1)).size(), "a's failed attempt gives it back");
    }
}
