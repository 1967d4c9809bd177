package io.websms.runtime.store.postgresql;

import io.websms.api.DeliveryStatus;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.MessageLedger;
import io.websms.runtime.ledger.MessageLedgerContract;
import io.websms.runtime.ledger.StatusChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static io.websms.api.DeliveryStatus.ACCEPTED;
import static io.websms.api.DeliveryStatus.DELIVERED;
import static io.websms.api.DeliveryStatus.FAILED;
import static io.websms.api.DeliveryStatus.SENT;
import static io.websms.api.DeliveryStatus.UNDELIVERED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's contract on the PostgreSQL store, in a schema of the test's own in the local PostgreSQL (fails saying
 * how to start it when it is not running); then what only a shared store does: two daemons on one ledger.
 */
class PgLedgerTest extends MessageLedgerContract {

    private TestDatabase db;

    @BeforeEach
    void schema() {
        db = new TestDatabase();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Override
    protected MessageLedger open() throws IOException {
        return PgLedger.open(db.address(), Optional.empty());
    }

    @Override
    protected String where() {
        return "the ledger in " + db.address();
    }

    @Override
    protected long historyRows() {
        return db.number("SELECT count(*) FROM ledger_status_change");
    }

    @Test
    void twoDaemonsShareEveryEntryAndOfTheirRacingReportsOneMovesTheStateNeverBack() throws Exception {
        try (PgLedger a = PgLedger.open(db.address(), Optional.empty()); PgLedger b = PgLedger.open(db.address(), Optional.empty())) {
            List<LedgerEntry> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                sent.add(entry(T0.plus(Duration.ofSeconds(i)), "+12025550183", "+15017122661"));
            }
            a.recordAll(sent);
            for (LedgerEntry entry : sent) {
                a.setItspId(entry.id(), "", "SM" + entry.id());
                assertTrue(a.update(entry.id(), StatusChange.of(entry.created().plusMillis(300), SENT)));
            }
            LedgerEntry first = sent.getFirst();
            assertEquals(first.id(), b.byItspId("", "SM" + first.id()).orElseThrow().id(), "a callback to the other daemon finds the message");

            // Each message gets a final report from eight callbacks at once, half of them to each daemon, and a late sent.
            List<DeliveryStatus> finals = List.of(DELIVERED, UNDELIVERED, FAILED, DELIVERED, DELIVERED, FAILED, UNDELIVERED, DELIVERED);
            AtomicInteger changed = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            try (var callbacks = Executors.newFixedThreadPool(finals.size())) {
                for (int t = 0; t < finals.size(); t++) {
                    MessageLedger daemon = t % 2 == 0 ? a : b;
                    int report = t;
                    callbacks.execute(() -> {
                        try {
                            start.await();
                            for (LedgerEntry entry : sent) {
                                if (daemon.update(entry.id(), new StatusChange(Instant.now(), finals.get(report), "", "report " + report))) {
                                    changed.incrementAndGet();
                                }
                                if (daemon.update(entry.id(), StatusChange.of(entry.created().plusMillis(300), SENT))) {
                                    changed.incrementAndGet(); // the same sent again: never a change
                                }
                            }
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
                start.countDown();
            }
            assertEquals(sent.size(), changed.get(), "exactly one change per message, whichever daemon took it");
            for (LedgerEntry entry : sent) {
                LedgerEntry read = b.byId(entry.id()).orElseThrow();
                assertEquals(List.of(ACCEPTED, SENT), read.history().subList(0, 2).stream().map(StatusChange::status).toList());
                assertEquals(2 + finals.size(), read.history().size(), "every report once, the repeated sent not again");
                assertEquals(read.history().get(2).status(), read.status(), "the first final report learned is the state");
            }
            assertEquals(sent.size(), db.number("SELECT count(*) FROM ledger_message WHERE status IN ('delivered', 'undelivered', 'failed') "
                    + "AND created >= timestamptz '2026-11-23 10:00:00Z'"), "statuses by their names and times as timestamps, for an admin's psql");
        }
    }

    @Test
    void aReaderChangesNothingAndAStoreNoDaemonHasUsedSaysSo() throws Exception {
        IOException none = assertThrows(IOException.class, () -> PgLedger.openReadOnly(db.address(), Optional.empty()));
        assertEquals("the store " + db.address() + " holds no message ledger yet: websmsd creates it there when it first starts with store = "
                + db.address(), none.getMessage());
        assertEquals(0, db.number("SELECT count(*) FROM pg_tables WHERE schemaname = '" + db.schema + "'"), "no table created");

        LedgerEntry entry = entry(T0, "+12025550183", "+15017122661");
        try (PgLedger daemon = PgLedger.open(db.address(), Optional.empty());
             PgLedger reader = PgLedger.openReadOnly(db.address(), Optional.empty())) {
            daemon.record(entry);
            assertEquals(Optional.of(entry), reader.byId(entry.id()));
            daemon.update(entry.id(), StatusChange.of(T0.plusSeconds(1), SENT));
            assertEquals(SENT, reader.byId(entry.id()).orElseThrow().status());
            assertEquals("the ledger in " + db.address() + " is open for reading only",
                    assertThrows(IOException.class, () -> reader.update(entry.id(), StatusChange.of(T0, DELIVERED))).getMessage());
            assertThrows(IOException.class, () -> reader.record(entry(T0.plusSeconds(5), "+1", "+2")));
            assertThrows(IOException.class, () -> reader.prune(Instant.now()));
        }
    }

    @Test
    void aStoreThatCannotBeReachedSaysSo() {
        IOException down = assertThrows(IOException.class, () -> PgLedger.openReadOnly(
                io.websms.runtime.store.StoreAddress.parse("postgresql://websms@127.0.0.1:1/websms"), Optional.of("s3cret")));
        assertTrue(down.getMessage().startsWith("the store postgresql://websms@127.0.0.1:1/websms failed: Connection to 127.0.0.1:1 refused"),
                down.getMessage());
        assertTrue(!down.getMessage().contains("s3cret"), "no password in it");
    }
}
