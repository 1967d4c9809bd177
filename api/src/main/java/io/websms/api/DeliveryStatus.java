package io.websms.api;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an outgoing message stands, in websms's words: what a {@link StatusParser} maps an ITSP's status to, and what
 * the message ledger records.
 *
 * <p>In order of progress: {@link #ACCEPTED} (taken in, not yet at the ITSP's network), {@link #QUEUED} (waiting to
 * go out), {@link #SENT} (handed on), then one of the final statuses: {@link #DELIVERED}, or {@link #UNDELIVERED},
 * {@link #FAILED}, {@link #REJECTED}, {@link #EXPIRED}. {@link #wireName()} is the lower-case name used in logs,
 * metrics, the CLI and JSON.
 */
public enum DeliveryStatus {
    /** Accepted: taken in, not yet handed on. */
    ACCEPTED,
    /** Queued to be sent. */
    QUEUED,
    /** Sent: handed to the ITSP, or by the ITSP to the carrier; no word yet on delivery. */
    SENT,
    /** The carrier confirmed that the phone received it. Final. */
    DELIVERED,
    /** The carrier could not deliver it (unknown or unreachable destination, blocked, filtered). Final. */
    UNDELIVERED,
    /** It could not be sent at all (an account, routing or content problem at the ITSP). Final. */
    FAILED,
    /** Refused, by the ITSP or the carrier, for good. Final. */
    REJECTED,
    /** Its validity period ran out before it could be delivered. Final. */
    EXPIRED;

    /** The name in logs, metrics and JSON: the constant's name in lower case ({@code delivered}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status whose {@link #wireName()} is {@code name}, in any case; empty for any other word or null. */
    public static Optional<DeliveryStatus> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip();
        for (DeliveryStatus status : values()) {
            if (status.wireName().equalsIgnoreCase(wanted)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Whether nothing more will happen to the message: delivered, undelivered, failed, rejected or expired. */
    public boolean isFinal() {
        return switch (this) {
            case DELIVERED, UNDELIVERED, FAILED, REJECTED, EXPIRED -> true;
            case ACCEPTED, QUEUED, SENT -> false;
        };
    }
}
