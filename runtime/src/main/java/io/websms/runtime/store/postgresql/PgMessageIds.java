package io.websms.runtime.store.postgresql;

import io.websms.runtime.inbound.MessageIds;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link MessageIds} in a PostgreSQL store, shared by every daemon on it: a webhook the ITSP retries to another
 * daemon gives no second call file. Times are the server's ({@code now()}), so the daemons' clocks do not matter.
 *
 * <p>A key is first <em>claimed</em> with one {@code INSERT … ON CONFLICT} (the one daemon whose row is new, or who
 * takes over an expired one, stores the message); then the message is stored; then the claim is marked
 * <em>stored</em>. When storing fails the claim is deleted, so the ITSP's retry stores it. A daemon that meets
 * another's claim waits for it to end ({@value #WAIT_MILLIS} ms at most, else 503 and the ITSP retries); a claim
 * older than {@code claimTimeout} was left by a daemon that died between claim and mark, and is taken over: the
 * message may then be stored twice, never lost (at least once, as the local store).
 */
public final class PgMessageIds implements MessageIds {

    private static final System.Logger LOG = System.getLogger(PgMessageIds.class.getName());
    /** How long a daemon waits for another's claim on the same key to end. */
    static final long WAIT_MILLIS = 5_000;
    private static final long POLL_MILLIS = 20;

    private static final String CLAIM = """
            INSERT INTO message_ids AS m (kind, key_hash, state, claimed_by, at) VALUES (?, ?, 'claimed', ?, now())
            ON CONFLICT (kind, key_hash) DO UPDATE SET state = 'claimed', claimed_by = excluded.claimed_by, at = now()
            WHERE (m.state = 'stored' AND m.at <= now() - make_interval(secs => ?))
               OR (m.state = 'claimed' AND m.at <= now() - make_interval(secs => ?))
            RETURNING m.claimed_by""";
    private static final String STATE = "SELECT state FROM message_ids WHERE kind = ? AND key_hash = ?";
    private static final String MARK = "UPDATE message_ids SET state = 'stored', at = now() WHERE kind = ? AND key_hash = ? AND claimed_by = ?";
    private static final String RELEASE = "DELETE FROM message_ids WHERE kind = ? AND key_hash = ? AND claimed_by = ? AND state = 'claimed'";
    private static final String PURGE = "DELETE FROM message_ids WHERE kind = ? AND at < now() - make_interval(secs => ?)";

    /** Whether a key is free to store, stored already, or being stored by another. */
    private enum Claim { OURS, STORED, BUSY, GONE }

    private final PgStore store;
    private final String kind;
    private final Duration window;
    private final Duration keep;
    private final Duration claimTimeout;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    private PgMessageIds(PgStore store, String kind, Duration window, Duration keep, Duration claimTimeout) {
        this.store = store;
        this.kind = kind;
        this.window = window;
        this.keep = keep.compareTo(window) > 0 ? keep : window;
        this.claimTimeout = claimTimeout;
    }

    /**
     * The ITSP message ids in {@code store}, kept for {@code window}.
     */
    public static PgMessageIds ids(PgStore store, Duration window) {
        return new PgMessageIds(store, "id", window, window, Duration.ofMinutes(1));
    }

    /**
     * The destinations, senders and texts of messages without an id in {@code store}: for {@code window} when
     * stored without a window of their own, kept for {@code keep}.
     */
    public static PgMessageIds contents(PgStore store, Duration window, Duration keep) {
        return new PgMessageIds(store, "content", window, keep, Duration.ofMinutes(1));
    }

    /** The same ids, with another time after which a claim counts as left by a dead daemon (for tests). */
    PgMessageIds withClaimTimeout(Duration timeout) {
        return new PgMessageIds(store, kind, window, keep, timeout);
    }

    @Override
    public Duration window() {
        return window;
    }

