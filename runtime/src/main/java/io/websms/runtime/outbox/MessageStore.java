package io.websms.runtime.outbox;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Where queued outgoing SMS wait: durable, so that what {@link #add} accepted survives a restart and a
 * {@code kill -9}. The outbox uses this small interface only: a folder of one daemon ({@link FileMessageStore}) and a
 * table shared by several daemons (the PostgreSQL store, whose {@link #take} leases each message to one daemon at a
 * time) both serve it.
 */
public interface MessageStore {

    /**
     * Stores {@code message} durably (on disk when this returns) under its id, websms's id for the message (a new
     * one when its id is empty), and returns it with that id.
     */
    QueuedMessage add(QueuedMessage message) throws IOException;

    /** Every queued message, oldest first. */
    List<QueuedMessage> list() throws IOException;

    /**
     * The messages this daemon may try at {@code now}, oldest first; each is this daemon's until it is
     * {@linkplain #update updated}, {@linkplain #remove removed}, {@linkplain #bury buried} or {@linkplain #release
     * released}. A store of one daemon gives every queued message (the outbox keeps the order per destination); a
     * shared store gives only the first message of each destination, due and not taken by another daemon.
     */
    List<QueuedMessage> take(Instant now) throws IOException;

    /** Gives back a message {@link #take} gave that was not tried (its turn has not come), unchanged. */
    void release(QueuedMessage message) throws IOException;

    /** How many messages wait. */
    int size() throws IOException;

    /** Whether a message to {@code to} waits, so that a new one must queue behind it to keep the order. */
    boolean isWaiting(String to) throws IOException;

    /** Replaces the stored state of {@code message} (after a failed attempt). */
    void update(QueuedMessage message) throws IOException;

    /** Removes {@code message}: it was sent, or refused for good. */
    void remove(QueuedMessage message) throws IOException;

    /** Moves {@code message} to the dead letters, with its last reason: it expired. */
    void bury(QueuedMessage message) throws IOException;
}
