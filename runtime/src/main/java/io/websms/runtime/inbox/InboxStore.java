package io.websms.runtime.inbox;

import java.io.IOException;
import java.util.List;

/**
 * Where incoming SMS wait for Asterisk: durable, so that what {@link #add} accepted survives a restart and a
 * {@code kill -9}, and only then is acknowledged to the ITSP. The AMI courier uses this small interface only, so
 * that a store in a shared database could later serve several daemons.
 */
public interface InboxStore {

    /** Stores {@code entry} durably (on disk when this returns) under a new websms id, and returns it with that id. */
    InboxEntry add(InboxEntry entry) throws IOException;

    /** Every waiting entry, oldest first. */
    List<InboxEntry> list() throws IOException;

    /** Replaces the stored state of {@code entry} (a device got it, it was held again). */
    void update(InboxEntry entry) throws IOException;

    /** Removes {@code entry}: Asterisk has it. */
    void remove(InboxEntry entry) throws IOException;

    /** Moves {@code entry} to the dead letters, with {@code reason}: it waited too long. */
    void bury(InboxEntry entry, String reason) throws IOException;

    /** The dead letters, oldest first. */
    List<InboxEntry> deadLetters() throws IOException;

    /** Whether an entry could be stored now; empty when it could, else what is wrong. */
    java.util.Optional<String> problem();
}
