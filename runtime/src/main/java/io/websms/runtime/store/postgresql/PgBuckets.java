package io.websms.runtime.store.postgresql;

import io.websms.runtime.ratelimit.BucketStore;
import io.websms.runtime.ratelimit.Rate;
import io.websms.runtime.ratelimit.TokenBucket;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rate-limit buckets in a PostgreSQL store, shared by every daemon on it: a turn is taken in one transaction
 * holding a lock on each bucket's key, so that two daemons never take the same token; tokens are counted on the
 * server's clock, so that the daemons' clocks do not matter. One turn costs a few statements on one connection.
 */
public final class PgBuckets implements BucketStore {

    private static final System.Logger LOG = System.getLogger(PgBuckets.class.getName());
    /** The longest a bucket takes to fill (a rate per day) and then some: an older one is full and can go. */
    private static final Duration FULL_AFTER = Duration.ofHours(25);

    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(?, 7))";
    private static final String READ = "SELECT key, rate, tokens, refilled, paused_until FROM rate_buckets WHERE key = ANY (?)";
    private static final String NOW = "SELECT clock_timestamp()";
    private static final String WRITE = """
            INSERT INTO rate_buckets (key, rate, tokens, refilled, paused_until) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET rate = excluded.rate, tokens = excluded.tokens, refilled = excluded.refilled,
                                            paused_until = excluded.paused_until""";
    private static final String FORGET_FULL = "DELETE FROM rate_buckets WHERE refilled < now() - make_interval(secs => ?) AND paused_until < now()";

    private final PgStore store;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    private PgBuckets(PgStore store) {
        this.store = store;
    }

    /** The buckets in {@code store}. */
    public static PgBuckets in(PgStore store) {
        return new PgBuckets(store);
    }

    @Override
    public <T> T update(Collection<String> keys, Step<T> step) throws IOException {
        // A key holds a sender number: text in PostgreSQL cannot hold the NUL that separates it from the interface.
        TreeSet<String> sorted = new TreeSet<>();
        keys.forEach(k -> sorted.add(k.replace('\u0000', '\t')));
        T result = store.use(c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                // In the same order in every daemon: no deadlock.
                try (PreparedStatement lock = c.prepareStatement(LOCK)) {
                    for (String key : sorted) {
                        lock.setString(1, key);
                        lock.execute();
                    }
                }
                Instant now;
                try (PreparedStatement clock = c.prepareStatement(NOW); ResultSet rs = clock.executeQuery()) {
                    rs.next();
                    now = rs.getObject(1, OffsetDateTime.class).toInstant();
                }
                Map<String, TokenBucket> buckets = new HashMap<>();
                try (PreparedStatement read = c.prepareStatement(READ)) {
                    read.setArray(1, c.createArrayOf("text", sorted.toArray()));
                    try (ResultSet rs = read.executeQuery()) {
                        while (rs.next()) {
                            buckets.put(rs.getString("key").replace('\t', '\u0000'), new TokenBucket(Rate.parse(rs.getString("rate")),
                                    rs.getDouble("tokens"), instant(rs, "refilled"), instant(rs, "paused_until")));
                        }
                    }
                }
                T value = step.on(buckets, now);
                try (PreparedStatement write = c.prepareStatement(WRITE)) {
                    for (Map.Entry<String, TokenBucket> entry : buckets.entrySet()) {
                        TokenBucket bucket = entry.getValue();
                        write.setString(1, entry.getKey().replace('\u0000', '\t'));
                        write.setString(2, bucket.rate().toString());
                        write.setDouble(3, bucket.tokens());
                        write.setObject(4, bucket.refilled().atOffset(ZoneOffset.UTC));
                        write.setObject(5, bucket.pausedUntil().atOffset(ZoneOffset.UTC));
                        write.addBatch();
                    }
                    write.executeBatch();
                }
                c.commit();
                return value;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        });
        forgetFullHourly();
        return result;
    }

    private void forgetFullHourly() {
        Instant last = lastPurge.get();
        Instant now = Instant.now();
        if (Duration.between(last, now).toHours() >= 1 && lastPurge.compareAndSet(last, now)) {
            try {
                store.use(c -> {
                    try (PreparedStatement forget = c.prepareStatement(FORGET_FULL)) {
                        forget.setLong(1, FULL_AFTER.toSeconds());
                        return forget.executeUpdate();
                    }
                });
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot forget the full rate-limit buckets in the store: {0}", e.getMessage());
            }
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** The store closes with the daemon; nothing is kept here. */
    @Override
    public void close() {
    }
}
