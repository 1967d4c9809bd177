package io.websms.runtime.inbound;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The messages websms has stored for Asterisk, by the ITSP's id (or by destination, sender and text for ITSPs that
 * send none), so that a webhook the ITSP delivers again gives no second call file. Kept on disk by one daemon
 * ({@link FileMessageIds}, {@code store = local}) or in PostgreSQL, shared by several daemons
 * ({@code io.websms.runtime.store.postgresql}), where a webhook retried to another daemon is recognised too.
 *
 * <p>An id is remembered only once its message is stored, so a crash between the two can repeat a message but never
 * lose one (at least once).
 */
public interface MessageIds {

    /** What a caller does with a message under an id. */
    @FunctionalInterface
    interface Store {
        /** Stores the message; throws when it could not. */
        void store() throws IOException;
    }

    /**
     * Stores the message with {@code key} unless it was stored within the window, one at a time per key.
     *
     * @return true when it was stored now, false when it had been already
     * @throws IOException when {@code store} failed (nothing is remembered then), or when the store of ids cannot
     *                     say whether the message was stored already
     */
    default boolean storeOnce(String key, Store store) throws IOException {
        return storeOnce(key, window(), store);
    }

    /** How long a key is remembered when stored without a window of its own. */
    Duration window();

    /**
     * Stores the message with {@code key} unless it was stored within {@code within} (at most the longest window the
     * store keeps); a zero {@code within} stores it and remembers nothing.
     *
     * @return true when it was stored now, false when it had been already
     * @throws IOException as {@link #storeOnce(String, Store)}
     */
    boolean storeOnce(String key, Duration within, Store store) throws IOException;

    /**
     * The local store of the ids kept in {@code dir} (created when missing) for {@code window}.
     *
     * @throws IOException when the folder cannot be created
     */
    static MessageIds open(Path dir, Duration window) throws IOException {
        return FileMessageIds.open(dir, window);
    }

    /**
     * The local store of the keys kept in {@code dir} (created when missing): for {@code window} when stored without
     * a window of their own, and on disk for {@code keep} (at least {@code window}).
     *
     * @throws IOException when the folder cannot be created
     */
    static MessageIds open(Path dir, Duration window, Duration keep) throws IOException {
        return FileMessageIds.open(dir, window, keep);
    }
}
