package io.websms.runtime.delivery;

import io.websms.api.LogText;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.MessageLedger;
import io.websms.runtime.ledger.StatusChange;
import io.websms.runtime.outbound.WebsmsId;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.NoSuchElementException;

/**
 * Applies what becomes of outgoing messages to the ledger: a status report from an ITSP's callback, or a change
 * websms itself makes later (the outbox giving up: {@code expired}). Thread-safe.
 *
 * <p>Changes to one message are applied one at a time (a lock per message, striped), so that of two callbacks racing
 * for the same message exactly one sees the state change.
 */
public final class Deliveries {

    private static final System.Logger LOG = System.getLogger(Deliveries.class.getName());

    /** What one report did. */
    public enum Outcome {
        /** It is in the history now; {@link #stateChanged} says whether it became the current status. */
        APPLIED,
        /** The same report is in the history already (a repeated callback): nothing changed. */
        DUPLICATE
    }

    /**
     * The result of {@link #apply}.
     *
     * @param outcome      applied or duplicate
     * @param stateChanged whether the report became the message's current status
     */
    public record Result(Outcome outcome, boolean stateChanged) {
    }

    private static final int STRIPES = 64;

    private final MessageLedger ledger;
    private final Object[] locks = new Object[STRIPES];

    public Deliveries(MessageLedger ledger) {
        this.ledger = ledger;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** The ledger changes go to. */
    public MessageLedger ledger() {
        return ledger;
    }

    /**
     * Adds {@code change} to the history of message {@code id} unless the same report is there already, and makes it
     * the current status when it ranks higher.
     *
     * <p>A report is the same as one in the history when time, status, error code and text are equal; a report
     * whose time the ITSP did not give ({@code timeGiven} false: websms stamped it on arrival) is the same as one with
     * equal status, code and text at any time, since a repeated callback would otherwise get a new time each time.
     *
     * @throws NoSuchElementException when the ledger has no message {@code id}
     * @throws IOException            when the ledger cannot be read or written; nothing changed then
     */
    public Result apply(WebsmsId id, StatusChange change, boolean timeGiven) throws IOException {
        synchronized (locks[Math.floorMod(id.hashCode(), STRIPES)]) {
            LedgerEntry entry = ledger.byId(id).orElseThrow(() -> new NoSuchElementException("no message " + id + " in the ledger"));
            if (isRepeat(entry, change, timeGiven)) {
                return new Result(Outcome.DUPLICATE, false);
            }
            boolean changed = ledger.update(id, change);
            if (changed) {
                LOG.log(Level.INFO, "status id={0} interface={1} status={2} error_code={3}", id, entry.interfaceIndex().isEmpty() ? "-" : entry.interfaceIndex(),
                        change.status().wireName(), change.errorCode().isEmpty() ? "-" : LogText.escape(change.errorCode()));
            }
            return new Result(Outcome.APPLIED, changed);
        }
    }

    private static boolean isRepeat(LedgerEntry entry, StatusChange change, boolean timeGiven) {
        for (StatusChange known : entry.history()) {
            if (timeGiven ? known.equals(change)
                    : known.status() == change.status() && known.errorCode().equals(change.errorCode()) && known.errorText().equals(change.errorText())) {
                return true;
            }
        }
        return false;
    }
}
