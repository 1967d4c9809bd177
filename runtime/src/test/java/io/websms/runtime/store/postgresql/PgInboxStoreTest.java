package io.websms.runtime.store.postgresql;

import io.websms.api.Message;
import io.websms.runtime.inbox.InboxEntry;
import io.websms.runtime.inbox.InboxStore;
import io.websms.runtime.inbox.InboxStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbox's contract on the PostgreSQL store, in a schema of the test's own in the local PostgreSQL (fails saying
 * how to start it when it is not running); then what only a shared inbox does: each destination's messages are taken
 * by one daemon at a time, and a dead daemon's are taken over when its leases expire.
 */
class PgInboxStoreTest extends InboxStoreContract {

    private TestDatabase db;
    private final List<PgStore> connections = new ArrayList<>();
    private final List<PgInboxStore> opened = new ArrayList<>();

    @BeforeEach
    void schema() {
        db = new TestDatabase();
    }

    @AfterEach
    void drop() {
        opened.forEach(PgInboxStore::close);
        connections.forEach(PgStore::close);
        db.close();
    }

    /** A daemon's connections to the store, its schema brought up to date as websmsd does. */
    private PgStore connections() throws IOException {
        PgStore store = PgStore.open(db.address(), Optional.empty());
        connections.add(store);
        return store;
    }

    private PgInboxStore daemon(Duration lease) throws IOException {
        PgInboxStore store = PgInboxStore.forDaemon(connections(), lease);
        opened.add(store);
        return store;
    }

    @Override
    protected InboxStore open() throws IOException {
        return daemon(Duration.ofMinutes(1));
    }

    private static InboxEntry incoming(String to, String body, int secondsAfterT) {
        return InboxEntry.of("", Message.of(to, "+4915112345678", body), T.plusSeconds(secondsAfterT));
    }

    private static List<String> bodies(InboxStore.Taken taken) {
        return taken.entries().stream().map(e -> e.message().body()).toList();
    }

    @Test
    void twoDaemonsTakingAtOnceNeverTakeTheSameMessageAndEachTakesWholeDestinations() throws Exception {
        PgInboxStore a = daemon(Duration.ofMinutes(1));
        PgInboxStore b = daemon(Duration.ofMinutes(1));
        int messages = 0;
        for (int i = 0; i < 200; i++) {
            a.add(incoming(String.format("+49300000%02d", i % 50), "m" + i, i));
            messages++;
        }
        try (ExecutorService daemons = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 20; round++) {
                List<Future<InboxStore.Taken>> both = new ArrayList<>();
                for (PgInboxStore store : List.of(a, b)) {
                    both.add(daemons.submit((Callable<InboxStore.Taken>) store::take));
                }
                Set<String> ids = new HashSet<>();
                Map<String, Integer> holder = new HashMap<>();
                for (int d = 0; d < 2; d++) {
                    for (InboxEntry entry : both.get(d).get().entries()) {
                        assertTrue(ids.add(entry.id()), "round " + round + ": taken twice: " + entry);
                        Integer other = holder.putIfAbsent(entry.message().to(), d);
                        assertTrue(other == null || other == d, "round " + round + ": " + entry.message().to() + " is delivered to by both daemons");
                    }
                }
                assertEquals(messages, ids.size(), "round " + round + ": every message is taken by one daemon or the other");
                a.release();
                b.release();
            }
        }
    }

    @Test
    void aDaemonKeepsItsDestinationsWithTheMessagesThatCameMeanwhileUntilItReleasesThem() throws IOException {
        PgInboxStore a = daemon(Duration.ofMinutes(1));
        PgInboxStore b = daemon(Duration.ofMinutes(1));
        a.add(incoming("+4930000001", "first", 0));
        assertEquals(List.of("first"), bodies(a.take()));
        b.add(incoming("+4930000001", "second, stored by b", 1));
        b.add(incoming("+4930000002", "to another number", 2));
        InboxStore.Taken byB = b.take();
        assertEquals(List.of("to another number"), bodies(byB), "a delivers to +4930000001: the second waits for a, behind the first");
        assertEquals(3, byB.waiting());
        assertEquals(Optional.of(T), byB.oldest());
        assertEquals(List.of("first", "second, stored by b"), bodies(a.take()));
        a.release();
        assertEquals(List.of("first", "second, stored by b", "to another number"), bodies(b.take()));
        b.close();
        assertEquals(3, a.take().entries().size(), "closing gives back what the daemon held");
    }

    @Test
    void aDeadDaemonsMessagesAreTakenOverWhenItsLeaseExpiresAndALiveOneKeepsItsOwn() throws Exception {
        PgInboxStore dead = PgInboxStore.frozen(connections(), Duration.ofMillis(600));
        PgInboxStore alive = daemon(Duration.ofMillis(600));
        PgInboxStore other = daemon(Duration.ofMinutes(1));
        dead.add(incoming("+4930000001", "abandoned", 0));
        assertEquals(List.of("abandoned"), bodies(dead.take()));
        alive.add(incoming("+4930000002", "kept", 1));
        assertEquals(List.of("kept"), bodies(alive.take()));
        assertEquals(List.of(), other.take().entries(), "both are held");
        Thread.sleep(1500); // more than two leases: the live daemon renewed its own twice or more
        assertEquals(List.of("abandoned"), bodies(other.take()), "the dead daemon's message is taken over; the live one's is not");
        assertEquals(List.of(), dead.take().entries().stream().filter(e -> e.message().body().equals("abandoned")).toList(),
                "a daemon that wakes up after its lease expired does not get it back");
    }

    @Test
    void aDeviceRecordedByTheDaemonStaysRecordedWhenWebsmsInboxRetryWritesWhatItReadBefore() throws IOException {
        PgInboxStore daemon = daemon(Duration.ofMinutes(1));
        InboxEntry stored = daemon.add(incoming("+4930000001", "hello", 0));
        InboxEntry readByCommand = PgInboxStore.forCommand(connections()).list().getFirst();
        daemon.update(daemon.take().entries().getFirst().deliveredTo("sip:alice@10.0.0.5:5060"));
        PgInboxStore.forCommand(connections()).update(readByCommand.dueAt(T.plusSeconds(9)));
        InboxEntry now = daemon.list().getFirst();
        assertEquals(List.of("sip:alice@10.0.0.5:5060"), now.delivered(), "alice's phone never gets the text twice");
        assertEquals(T.plusSeconds(9), now.nextAttempt(), "the retry took effect");
        assertEquals(stored.id(), daemon.take().entries().getFirst().id(), "and the daemon delivering it keeps it");
        assertThrows(IllegalStateException.class, () -> PgInboxStore.forCommand(connections()).take());
    }

    @Test
    void theLeaseOfADestinationWithNoMessageLeftIsForgotten() throws IOException {
        PgInboxStore a = daemon(Duration.ofMinutes(1));
        InboxEntry only = a.add(incoming("+4930000001", "only", 0));
        a.take();
        a.remove(only);
        a.take();
        assertEquals(0, db.number("SELECT count(*) FROM inbox_lease"), "a new message to it may go to any daemon");
    }
}
