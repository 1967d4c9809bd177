package io.websms.runtime.delivery;

import io.websms.api.DeliveryStatus;
import io.websms.api.Message;
import io.websms.runtime.ledger.StatusChange;
import io.websms.runtime.outbound.SendJournal;
import io.websms.runtime.outbound.WebsmsId;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.NoSuchElementException;

/**
 * The outbox's journal: what it reports goes to the daemon's journal as any send's, except the end of a message that
 * did not go (rejected or failed after it was queued, or expired), which goes through {@link Deliveries} so that the
 * sender is told, once, as a status callback would tell them. The dialplan heard {@code QUEUED} for these messages,
 * so nobody else will. When the notice cannot be given (the ledger has no entry yet, a write failed), the change is
 * still recorded through the journal and the failure logged: the outbox never waits on it.
 */
public final class OutboxOutcomes implements SendJournal {

    private static final System.Logger LOG = System.getLogger(OutboxOutcomes.class.getName());

    private final SendJournal journal;
    private final Deliveries deliveries;

    public OutboxOutcomes(SendJournal journal, Deliveries deliveries) {
        this.journal = journal;
        this.deliveries = deliveries;
    }

    @Override
    public void accepted(String id, String interfaceIndex, Message message, Instant time) {
        journal.accepted(id, interfaceIndex, message, time);
    }

    @Override
    public void changed(String id, String interfaceIndex, DeliveryStatus status, String itspId, String errorCode, String errorText,
                        Instant time) {
        if (status.isFailure()) {
            try {
                deliveries.apply(WebsmsId.parse(id), new StatusChange(time, status, errorCode, errorText), true);
                return;
            } catch (IOException | NoSuchElementException | IllegalArgumentException e) {
                LOG.log(Level.WARNING, "outbox: {0} is {1}, but the sender could not be told ({2}); recorded without a notice",
                        id, status.wireName(), e.getMessage());
            }
        }
        journal.changed(id, interfaceIndex, status, itspId, errorCode, errorText, time);
    }
}
