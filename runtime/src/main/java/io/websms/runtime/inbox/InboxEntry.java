package io.websms.runtime.inbox;

import io.websms.api.Message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An incoming SMS in the inbox, waiting to be handed to Asterisk over the AMI.
 *
 * @param id          websms's id for it ({@link io.websms.runtime.outbound.WebsmsId}), also the store's name for it
 * @param index       the {@code [websmsd]} interface it came through ({@code ""} for none, or a sender notice)
 * @param message     the SMS
 * @param created     when it was stored (and so acknowledged to the ITSP)
 * @param attempts    how many times it was tried and held since
 * @param nextAttempt when to try it next, unless a phone registers or the AMI comes back first
 * @param lastReason  why the last attempt held it
 * @param delivered   the devices (contact URIs) that have the whole text already: never sent it again
 * @param notified    whether the copy for a message waiting longer than {@code inbox_notify_after} was posted
 */
public record InboxEntry(String id, String index, Message message, Instant created, int attempts, Instant nextAttempt,
                         String lastReason, List<String> delivered, boolean notified) {

    public InboxEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(lastReason, "lastReason");
        delivered = List.copyOf(delivered);
    }

    /** A new entry for {@code message}, due now; the store gives it its id. */
    public static InboxEntry of(String index, Message message, Instant now) {
        return new InboxEntry("", index, message, now, 0, now, "", List.of(), false);
    }

    /** The same entry after an attempt that held it for {@code reason}, tried again at {@code next}. */
    public InboxEntry heldUntil(Instant next, String reason) {
        return new InboxEntry(id, index, message, created, attempts + 1, next, reason, delivered, notified);
    }

    /** The same entry, due at {@code when}. */
    public InboxEntry dueAt(Instant when) {
        return new InboxEntry(id, index, message, created, attempts, when, lastReason, delivered, notified);
    }

    /** The same entry, with {@code device} among those that have it. */
    public InboxEntry deliveredTo(String device) {
        List<String> devices = new ArrayList<>(delivered);
        devices.add(device);
        return new InboxEntry(id, index, message, created, attempts, nextAttempt, lastReason, devices, notified);
    }

    /** The same entry, its copy posted. */
    public InboxEntry notifiedNow() {
        return new InboxEntry(id, index, message, created, attempts, nextAttempt, lastReason, delivered, true);
    }

    /** The same entry under {@code id}. */
    InboxEntry withId(String newId) {
        return new InboxEntry(newId, index, message, created, attempts, nextAttempt, lastReason, delivered, notified);
    }
}
