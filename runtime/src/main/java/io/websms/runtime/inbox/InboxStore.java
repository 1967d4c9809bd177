package io.websms.runtime.inbox;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where incoming SMS wait for Asterisk: durable, so that what {@link #add} accepted survives a restart and a
 * {@code kill -9}, and only then is acknowledged to the ITSP. The AMI courier uses this small interface only: a
 * folder of one daemon ({@link FileInboxStore}) and tables shared by several daemons (the PostgreSQL store, whose
 * {@link #take} leases each destination's messages to one daemon at a time) both serve it.
 */
public interface InboxStore {

    /** Stores {@code entry} durably (on disk when this returns) under a new websms id, and returns it with that id. */
    InboxEntry add(InboxEntry entry) throws IOException;

    /** Every waiting entry, oldest first. */
    List<InboxEntry> list() throws IOException;

    /**
     * The entries this daemon may try now, oldest first, and what waits in the whole inbox. A store of one daemon
     * gives every waiting entry. A shared store gives every entry of each destination no other daemon holds, a
     * destination's entries together (so that one daemon delivers them, in order), and they stay this daemon's,
     * through later takes, until it {@linkplain #release releases} them or stops.
     */
    Taken take() throws IOException;

    /** Gives back every entry this daemon holds, so that another daemon may take it (nothing for a store of one daemon). */
    void release() throws IOException;

    /** Replaces the stored state of {@code entry} (a device got it, it was held again). */
    void update(InboxEntry entry) throws IOException;

    /** Removes {@code entry}: Asterisk has it. */
    void remove(InboxEntry entry) throws IOException;

    /** Moves {@code entry} to the dead letters, with {@code reason}: it waited too long. */
    void bury(InboxEntry entry, String reason) throws IOException;

    /** The dead letters, oldest first. */
    List<InboxEntry> deadLetters() throws IOException;

    /** Whether an entry could be stored now; empty when it could, else what is wrong. */
    Optional<String> problem();

    /**
     * What {@link #take} gave.
     *
     * @param entries the entries this daemon may try now, oldest first
     * @param waiting how many entries wait in the whole inbox (every daemon's, on a shared store)
     * @param oldest  when the oldest of them arrived; empty when none waits
     */
    record Taken(List<InboxEntry> entries, int waiting, Optional<Instant> oldest) {

        public Taken {
            entries = List.copyOf(entries);
        }

        /** Every waiting entry, as a store of one daemon gives them. */
        public static Taken all(List<InboxEntry> entries) {
            return new Taken(entries, entries.size(), entries.stream().map(InboxEntry::created).min(Instant::compareTo));
        }
    }
}