    @Override
    public boolean storeOnce(String key, Duration within, Store message) throws IOException {
        if (within.isZero()) {
            message.store();
            return true;
        }
        String hash = hash(key);
        String claimant = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        try {
            while (true) {
                Claim claim = claim(hash, claimant, within);
                if (claim == Claim.STORED) {
                    return false;
                }
                if (claim == Claim.OURS) {
                    break;
                }
                if (claim == Claim.BUSY && System.nanoTime() > deadline) {
                    throw new IOException("another daemon has been storing this message for " + WAIT_MILLIS / 1000
                            + " s; the ITSP's retry will find it stored (or take it over after " + claimTimeout.toSeconds() + " s)");
                }
                pause();
            }
            try {
                message.store();
            } catch (IOException | RuntimeException e) {
                release(hash, claimant);
                throw e;
            }
            mark(hash, claimant);
            return true;
        } finally {
            purgeHourly();
        }
    }

    private Claim claim(String hash, String claimant, Duration within) throws IOException {
        return store.use(c -> {
            try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
                claim.setString(1, kind);
                claim.setString(2, hash);
                claim.setString(3, claimant);
                claim.setDouble(4, within.toMillis() / 1000.0);
                claim.setDouble(5, claimTimeout.toMillis() / 1000.0);
                try (ResultSet rs = claim.executeQuery()) {
                    if (rs.next()) {
                        return Claim.OURS;
                    }
                }
            }
            try (PreparedStatement state = c.prepareStatement(STATE)) {
                state.setString(1, kind);
                state.setString(2, hash);
                try (ResultSet rs = state.executeQuery()) {
                    // Gone: the other daemon failed to store it and released its claim; claim it again.
                    return !rs.next() ? Claim.GONE : rs.getString(1).equals("stored") ? Claim.STORED : Claim.BUSY;
                }
            }
        });
    }

    private void mark(String hash, String claimant) {
        try {
            update(MARK, hash, claimant);
        } catch (IOException e) {
            // The message is stored; its claim stays, and is taken over after the claim timeout: only a repeat after
            // that could give a second call file.
            LOG.log(Level.WARNING, "cannot remember a message id in the store: {0}; a webhook repeated after {1} s would give a second call file",
                    e.getMessage(), claimTimeout.toSeconds());
        }
    }

    private void release(String hash, String claimant) {
        try {
            update(RELEASE, hash, claimant);
        } catch (IOException e) {
            // The claim expires after the claim timeout; until then the ITSP's retries get 503.
            LOG.log(Level.WARNING, "cannot release the claim of a message that was not stored: {0}; its retry is stored after {1} s",
                    e.getMessage(), claimTimeout.toSeconds());
        }
    }

    /** Runs {@code sql} (MARK or RELEASE) on the claim of {@code claimant} for {@code hash}. */
    private void update(String sql, String hash, String claimant) throws IOException {
        store.use(c -> {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                statement.setString(1, kind);
                statement.setString(2, hash);
                statement.setString(3, claimant);
                return statement.executeUpdate();
            }
        });
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while another daemon stored the same message", e);
        }
    }

    private void purgeHourly() {
        Instant last = lastPurge.get();
        Instant now = Instant.now();
        if (Duration.between(last, now).compareTo(Duration.ofHours(1)) >= 0 && lastPurge.compareAndSet(last, now)) {
            purge();
        }
    }

    /** Removes the keys older than the longest window (and claims as old: long dead). */
    int purge() {
        try {
            return store.use(c -> {
                try (PreparedStatement purge = c.prepareStatement(PURGE)) {
                    purge.setString(1, kind);
                    purge.setDouble(2, keep.toMillis() / 1000.0);
                    return purge.executeUpdate();
                }
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot purge old message ids in the store: {0}", e.getMessage());
            return 0;
        }
    }

    /** The store this is kept in. */
    public PgStore store() {
        return store;
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** For a log line: which table part this is. */
    @Override
    public String toString() {
        return "message " + kind + "s in " + store.describe();
    }
}
