package io.websms.runtime.ledger;

import io.websms.runtime.outbound.WebsmsId;
import io.websms.api.DeliveryStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static io.websms.api.DeliveryStatus.ACCEPTED;
import static io.websms.api.DeliveryStatus.DELIVERED;
import static io.websms.api.DeliveryStatus.FAILED;
import static io.websms.api.DeliveryStatus.QUEUED;
import static io.websms.api.DeliveryStatus.SENT;
import static io.websms.api.DeliveryStatus.UNDELIVERED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link MessageLedger} store does (the contract in its javadoc), run against each: the local SQLite file
 * ({@code SqliteLedgerTest}) and the shared PostgreSQL store ({@code PgLedgerTest}), which add what only they do.
 */
public abstract class MessageLedgerContract {

    protected static final Instant T0 = Instant.parse("2026-11-23T10:00:00.000Z");

    /** The ledger under test, on a store of this test's own, empty at first; opened again on the same store, as after a restart. */
    protected abstract MessageLedger open() throws IOException;

    /** How the ledger names itself in its messages: {@code the ledger <file>}, {@code the ledger in <store>}. */
    protected abstract String where();

    /** How many history rows (status changes) the store holds, counted beside the ledger, as an admin would. */
    protected abstract long historyRows() throws Exception;

    protected static LedgerEntry entry(Instant created, String to, String from) {
        return LedgerEntry.accepted(WebsmsId.at(created), "", to, from, "Your code is 1234", false, created);
    }
    @Test
    void anEntryReadBackIsTheOneRecorded() throws Exception {
        try (MessageLedger ledger = open()) {
            LedgerEntry withBody = LedgerEntry.accepted(WebsmsId.next(), "2", "+12025550183", "+15017122661", "Grüße 😀", true,
                    Instant.parse("2026-11-23T10:15:30.123456Z"));
            LedgerEntry withoutBody = LedgerEntry.accepted(WebsmsId.next(), "", "+12025550183", "+15017122661", "Grüße 😀", false, T0);
            ledger.record(withBody);
            ledger.record(withoutBody);
            LedgerEntry read = ledger.byId(withBody.id()).orElseThrow();
            assertEquals(withBody, read);
            assertEquals(Optional.of("Grüße 😀"), read.body(), "ledger_body = yes keeps the text");
            assertEquals(7, read.characters());
            assertEquals(1, read.segments());
            assertEquals(Instant.parse("2026-11-23T10:15:30.123Z"), read.created(), "kept to the millisecond");
            assertEquals(List.of(StatusChange.of(read.created(), ACCEPTED)), read.history());
            assertEquals(Optional.empty(), ledger.byId(withoutBody.id()).orElseThrow().body(), "ledger_body = no keeps only the length");
            assertEquals(Optional.empty(), ledger.byId(WebsmsId.next()));
        }
    }

    @Test
    void theStatusNeverMovesBackwardsAndEveryReportIsKeptInTheHistory() throws Exception {
        try (MessageLedger ledger = open()) {
            LedgerEntry entry = entry(T0, "+12025550183", "+15017122661");
            ledger.record(entry);
            WebsmsId id = entry.id();
            assertTrue(ledger.update(id, StatusChange.of(T0.plusMillis(10), QUEUED)));
            assertTrue(ledger.update(id, StatusChange.of(T0.plusSeconds(1), SENT)));
            assertTrue(ledger.update(id, StatusChange.of(T0.plusSeconds(5), DELIVERED)));
            assertFalse(ledger.update(id, StatusChange.of(T0.plusSeconds(2), SENT)), "a late sent after delivered");
            assertFalse(ledger.update(id, new StatusChange(T0.plusSeconds(6), FAILED, "30008", "Unknown error")),
                    "a later final report does not replace the first");
            assertFalse(ledger.update(id, StatusChange.of(T0.plusSeconds(5), DELIVERED)), "the same report again");
            LedgerEntry read = ledger.byId(id).orElseThrow();
            assertEquals(DELIVERED, read.status());
            assertEquals(List.of(StatusChange.of(T0, ACCEPTED), StatusChange.of(T0.plusMillis(10), QUEUED),
                    StatusChange.of(T0.plusSeconds(1), SENT), StatusChange.of(T0.plusSeconds(5), DELIVERED),
                    StatusChange.of(T0.plusSeconds(2), SENT), new StatusChange(T0.plusSeconds(6), FAILED, "30008", "Unknown error")),
                    read.history(), "in the order learned, the repeat once");
        }
    }

