package io.websms.runtime.ledger;

import io.websms.api.DeliveryStatus;
import io.websms.api.LogText;
import io.websms.api.Message;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.outbound.SendJournal;
import io.websms.runtime.outbound.WebsmsId;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;

/**
 * Records each outgoing SMS the daemon handles into the message ledger, without making the send wait: the send path
 * puts each event in a bounded queue and goes on; one thread writes what waits, in batches (gathered for 20 ms). A message accepted and
 * sent within one batch is written as one entry with both changes; the changes to messages written before go to the
 * ledger side by side, so that they share its group commit. The dialplan's answer never waits for the disk, so a
 * {@code kill -9} (or a power cut) loses the changes not yet written: those of the last moments, never an SMS.
 * A write that fails, or an event the full queue cannot take, is logged as a WARNING and counted in
 * {@code websms_ledger_failures_total}; the SMS goes on regardless. Thread-safe.
 */
public final class LedgerJournal implements SendJournal, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LedgerJournal.class.getName());
    /** Enough for a minute of the fastest sending seen here; a full queue drops events, never blocks a send. */
    public static final int CAPACITY = 100_000;
    private static final int BATCH = 4096;
    /**
     * How long the writer lets events gather after the first one: one transaction (one {@code fsync}) then holds
     * the events of a busy moment, not one or two each, which would cost the daemon's CPU more than the sends.
     */
    private static final long GATHER_MILLIS = 20;

    private sealed interface Event permits Accepted, Changed, Flush {
        String id();
    }

    private record Accepted(String id, String interfaceIndex, String to, String from, String text, Instant time) implements Event {
    }

    private record Changed(String id, String interfaceIndex, DeliveryStatus status, String itspId, StatusChange change) implements Event {
    }

    /** Done once every event queued before it is written. */
    private record Flush(java.util.concurrent.CountDownLatch done) implements Event {
        @Override
        public String id() {
            return "";
        }
    }

    private final MeteredLedger ledger;
    private final boolean keepBody;
    private final Metrics metrics;
    private final BlockingQueue<Event> queue;
    private final ExecutorService updates = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread writer;
    private volatile boolean closed;

    /**
     * Starts writing into {@code ledger}, keeping each text only when {@code keepBody} ({@code ledger_body}); counts
     * in {@code metrics}. {@link #close} stops it, after writing what waits; it does not close the ledger.
     */
    public LedgerJournal(MeteredLedger ledger, boolean keepBody, Metrics metrics) {
        this(ledger, keepBody, metrics, CAPACITY);
    }

    LedgerJournal(MeteredLedger ledger, boolean keepBody, Metrics metrics, int capacity) {
        this.ledger = ledger;
        this.keepBody = keepBody;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().daemon().name("websms-ledger-journal").start(this::writeLoop);
    }

    /** How many events wait to be written. */
    public int waiting() {
        return queue.size();
    }

    @Override
    public void accepted(String id, String interfaceIndex, Message message, Instant time) {
        offer(new Accepted(id, interfaceIndex, message.to(), message.from(), message.body(), time));
    }

    @Override
    public void changed(String id, String interfaceIndex, DeliveryStatus status, String itspId, String errorCode, String errorText, Instant time) {
        offer(new Changed(id, interfaceIndex, status, itspId == null ? "" : itspId, new StatusChange(time, status, errorCode, errorText)));
    }

    private void offer(Event event) {
        if (closed || !queue.offer(event)) {
            metrics.ledgerFailures().inc("full");
            LOG.log(Level.WARNING, "ledger: not recorded (too many changes wait to be written, or the daemon stops): id={0}",
                    LogText.escape(event.id()));
        }
    }

    /**
     * Waits until every event given before this call is written (or has failed); for tests and for a clean stop.
     *
     * @return false when that took longer than {@code timeoutMillis}
     */
    public boolean flush(long timeoutMillis) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        if (!queue.offer(new Flush(done), timeoutMillis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        return done.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void writeLoop() {
        List<Event> batch = new ArrayList<>();
        while (true) {
            try {
                Event first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                if (!closed && !(first instanceof Flush)) {
                    Thread.sleep(GATHER_MILLIS);
                }
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Never let the writer die: the daemon would record nothing more.
                metrics.ledgerFailures().inc("error");
                LOG.log(Level.WARNING, "ledger: a batch of {0} change(s) was not recorded: {1}", batch.size(), e.toString());
            } finally {
                for (Event event : batch) {
                    if (event instanceof Flush flush) {
                        flush.done().countDown();
                    }
                }
                batch.clear();
            }
        }
    }

    /** One entry being built from the events of one batch. */
    private static final class Fresh {
        private final Accepted accepted;
        private final List<Changed> changes = new ArrayList<>();

        Fresh(Accepted accepted) {
            this.accepted = accepted;
        }
    }

    private void write(List<Event> batch) throws InterruptedException {
        Map<String, Fresh> fresh = new LinkedHashMap<>();
        Map<String, List<Changed>> later = new LinkedHashMap<>();
        for (Event event : batch) {
            switch (event) {
                case Accepted a -> fresh.put(a.id(), new Fresh(a));
                case Changed c -> {
                    Fresh f = fresh.get(c.id());
                    if (f != null) {
                        f.changes.add(c);
                    } else {
                        later.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c);
                    }
                }
                case Flush f -> {
                    // counted down by the loop once the whole batch is written
                }
            }
        }
        List<LedgerEntry> entries = new ArrayList<>(fresh.size());
        for (Fresh f : fresh.values()) {
            entry(f).ifPresent(entries::add);
        }
        record(entries);
        List<Future<?>> running = new ArrayList<>(later.size());
        for (Map.Entry<String, List<Changed>> changes : later.entrySet()) {
            // One task per message keeps its changes in order; the tasks run side by side and share one fsync.
            running.add(updates.submit(() -> update(changes.getKey(), changes.getValue())));
        }
        for (Future<?> task : running) {
            try {
                task.get();
            } catch (ExecutionException e) {
                metrics.ledgerFailures().inc("error");
                LOG.log(Level.WARNING, "ledger: a change was not recorded: {0}", String.valueOf(e.getCause()));
            }
        }
    }

    /** The entry of a message accepted in this batch, with the changes that followed in it; empty for an id that is none. */
    private Optional<LedgerEntry> entry(Fresh f) {
        Accepted a = f.accepted;
        WebsmsId id;
        try {
            id = WebsmsId.parse(a.id());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // every new message has a websms id; nothing else is recorded
        }
        LedgerEntry entry = LedgerEntry.accepted(id, a.interfaceIndex(), a.to(), a.from(), a.text(), keepBody, a.time());
        List<StatusChange> history = new ArrayList<>(entry.history());
        DeliveryStatus status = entry.status();
        Optional<String> itspId = Optional.empty();
        for (Changed c : f.changes) {
            if (!history.contains(c.change())) {
                history.add(c.change());
            }
            if (c.status().supersedes(status)) {
                status = c.status();
            }
            if (!c.itspId().isEmpty()) {
                itspId = Optional.of(c.itspId());
            }
        }
        return Optional.of(new LedgerEntry(id, entry.interfaceIndex(), entry.to(), entry.from(), entry.characters(), entry.segments(),
                entry.body(), itspId, entry.created(), status, history));
    }

    private void record(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            ledger.recordAll(entries);
        } catch (IOException | RuntimeException all) {
            // All or none: try each alone, so that one bad entry (an id already there) costs only itself.
            for (LedgerEntry entry : entries) {
                try {
                    ledger.record(entry);
                } catch (IOException | RuntimeException e) {
                    metrics.ledgerFailures().inc("error");
                    LOG.log(Level.WARNING, "ledger: message not recorded: id={0} reason={1}", entry.id(), LogText.escape(String.valueOf(e.getMessage())));
                }
            }
        }
    }

    private void update(String text, List<Changed> changes) {
        WebsmsId id;
        try {
            id = WebsmsId.parse(text);
        } catch (IllegalArgumentException e) {
            return; // an outbox message from before websms ids: never in the ledger
        }
        for (Changed c : changes) {
            try {
                if (!c.itspId().isEmpty()) {
                    ledger.setItspId(id, c.interfaceIndex(), c.itspId());
                }
                ledger.update(id, c.interfaceIndex(), c.change());
            } catch (NoSuchElementException e) {
                // Accepted before the daemon kept a ledger (an outbox message from before), or pruned meanwhile.
                metrics.ledgerFailures().inc("unknown");
                LOG.log(Level.INFO, "ledger: no entry for id={0}, status={1} not recorded (accepted before the ledger, or pruned)",
                        id, c.status().wireName());
                return;
            } catch (IOException | RuntimeException e) {
                metrics.ledgerFailures().inc("error");
                LOG.log(Level.WARNING, "ledger: status not recorded: id={0} status={1} reason={2}", id, c.status().wireName(),
                        LogText.escape(String.valueOf(e.getMessage())));
            }
        }
    }

    /** Writes what waits (for at most 10 seconds), then stops; the ledger stays open. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
        updates.close();
    }
}
