package io.websms.runtime.outbox;

import io.websms.api.Message;
import io.websms.runtime.outbound.WebsmsId;

import java.time.Instant;

/**
 * An outgoing SMS waiting in the outbox for the ITSP.
 *
 * @param id          websms's id for the message ({@link io.websms.runtime.outbound.WebsmsId}), also the store's name for it;
 *                    older entries keep the store's earlier names
 * @param index       the {@code [websms]} interface it goes through ({@code ""} for none)
 * @param message     the SMS
 * @param created     when it was queued
 * @param attempts    how many times it has been tried since
 * @param nextAttempt when to try it next
 * @param lastReason  why the last attempt failed
 */
public record QueuedMessage(String id, String index, Message message, Instant created, int attempts, Instant nextAttempt, String lastReason) {

    /**
     * The message under its own id, or a new websms id when it has none yet: what a store keeps it under.
     *
     * @throws IllegalArgumentException when its id is not a websms id
     */
    public QueuedMessage identified() {
        String named = id.isEmpty() ? WebsmsId.next().toString() : id;
        if (!WebsmsId.isId(named)) {
            throw new IllegalArgumentException("not a websms message id: " + named);
        }
        return new QueuedMessage(named, index, message, created, attempts, nextAttempt, lastReason);
    }

    /** The same message after one more failed attempt. */
    QueuedMessage failedAgain(Instant next, String reason) {
        return new QueuedMessage(id, index, message, created, attempts + 1, next, reason);
    }
}