    @Test
    void aFinalFailureWithItsErrorIsTheStateAndAStepMayBeSkipped() throws Exception {
        try (MessageLedger ledger = open()) {
            LedgerEntry entry = entry(T0, "+12025550183", "+15017122661");
            ledger.record(entry);
            assertTrue(ledger.update(entry.id(), new StatusChange(T0.plusSeconds(3), UNDELIVERED, "30007", "Message filtered")));
            assertFalse(ledger.update(entry.id(), StatusChange.of(T0.plusSeconds(1), SENT)), "sent arrives after undelivered");
            LedgerEntry read = ledger.byId(entry.id()).orElseThrow();
            assertEquals(UNDELIVERED, read.status());
            assertEquals("30007", read.history().get(1).errorCode());
            assertEquals("Message filtered", read.history().get(1).errorText());
        }
    }

    @Test
    void anUnknownIdOrADuplicateIsRefusedAndChangesNothing() throws Exception {
        try (MessageLedger ledger = open()) {
            LedgerEntry entry = entry(T0, "+12025550183", "+15017122661");
            ledger.record(entry);
            WebsmsId unknown = WebsmsId.parse("01ARZ3NDEKTSV4RRFFQ69G5FAV");
            assertEquals("no message 01ARZ3NDEKTSV4RRFFQ69G5FAV in the ledger (never recorded, or pruned)",
                    assertThrows(NoSuchElementException.class, () -> ledger.update(unknown, StatusChange.of(T0, SENT))).getMessage());
            assertThrows(NoSuchElementException.class, () -> ledger.setItspId(unknown, "", "SM1"));
            LedgerEntry again = LedgerEntry.accepted(entry.id(), "", "+1999", "+1888", "other", false, T0);
            assertEquals("the websms id " + entry.id() + " is already in the ledger",
                    assertThrows(IllegalArgumentException.class, () -> ledger.record(again)).getMessage());
            LedgerEntry other = entry(T0.plusSeconds(1), "+1777", "+1666");
            assertThrows(IllegalArgumentException.class, () -> ledger.recordAll(List.of(other, again)));
            assertEquals(Optional.empty(), ledger.byId(other.id()), "all or none");
            assertEquals(entry, ledger.byId(entry.id()).orElseThrow());
            assertEquals(1, ledger.find(Query.newest(10)).size());
        }
    }

    @Test
    void anItspIdIsFoundOnItsInterface() throws Exception {
        try (MessageLedger ledger = open()) {
            LedgerEntry one = LedgerEntry.accepted(WebsmsId.at(T0), "1", "+12025550183", "+15017122661", "a", false, T0);
            LedgerEntry two = LedgerEntry.accepted(WebsmsId.at(T0.plusSeconds(1)), "2", "+12025550183", "+15017122661", "b", false, T0.plusSeconds(1));
            LedgerEntry reused = LedgerEntry.accepted(WebsmsId.at(T0.plusSeconds(2)), "1", "+12025550184", "+15017122661", "c", false, T0.plusSeconds(2));
            ledger.recordAll(List.of(one, two, reused));
            ledger.setItspId(one.id(), "1", "SM123");
            ledger.setItspId(two.id(), "2", "SM123");
            assertEquals(one.id(), ledger.byItspId("1", "SM123").orElseThrow().id());
            assertEquals(Optional.of("SM123"), ledger.byItspId("1", "SM123").orElseThrow().itspId());
            assertEquals(two.id(), ledger.byItspId("2", "SM123").orElseThrow().id());
            assertEquals(Optional.empty(), ledger.byItspId("3", "SM123"), "another interface's ITSP");
            assertEquals(Optional.empty(), ledger.byItspId("1", "SM999"));
            ledger.setItspId(reused.id(), "1", "SM123");
            assertEquals(reused.id(), ledger.byItspId("1", "SM123").orElseThrow().id(), "a reused ITSP id finds the newest message");
            assertEquals(List.of(reused.id(), two.id(), one.id()),
                    ledger.find(Query.newest(10).itspId("SM123")).stream().map(LedgerEntry::id).toList(), "every interface");
        }
    }

