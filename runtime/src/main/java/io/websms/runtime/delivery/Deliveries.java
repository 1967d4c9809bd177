package io.websms.runtime.delivery;

import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.LogText;
import io.websms.api.Message;
import io.websms.runtime.asterisk.Handover;
import io.websms.runtime.config.AstQueueSettings;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.MessageLedger;
import io.websms.runtime.ledger.StatusChange;
import io.websms.runtime.outbound.WebsmsId;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Applies what becomes of outgoing messages to the ledger, and tells the sender when a message ends as the
 * interface's {@code notify_failed} / {@code notify_delivered} asks: a status report from an ITSP's callback, or a
 * change websms itself makes later (the outbox giving up: {@code expired}, or the ITSP refusing a queued message:
 * {@code rejected}). Thread-safe.
 *
 * <p><b>One notice per message.</b> Changes to one message are applied one at a time (a lock per message, striped),
 * and only the change that makes the state final (the ledger's "current status changed") gives a notice. The notice's
 * call file is published <em>before</em> the ledger records the change: when the file cannot be written, the ledger
 * is left as it was and the caller answers 503, so the ITSP's retry finds the message not yet final and notifies
 * then. The other order would lose the notice (the retry would find the state final already). The price: if the
 * ledger cannot be written right after the file was published, the retry publishes a second notice; a full or
 * failing disk is then the problem to fix. The lock covers one daemon: two daemons sharing one ledger (the PostgreSQL
 * store filed separately) need the store to serialize this.
 *
 * <p>A synchronous rejection (the ITSP refusing the send itself) is not for this class: the dialplan got
 * {@code WEBSMS_STATUS=FAILURE} already, so record it with {@link MessageLedger#update} directly.
 */
public final class Deliveries {

    private static final System.Logger LOG = System.getLogger(Deliveries.class.getName());

    /** What one report did. */
    public enum Outcome {
        /** It is in the history now; {@link Result#stateChanged} says whether it became the current status. */
        APPLIED,
        /** The same report is in the history already (a repeated callback): nothing changed. */
        DUPLICATE
    }

    /**
     * The result of {@link #apply}.
     *
     * @param outcome      applied or duplicate
     * @param stateChanged whether the report became the message's current status
     * @param notice       the notice's call file in {@code outgoingdir}, when this change gave one
     */
    public record Result(Outcome outcome, boolean stateChanged, Optional<String> notice) {
    }

    private record Bound(Map<String, InterfaceConfig> outgoing, AstQueueSettings queue) {
    }

    private static final int STRIPES = 64;

    private final MessageLedger ledger;
    private final Handover handover;
    private final Object[] locks = new Object[STRIPES];
    private volatile Bound bound;

    /** Applies changes to {@code ledger}; notices go to Asterisk through {@code handover} as {@code config}'s interfaces ask. */
    public Deliveries(MessageLedger ledger, Handover handover, WebsmsConfig config) {
        this.ledger = ledger;
        this.handover = handover;
        this.bound = bind(config);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** Takes the notice keys and call-file lines of {@code config} from now on. */
    public void reconfigure(WebsmsConfig config) {
        this.bound = bind(config);
    }

    private static Bound bind(WebsmsConfig config) {
        return new Bound(Map.copyOf(config.interfaces(Direction.OUTBOUND)), config.astQueue());
    }

    /** The ledger changes go to. */
    public MessageLedger ledger() {
        return ledger;
    }

    /**
     * Adds {@code change} to the history of message {@code id} unless the same report is there already, makes it the
     * current status when it ranks higher, and, when that makes the message final in a status its interface notifies,
     * first publishes the notice to the sender.
     *
     * <p>A report is the same as one in the history when time, status, error code and text are equal; a report
     * whose time the ITSP did not give ({@code timeGiven} false: websms stamped it on arrival) is the same as one with
     * equal status, code and text at any time, since a repeated callback would otherwise get a new time each time.
     * websms's own changes (the outbox's {@code expired}) pass {@code true}.
     *
     * @throws NoSuchElementException when the ledger has no message {@code id}
     * @throws IOException            when the notice or the ledger cannot be written; the ledger did not change then
     *                                (see the class comment for a notice published just before a failing ledger)
     */
    public Result apply(WebsmsId id, StatusChange change, boolean timeGiven) throws IOException {
        synchronized (locks[Math.floorMod(id.hashCode(), STRIPES)]) {
            LedgerEntry entry = ledger.byId(id).orElseThrow(() -> new NoSuchElementException("no message " + id + " in the ledger"));
            if (isRepeat(entry, change, timeGiven)) {
                return new Result(Outcome.DUPLICATE, false, Optional.empty());
            }
            Optional<String> notice = Optional.empty();
            if (change.status().supersedes(entry.status())) {
                notice = notify(entry, change);
            }
            boolean changed = ledger.update(id, change);
            if (changed) {
                LOG.log(Level.INFO, "status id={0} interface={1} status={2} error_code={3} notice={4}", id,
                        entry.interfaceIndex().isEmpty() ? "-" : entry.interfaceIndex(), change.status().wireName(),
                        change.errorCode().isEmpty() ? "-" : LogText.escape(change.errorCode()),
                        notice.orElse("-"));
            }
            return new Result(Outcome.APPLIED, changed, notice);
        }
    }

    /** Hands Asterisk the notice {@code change} owes the sender of {@code entry}, if its interface wants one; its name. */
    private Optional<String> notify(LedgerEntry entry, StatusChange change) throws IOException {
        Bound now = bound;
        InterfaceConfig iface = now.outgoing().get(entry.interfaceIndex());
        if (iface == null || !SenderNotice.wanted(iface, change.status())) {
            return Optional.empty(); // an interface a reload removed notifies nobody
        }
        Message notice = SenderNotice.of(iface, entry, change);
        try {
            handover.check(notice, now.queue());
        } catch (IllegalArgumentException e) {
            // A sender name (alphanumeric sender id) is no phone to route a call file to: nobody to tell.
            LOG.log(Level.WARNING, "status id={0} notice=- reason=the sender {1} cannot be sent a notice ({2})", entry.id(),
                    LogText.escape(entry.from()), LogText.escape(e.getMessage()));
            return Optional.empty();
        }
        return Optional.of(handover.take(notice, now.queue()));
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
