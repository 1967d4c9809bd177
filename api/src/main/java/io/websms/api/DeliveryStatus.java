package io.websms.api;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an outgoing SMS is on its way to the phone: what websms itself knows (accepted, queued, sent) and what the
 * ITSP reports later in a status callback (delivered, undelivered, failed, rejected, expired). A provider maps its
 * ITSP's own words (Twilio's {@code MessageStatus}, say) to these.
 *
 * <p><b>The state never moves backwards.</b> Each status has a {@link #rank()}: {@code accepted} 0 &lt; {@code queued}
 * 1 &lt; {@code sent} 2 &lt; the final ones 3 ({@code delivered}, {@code undelivered}, {@code failed},
 * {@code rejected}, {@code expired}). A report becomes a message's current status only when it ranks higher than the
 * current one ({@link #supersedes}); anything else is kept in the message's history only. So a late {@code sent}
 * after {@code delivered} does not undo the delivery, and between two final reports the first one stays the state:
 * an ITSP that says {@code delivered} and later {@code failed} for the same message has contradicted itself, and the
 * first word is the one the sender was told.
 *
 * <p>On the wire (configuration, logs, JSON, the ledger's file) each status is its lower-case {@link #wireName()}.
 */
public enum DeliveryStatus {
    /** websms took the message from the dialplan or the command line. */
    ACCEPTED(0),
    /** The ITSP could not take it yet; it waits in websms's outbox, or the ITSP reports it queued on its side. */
    QUEUED(1),
    /** The ITSP took it (its API answered with success). */
    SENT(2),
    /** The ITSP reports that the phone received it. Final. */
    DELIVERED(3),
    /** The ITSP reports that the carrier could not deliver it (unknown or unreachable number, carrier filtering). Final. */
    UNDELIVERED(3),
    /** The ITSP reports that it could not send it at all. Final. */
    FAILED(3),
    /** The ITSP refused it (its API answered with an error, or it reports the message rejected later). Final. */
    REJECTED(3),
    /** It was not delivered in time: the ITSP's validity period, or websms's outbox gave up ({@code retry_max_age}). Final. */
    EXPIRED(3);

    private final int rank;
    private final String wireName;

    DeliveryStatus(int rank) {
        this.rank = rank;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    /** The order of the status on a message's way: 0 for {@code accepted} up to 3 for every final status. */
    public int rank() {
        return rank;
    }

    /** Whether no later report can replace this status as a message's state. */
    public boolean isFinal() {
        return rank == 3;
    }

    /** Whether the message did not reach the phone: a final status other than {@code delivered}. */
    public boolean isFailure() {
        return isFinal() && this != DELIVERED;
    }

    /**
     * Whether a report of this status replaces {@code current} as a message's state: only when it ranks higher.
     * Everything else belongs to the history only.
     */
    public boolean supersedes(DeliveryStatus current) {
        return rank > current.rank;
    }

    /** The lower-case name: {@code accepted}, {@code queued}, {@code sent}, {@code delivered}, and so on. */
    public String wireName() {
        return wireName;
    }

    /**
     * The status whose {@link #wireName()} is {@code name}, in any letter case and without surrounding blanks; empty for null and for any other
     * word, so that a caller can count an unknown status instead of failing.
     */
    public static Optional<DeliveryStatus> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        for (DeliveryStatus status : values()) {
            if (status.wireName.equals(lower)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