    @Test
    void findMatchesNumbersAndTimesNewestFirstUpToTheLimit() throws Exception {
        try (MessageLedger ledger = open()) {
            List<LedgerEntry> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                all.add(entry(T0.plus(Duration.ofMinutes(i)), i % 3 == 0 ? "+12025550100" : "+12025550199", i % 2 == 0 ? "+15017122661" : "+15017122662"));
            }
            ledger.recordAll(all);
            List<LedgerEntry> toFirst = ledger.find(Query.newest(100).to("+12025550100"));
            assertEquals(List.of(27, 24, 21, 18, 15, 12, 9, 6, 3, 0), minutes(toFirst));
            assertEquals(List.of(27, 24, 21), minutes(ledger.find(Query.newest(3).to("+12025550100"))), "the last 3");
            assertEquals(List.of(29, 27, 25), minutes(ledger.find(Query.newest(3).from("+15017122662"))));
            assertEquals(List.of(27, 21, 15), minutes(ledger.find(Query.newest(3).to("+12025550100").from("+15017122662"))));
            assertEquals(List.of(14, 13, 12, 11, 10), minutes(ledger.find(Query.newest(100).since(T0.plus(Duration.ofMinutes(10)))
                    .until(T0.plus(Duration.ofMinutes(15))))), "since inclusive, until exclusive");
            assertEquals(List.of(29, 28), minutes(ledger.find(Query.newest(2))));
            assertEquals(List.of(), ledger.find(Query.newest(5).to("+10000000000")));
            LedgerEntry first = toFirst.getLast();
            assertEquals(all.getFirst(), first, "each with its whole entry");
        }
        assertEquals("a ledger query returns at least 1 entry, not 0",
                assertThrows(IllegalArgumentException.class, () -> Query.newest(0)).getMessage());
    }

    private static List<Integer> minutes(List<LedgerEntry> entries) {
        return entries.stream().map(e -> (int) Duration.between(T0, e.created()).toMinutes()).toList();
    }

    @Test
    void pruneRemovesOldEntriesWithTheirHistory() throws Exception {
        try (MessageLedger ledger = open()) {
            List<LedgerEntry> all = new ArrayList<>();
            for (int i = 0; i < 12_000; i++) {
                all.add(entry(T0.plus(Duration.ofMinutes(i)), "+12025550100", "+15017122661"));
            }
            ledger.recordAll(all);
            for (LedgerEntry entry : all.subList(0, 100)) {
                ledger.update(entry.id(), StatusChange.of(entry.created().plusSeconds(1), SENT));
            }
            Instant cut = T0.plus(Duration.ofMinutes(11_000));
            assertEquals(11_000, ledger.prune(cut), "in more than one step");
            assertEquals(0, ledger.prune(cut));
            assertEquals(Optional.empty(), ledger.byId(all.getFirst().id()));
            assertEquals(all.get(11_000), ledger.byId(all.get(11_000).id()).orElseThrow());
            assertEquals(1000, ledger.find(Query.newest(5000)).size());
        }
        assertEquals(1000, historyRows(), "their history went with them");
    }

    @Test
    void everythingIsThereAfterARestart() throws Exception {
        LedgerEntry entry = entry(T0, "+12025550183", "+15017122661");
        try (MessageLedger ledger = open()) {
            ledger.record(entry);
            ledger.setItspId(entry.id(), entry.interfaceIndex(), "SM42");
            ledger.update(entry.id(), StatusChange.of(T0.plusSeconds(1), SENT));
        }
        try (MessageLedger ledger = open()) {
            LedgerEntry read = ledger.byItspId("", "SM42").orElseThrow();
            assertEquals(entry.id(), read.id());
            assertEquals(SENT, read.status());
            assertEquals(2, read.history().size());
            assertTrue(ledger.update(entry.id(), StatusChange.of(T0.plusSeconds(2), DELIVERED)));
        }
        try (MessageLedger ledger = open()) {
            assertEquals(DELIVERED, ledger.byId(entry.id()).orElseThrow().status());
        }
    }

    @Test
    void aClosedLedgerSaysSo() throws Exception {
        MessageLedger ledger = open();
        ledger.close();
        ledger.close();
        assertEquals(where() + " is closed", assertThrows(IOException.class, () -> ledger.record(entry(T0, "+1", "+2"))).getMessage());
        assertEquals(where() + " is closed", assertThrows(IOException.class, () -> ledger.byId(WebsmsId.next())).getMessage());
    }

    @Test
    void manyThreadsRecordAndUpdateAtOnceAndExactlyOneReportWinsEachRace() throws Exception {
        int threads = 8;
        int perThread = 150;
        try (MessageLedger ledger = open()) {
            ConcurrentLinkedQueue<LedgerEntry> recorded = new ConcurrentLinkedQueue<>();
            try (var pool = Executors.newFixedThreadPool(threads)) {
                for (int t = 0; t < threads; t++) {
                    String to = "+1202555010" + t;
                    pool.execute(() -> {
                        for (int i = 0; i < perThread; i++) {
                            LedgerEntry entry = LedgerEntry.accepted(WebsmsId.next(), "", to, "+15017122661", "text " + i, false, Instant.now());
                            try {
                                ledger.record(entry);
                                ledger.setItspId(entry.id(), "", "SM-" + entry.id());
                                ledger.update(entry.id(), StatusChange.of(Instant.now(), SENT));
                                recorded.add(entry);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    });
                }
            }
            assertEquals(threads * perThread, recorded.size());
            for (LedgerEntry entry : recorded) {
                LedgerEntry read = ledger.byItspId("", "SM-" + entry.id()).orElseThrow();
                assertEquals(SENT, read.status());
                assertEquals(List.of(ACCEPTED, SENT), read.history().stream().map(StatusChange::status).toList());
            }
            for (int t = 0; t < threads; t++) {
                assertEquals(perThread, ledger.find(Query.newest(1000).to("+1202555010" + t)).size());
            }

            // Eight callbacks for the same message at once, each a final report: one becomes the state.
            List<LedgerEntry> some = recorded.stream().limit(40).toList();
            AtomicInteger changed = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<DeliveryStatus> finals = List.of(DELIVERED, UNDELIVERED, FAILED, DELIVERED, DELIVERED, FAILED, UNDELIVERED, DELIVERED);
            try (var pool = Executors.newFixedThreadPool(threads)) {
                for (int t = 0; t < threads; t++) {
                    int report = t;
                    pool.execute(() -> {
                        try {
                            start.await();
                            for (LedgerEntry entry : some) {
                                if (ledger.update(entry.id(), new StatusChange(Instant.now(), finals.get(report), "", "report " + report))) {
                                    changed.incrementAndGet();
                                }
                            }
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
                start.countDown();
            }
            assertEquals(some.size(), changed.get(), "exactly one change per message");
            for (LedgerEntry entry : some) {
                LedgerEntry read = ledger.byId(entry.id()).orElseThrow();
                assertEquals(2 + threads, read.history().size());
                assertEquals(read.history().get(2).status(), read.status(), "the first final report learned is the state");
            }
        }
    }
}
