package io.websms.runtime.delivery;

import io.websms.api.DeliveryStatus;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.StatusChange;

/**
 * The SMS websms sends back to the phone that sent a message, when the message ends as {@code notify_failed} or
 * {@code notify_delivered} asks: to the message's sender ({@code from}), from {@code notify_from} or else the number
 * the message went to (so that the phone shows the notice in that conversation), with {@code notify_text} or
 * {@code notify_delivered_text} filled in.
 */
final class SenderNotice {

    /** The longest ITSP error text put into a notice: the notice itself should fit one or two SMS. */
    static final int MAX_REASON = 100;

    private SenderNotice() {
    }

    /** Whether interface {@code iface} tells the sender when a message ends in {@code status}. */
    static boolean wanted(InterfaceConfig iface, DeliveryStatus status) {
        return status == DeliveryStatus.DELIVERED ? iface.flag("notify_delivered") : status.isFailure() && iface.flag("notify_failed");
    }

    /** The notice for {@code entry}, which {@code change} makes final. */
    static Message of(InterfaceConfig iface, LedgerEntry entry, StatusChange change) {
        String template = iface.value(change.status() == DeliveryStatus.DELIVERED ? "notify_delivered_text" : "notify_text");
        String from = iface.value("notify_from").isEmpty() ? entry.to() : iface.value("notify_from");
        return Message.of(entry.from(), from, text(template, entry, change));
    }

    /** {@code template} with its placeholders filled in, and {@code ()} left empty (no error code) dropped. */
    static String text(String template, LedgerEntry entry, StatusChange change) {
        String text = template.replace("{to}", entry.to())
                .replace("{reason}", reason(change))
                .replace("{code}", clean(change.errorCode(), 20))
                .replace("{id}", entry.id().toString())
                .replace("{status}", change.status().wireName());
        return text.replace(" ()", "").replace("()", "");
    }

    /** The ITSP's error text, else what the status says. */
    static String reason(StatusChange change) {
        if (!change.errorText().isBlank()) {
            return clean(change.errorText(), MAX_REASON);
        }
        return switch (change.status()) {
            case UNDELIVERED -> "the carrier could not deliver it";
            case FAILED -> "the ITSP could not send it";
            case REJECTED -> "the ITSP refused it";
            case EXPIRED -> "it could not be sent in time";
            default -> change.status().wireName();
        };
    }

    /** {@code value} on one line, at most {@code max} characters: text from the ITSP goes to a phone. */
    private static String clean(String value, int max) {
        String line = value.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
        if (line.length() <= max) {
            return line;
        }
        int cut = Character.isHighSurrogate(line.charAt(max - 2)) ? max - 2 : max - 1; // never half a character
        return line.substring(0, cut) + "…";
    }
}
