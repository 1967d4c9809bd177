package io.websms.runtime.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which ledger entries {@link MessageLedger#find} returns: those matching every condition given, newest first
 * (by the time websms accepted them), at most {@link #limit()}. Numbers and ITSP ids match exactly as recorded.
 * Immutable: each method returns a new query.
 */
public final class Query {

    private final String to;
    private final String from;
    private final String itspId;
    private final Instant since;
    private final Instant until;
    private final int limit;

    private Query(String to, String from, String itspId, Instant since, Instant until, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a ledger query returns at least 1 entry, not " + limit);
        }
        this.to = to;
        this.from = from;
        this.itspId = itspId;
        this.since = since;
        this.until = until;
        this.limit = limit;
    }

    /** The newest {@code limit} entries, whatever their numbers and times. */
    public static Query newest(int limit) {
        return new Query(null, null, null, null, null, limit);
    }

    /** Only messages to {@code number}. */
    public Query to(String number) {
        return new Query(Objects.requireNonNull(number, "number"), from, itspId, since, until, limit);
    }

    /** Only messages from {@code number}. */
    public Query from(String number) {
        return new Query(to, Objects.requireNonNull(number, "number"), itspId, since, until, limit);
    }

    /** Only messages with the ITSP id {@code id}, on any interface. */
    public Query itspId(String id) {
        return new Query(to, from, Objects.requireNonNull(id, "id"), since, until, limit);
    }

    /** Only messages accepted at or after {@code time}. */
    public Query since(Instant time) {
        return new Query(to, from, itspId, Objects.requireNonNull(time, "time"), until, limit);
    }

    /** Only messages accepted before {@code time}. */
    public Query until(Instant time) {
        return new Query(to, from, itspId, since, Objects.requireNonNull(time, "time"), limit);
    }

    public Optional<String> to() {
        return Optional.ofNullable(to);
    }

    public Optional<String> from() {
        return Optional.ofNullable(from);
    }

    public Optional<String> itspId() {
        return Optional.ofNullable(itspId);
    }

    public Optional<Instant> since() {
        return Optional.ofNullable(since);
    }

    public Optional<Instant> until() {
        return Optional.ofNullable(until);
    }

    /** The most entries returned. */
    public int limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "Query[to=" + to + ", from=" + from + ", itspId=" + itspId + ", since=" + since + ", until=" + until + ", limit=" + limit + "]";
    }
}
