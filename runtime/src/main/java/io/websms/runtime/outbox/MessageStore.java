package io.websms.runtime.outbox;

import java.io.IOException;
import java.util.List;

/**
 * Where queued outgoing SMS wait: durable, so that what {@link #add} accepted survives a restart and a
 * {@code kill -9}. The outbox uses this small interface only, so that a store in a shared database could later serve
 * several daemons.
 */
public interface MessageStore {

    /**
     * Stores {@code message} durably (on disk when this returns) under its id, websms's id for the message (a new
     * one when its id is empty), and returns it with that id.
     */
    QueuedMessage add(QueuedMessage message) throws IOException;

    /** Every queued message, oldest first. */
    List<QueuedMessage> list() throws IOException;

    /** Replaces the stored state of {@code message} (after a failed attempt). */
    void update(QueuedMessage message) throws IOException;

    /** Removes {@code message}: it was sent, or refused for good. */
    void remove(QueuedMessage message) throws IOException;

    /** Moves {@code message} to the dead letters, with its last reason: it expired. */
    void bury(QueuedMessage message) throws IOException;
}
