package io.websms.runtime.ledger;

import io.websms.api.Message;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.outbound.WebsmsId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.websms.api.DeliveryStatus.ACCEPTED;
import static io.websms.api.DeliveryStatus.DELIVERED;
import static io.websms.api.DeliveryStatus.QUEUED;
import static io.websms.api.DeliveryStatus.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal between the send path and the ledger: what it writes, and that nothing it meets stops a send. */
class LedgerJournalTest {

    @TempDir
    Path dir;

    private static final Message SMS = Message.of("+12025550183", "+15017122661", "Your code is 1234");

    @Test
    void eachSendBecomesOneEntryWithItsHistoryItspIdAndCounts() throws Exception {
        Metrics metrics = new Metrics();
        try (SqliteLedger file = SqliteLedger.open(dir.resolve("ledger.db"));
             LedgerJournal journal = new LedgerJournal(new MeteredLedger(file, metrics), false, metrics)) {
            WebsmsId sent = WebsmsId.next();
            WebsmsId queued = WebsmsId.next();
            Instant t0 = Instant.now();
            journal.accepted(sent.toString(), "2", SMS, t0);
            journal.changed(sent.toString(), "2", SENT, "SM123", "", "", t0.plusMillis(5));
            journal.accepted(queued.toString(), "", SMS, t0);
            journal.changed(queued.toString(), "", QUEUED, "", "", "HTTP 503", t0.plusMillis(7));
            assertTrue(journal.flush(10_000));
            // later, in a batch of its own: an update of an entry already written
            journal.changed(queued.toString(), "", SENT, "SM124", "", "", t0.plusMillis(2000));
            journal.changed(sent.toString(), "2", DELIVERED, "", "", "", t0.plusMillis(3000));
            assertTrue(journal.flush(10_000));

            LedgerEntry first = file.byId(sent).orElseThrow();
            assertEquals(List.of(ACCEPTED, SENT, DELIVERED), first.history().stream().map(StatusChange::status).toList());
            assertEquals(DELIVERED, first.status());
            assertEquals(Optional.of("SM123"), first.itspId());
            assertEquals(Optional.empty(), first.body(), "ledger_body = no keeps no text");
            assertEquals(17, first.characters());
            LedgerEntry second = file.byId(queued).orElseThrow();
            assertEquals(List.of(ACCEPTED, QUEUED, SENT), second.history().stream().map(StatusChange::status).toList());
            assertEquals("HTTP 503", second.history().get(1).errorText());
            assertEquals(Optional.of("SM124"), second.itspId());
            assertEquals(Optional.of(second), file.byItspId("", "SM124"));

            String scrape = metrics.scrape();
            assertTrue(scrape.contains("websms_delivery_total{interface=\"2\",status=\"accepted\"} 1"), scrape);
            assertTrue(scrape.contains("websms_delivery_total{interface=\"-\",status=\"sent\"} 1"), scrape);
            assertTrue(scrape.contains("websms_delivery_total{interface=\"2\",status=\"delivered\"} 1"), scrape);
            assertTrue(scrape.contains("websms_delivery_seconds_count{interface=\"2\"} 1"), scrape);
        }
    }

    @Test
    void aLedgerThatFailsCostsOnlyItsRecordsAndIsCounted() throws Exception {
        Metrics metrics = new Metrics();
        SqliteLedger file = SqliteLedger.open(dir.resolve("ledger.db"));
        file.close(); // every write now throws IOException
        try (LedgerJournal journal = new LedgerJournal(new MeteredLedger(file, metrics), false, metrics)) {
            WebsmsId id = WebsmsId.next();
            journal.accepted(id.toString(), "", SMS, Instant.now());
            journal.changed(id.toString(), "", SENT, "", "", "", Instant.now());
            assertTrue(journal.flush(10_000));
            journal.changed(WebsmsId.next().toString(), "", SENT, "", "", "", Instant.now());
            assertTrue(journal.flush(10_000));
        }
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("websms_ledger_failures_total{reason=\"error\"} 2"), scrape);
    }

    @Test
    void aFullQueueDropsTheRecordNotTheSend() throws Exception {
        Metrics metrics = new Metrics();
        BlockingLedger blocked = new BlockingLedger();
        try (LedgerJournal journal = new LedgerJournal(new MeteredLedger(blocked, metrics), false, metrics, 2)) {
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                journal.accepted(WebsmsId.next().toString(), "", SMS, Instant.now());
            }
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "the sends never wait for the ledger");
            String scrape = metrics.scrape();
            assertTrue(scrape.matches("(?s).*websms_ledger_failures_total\\{reason=\"full\"} [7-9].*"), scrape);
            blocked.release();
        }
    }

    /** A ledger whose writes hang until released: a disk that stalls. */
    private static final class BlockingLedger implements MessageLedger {
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        void release() {
            released.countDown();
        }

        private void stall() throws IOException {
            try {
                released.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void record(LedgerEntry accepted) throws IOException {
            stall();
        }

        @Override
        public boolean update(WebsmsId id, StatusChange change) throws IOException {
            stall();
            return true;
        }

        @Override
        public void setItspId(WebsmsId id, String interfaceIndex, String itspId) throws IOException {
            stall();
        }

        @Override
        public Optional<LedgerEntry> byId(WebsmsId id) {
            return Optional.empty();
        }

        @Override
        public Optional<LedgerEntry> byItspId(String interfaceIndex, String itspId) {
            return Optional.empty();
        }

        @Override
        public List<LedgerEntry> find(Query query) {
            return List.of();
        }

        @Override
        public long prune(Instant olderThan) {
            return 0;
        }

        @Override
        public void close() {
        }
    }

}
