package io.websms.runtime.ledger;

import io.websms.runtime.outbound.WebsmsId;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The record of every outgoing SMS and what became of it: one {@link LedgerEntry} per message, found by its websms
 * id, by the ITSP's id, or by number and time. {@link SqliteLedger} keeps it in one file; a store shared by several
 * daemons (PostgreSQL) implements the same contract:
 * <ul>
 *   <li><b>Thread-safe</b>: every method may be called from any thread at any time.</li>
 *   <li><b>Durable</b>: when {@link #record}, {@link #update}, {@link #setItspId} or {@link #prune} returns, the
 *       change is on disk and survives a {@code kill -9} or a power cut; when it throws, the change was not made.</li>
 *   <li><b>The state never moves backwards</b>: {@link #update} keeps every report in the history and makes it the
 *       current status only when it {@linkplain io.websms.api.DeliveryStatus#supersedes supersedes} the current one,
 *       atomically, so that of two reports racing, exactly one can be the change.</li>
 * </ul>
 * An {@link IOException} means the store could not be read or written (disk full, file damaged, database gone).
 */
public interface MessageLedger extends AutoCloseable {

    /**
     * Adds the entry of a message websms has just accepted, with its status and history as given (usually
     * {@link LedgerEntry#accepted}).
     *
     * @throws IllegalArgumentException when an entry with the same websms id is already there
     */
    void record(LedgerEntry accepted) throws IOException;

    /**
     * Adds several entries at once, all or none (an import, or filling a ledger for a benchmark). The default
     * records them one by one.
     *
     * @throws IllegalArgumentException when one of them has the websms id of an entry already there
     */
    default void recordAll(Collection<LedgerEntry> entries) throws IOException {
        for (LedgerEntry entry : entries) {
            record(entry);
        }
    }

    /**
     * Adds {@code change} to the history of message {@code id}, and makes its status the current one when it ranks
     * higher than the current status. A change equal to one already in the history (same time, status, error code
     * and text: a repeated callback) is not added again.
     *
     * @return whether the current status changed: true for exactly one of several equal reports, however they race
     * @throws NoSuchElementException when no entry has that id (never recorded, or pruned)
     */
    boolean update(WebsmsId id, StatusChange change) throws IOException;

    /**
     * Sets the id the ITSP gave message {@code id} (Twilio's {@code MessageSid}, say), and the interface whose ITSP
     * gave it: the one that sent the message, which after a failover is not the one it was accepted for. A second
     * call replaces both.
     *
     * @throws NoSuchElementException when no entry has that id
     */
    void setItspId(WebsmsId id, String interfaceIndex, String itspId) throws IOException;

    /** The entry of message {@code id}, with its whole history. */
    Optional<LedgerEntry> byId(WebsmsId id) throws IOException;

    /**
     * The entry the ITSP knows as {@code itspId} on interface {@code interfaceIndex}: what a status callback arriving
     * at that interface's path is about. An ITSP id is unique for one ITSP account, so it is looked up per
     * interface; should an ITSP ever reuse one, the newest message is returned. {@link Query#itspId} searches every
     * interface.
     */
    Optional<LedgerEntry> byItspId(String interfaceIndex, String itspId) throws IOException;

    /** The entries matching {@code query}, newest first, each with its whole history. */
    List<LedgerEntry> find(Query query) throws IOException;

    /**
     * Removes every entry websms accepted before {@code olderThan}, with its history ({@code ledger_days}), in
     * several small steps so that other changes go on meanwhile.
     *
     * @return how many entries were removed
     */
    long prune(Instant olderThan) throws IOException;

    /** Finishes the changes already asked for, then releases the store; other calls then throw {@link IOException}. */
    @Override
    void close() throws IOException;
}
