package io.websms.runtime.ledger;

import io.websms.api.DeliveryStatus;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.outbound.WebsmsId;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A ledger that counts what is written to it: {@code websms_delivery_total{interface,status}} for every status
 * change reported, and {@code websms_delivery_seconds{interface}} (from the time in the websms id, when websms
 * accepted the message, to the report) for each message that became {@code delivered} (once, however often the
 * report repeats). Whoever records (the send path, status callbacks)
 * goes through it, so the figures count each change once. Otherwise the ledger it wraps, unchanged.
 */
public final class MeteredLedger implements MessageLedger {

    private final MessageLedger ledger;
    private final Metrics metrics;

    public MeteredLedger(MessageLedger ledger, Metrics metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /** The ledger written to. */
    public MessageLedger unwrap() {
        return ledger;
    }

    @Override
    public void record(LedgerEntry accepted) throws IOException {
        ledger.record(accepted);
        counted(accepted);
    }

    @Override
    public void recordAll(Collection<LedgerEntry> entries) throws IOException {
        List<LedgerEntry> all = List.copyOf(entries);
        ledger.recordAll(all);
        all.forEach(this::counted);
    }

    private void counted(LedgerEntry entry) {
        for (StatusChange change : entry.history()) {
            count(entry.id(), entry.interfaceIndex(), change, entry.status() == DeliveryStatus.DELIVERED);
        }
    }

    @Override
    public boolean update(WebsmsId id, StatusChange change) throws IOException {
        boolean changed = ledger.update(id, change);
        // The interface is the entry's: one read of an indexed row, after the write.
        count(id, ledger.byId(id).map(LedgerEntry::interfaceIndex).orElse(""), change, changed);
        return changed;
    }

    /** {@link #update(WebsmsId, StatusChange)} for a caller who knows the message's interface, without reading it. */
    public boolean update(WebsmsId id, String interfaceIndex, StatusChange change) throws IOException {
        boolean changed = ledger.update(id, change);
        count(id, interfaceIndex, change, changed);
        return changed;
    }

    /** Counts {@code change}; observes the time to it when it made the message delivered ({@code became}). */
    private void count(WebsmsId id, String interfaceIndex, StatusChange change, boolean became) {
        String label = Metrics.interfaceLabel(interfaceIndex);
        metrics.delivery().inc(label, change.status().wireName());
        if (became && change.status() == DeliveryStatus.DELIVERED) {
            Duration taken = Duration.between(id.time(), change.time());
            metrics.deliverySeconds().labels(label).observe(Math.max(0, taken.toMillis()) / 1000.0);
        }
    }

    @Override
    public void setItspId(WebsmsId id, String interfaceIndex, String itspId) throws IOException {
        ledger.setItspId(id, interfaceIndex, itspId);
    }

    @Override
    public Optional<LedgerEntry> byId(WebsmsId id) throws IOException {
        return ledger.byId(id);
    }

    @Override
    public Optional<LedgerEntry> byItspId(String interfaceIndex, String itspId) throws IOException {
        return ledger.byItspId(interfaceIndex, itspId);
    }

    @Override
    public List<LedgerEntry> find(Query query) throws IOException {
        return ledger.find(query);
    }

    @Override
    public long prune(Instant olderThan) throws IOException {
        return ledger.prune(olderThan);
    }

    @Override
    public void close() throws IOException {
        ledger.close();
    }
}
