package io.websms.runtime.store.postgresql;

import io.websms.api.Message;
import io.websms.runtime.outbox.MessageStore;
import io.websms.runtime.outbox.QueuedMessage;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The outbox in a PostgreSQL store, shared by every daemon on it: any daemon queues, one daemon at a time sends.
 *
 * <p>{@link #take} leases due messages to this daemon with one {@code UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP
 * LOCKED)}: two daemons taking at once never take the same row, and neither waits for the other. Only the oldest
 * message of each destination can be taken, so that a destination's messages go out in order across daemons. A
 * lease lasts {@code lease} by the server's clock and is renewed every third of it while this daemon runs; when a
 * daemon dies its leases expire and another daemon takes its messages. A message whose ITSP took it just before its
 * daemon died, before the row was deleted, is sent again by the next: at least once, never lost.
 */
public final class PgMessageStore implements MessageStore, AutoCloseable {

    /** The most messages one daemon takes at once, so that the others get their share of a long queue. */
    static final int BATCH = 16;

    private static final String COLUMNS = "id, iface, destination, sender, body, created, attempts, next_attempt, last_reason";
    private static final String ADD = "INSERT INTO outbox (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String LIST = "SELECT " + COLUMNS + " FROM outbox ORDER BY created, id";
    private static final String TAKE = """
            UPDATE outbox SET leased_by = ?, lease_until = now() + make_interval(secs => ?)
            WHERE id IN (
                SELECT o.id FROM outbox o
                WHERE o.next_attempt <= ? AND (o.lease_until IS NULL OR o.lease_until < now())
                  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.destination = o.destination AND (p.created, p.id) < (o.created, o.id))
                ORDER BY o.created, o.id
                LIMIT ?
                FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS;
    private static final String RELEASE = "UPDATE outbox SET leased_by = NULL, lease_until = NULL WHERE id = ? AND leased_by = ?";
    private static final String RENEW = "UPDATE outbox SET lease_until = now() + make_interval(secs => ?) WHERE leased_by = ?";
    /** After this daemon's attempt: the message is free again (unless another daemon took it over meanwhile). */
    private static final String UPDATE_TAKEN = """
            UPDATE outbox SET attempts = ?, next_attempt = ?, last_reason = ?, leased_by = NULL, lease_until = NULL
            WHERE id = ? AND leased_by = ?""";
    /** From {@code websms queue retry}: a daemon sending the message right now keeps it (else it would be sent twice). */
    private static final String UPDATE_KEEPING_LEASE = "UPDATE outbox SET attempts = ?, next_attempt = ?, last_reason = ? WHERE id = ?";
    private static final String REMOVE = "DELETE FROM outbox WHERE id = ?";
    private static final String BURY = """
            WITH gone AS (DELETE FROM outbox WHERE id = ? RETURNING id)
            INSERT INTO outbox_dead (""" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? FROM gone";
    private static final String SIZE = "SELECT count(*) FROM outbox";
    private static final String WAITING = "SELECT EXISTS (SELECT 1 FROM outbox WHERE destination = ?)";

    private final PgStore store;
    private final Leases leases;

    private PgMessageStore(PgStore store, Leases leases) {
        this.store = store;
        this.leases = leases;
    }

    /**
     * The outbox in {@code store} for a daemon that sends: the messages it takes are leased for {@code lease},
     * renewed while it runs.
     */
    public static PgMessageStore forDaemon(PgStore store, Duration lease) {
        return new PgMessageStore(store, Leases.renewed(store, lease, "outbox", RENEW));
    }

    /** A daemon that never renews its leases, as if it had died once it took its messages (for tests). */
    static PgMessageStore frozen(PgStore store, Duration lease) {
        return new PgMessageStore(store, Leases.frozen(store, lease, "outbox"));
    }

    /** The outbox in {@code store} for a command that reads or changes it ({@code websms queue}) and takes nothing. */
    public static PgMessageStore forCommand(PgStore store) {
        return new PgMessageStore(store, Leases.none(store, "outbox"));
    }

    @Override
    public QueuedMessage add(QueuedMessage message) throws IOException {
        QueuedMessage stored = message.identified();
        store.use(c -> {
            try (PreparedStatement add = c.prepareStatement(ADD)) {
                bind(add, 1, stored);
                return add.executeUpdate();
            }
        });
        return stored;
    }

    @Override
    public List<QueuedMessage> list() throws IOException {
        return store.use(c -> {
            try (PreparedStatement list = c.prepareStatement(LIST)) {
                return read(list);
            }
        });
    }

    @Override
    public List<QueuedMessage> take(Instant now) throws IOException {
        if (!leases.takes()) {
            throw new IllegalStateException("websms queue takes no messages");
        }
        List<QueuedMessage> taken = store.use(c -> {
            try (PreparedStatement take = c.prepareStatement(TAKE)) {
                take.setString(1, leases.holder());
                take.setDouble(2, leases.seconds());
                take.setObject(3, at(now));
                take.setInt(4, BATCH);
                return read(take);
            }
        });
        // RETURNING keeps no order.
        taken.sort(Comparator.comparing(QueuedMessage::created).thenComparing(QueuedMessage::id));
        return taken;
    }

    @Override
    public void release(QueuedMessage message) throws IOException {
        store.use(c -> {
            try (PreparedStatement release = c.prepareStatement(RELEASE)) {
                release.setString(1, message.id());
                release.setString(2, leases.holder());
                return release.executeUpdate();
            }
        });
    }

    @Override
    public int size() throws IOException {
        return store.use(c -> {
            try (PreparedStatement size = c.prepareStatement(SIZE); ResultSet rs = size.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Override
    public boolean isWaiting(String to) throws IOException {
        return store.use(c -> {
            try (PreparedStatement waiting = c.prepareStatement(WAITING)) {
                waiting.setString(1, to);
                try (ResultSet rs = waiting.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    @Override
    public void update(QueuedMessage message) throws IOException {
        store.use(c -> {
            boolean daemon = leases.takes();
            try (PreparedStatement update = c.prepareStatement(daemon ? UPDATE_TAKEN : UPDATE_KEEPING_LEASE)) {
                update.setInt(1, message.attempts());
                update.setObject(2, at(message.nextAttempt()));
                update.setString(3, message.lastReason());
                update.setString(4, message.id());
                if (daemon) {
                    update.setString(5, leases.holder());
                }
                return update.executeUpdate();
            }
        });
    }

    @Override
    public void remove(QueuedMessage message) throws IOException {
        store.use(c -> {
            try (PreparedStatement remove = c.prepareStatement(REMOVE)) {
                remove.setString(1, message.id());
                return remove.executeUpdate();
            }
        });
    }

    @Override
    public void bury(QueuedMessage message) throws IOException {
        store.use(c -> {
            try (PreparedStatement bury = c.prepareStatement(BURY)) {
                bury.setString(1, message.id());
                bind(bury, 2, message);
                return bury.executeUpdate();
            }
        });
    }

    /** The dead letters, oldest first (for {@code websms queue}). */
    public List<QueuedMessage> deadLetters() throws IOException {
        return store.use(c -> {
            try (PreparedStatement list = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox_dead ORDER BY created, id")) {
                return read(list);
            }
        });
    }

    /** Gives back every message this daemon holds, so that the others need not wait for its leases to expire. */
    @Override
    public void close() {
        leases.close(() -> store.use(c -> {
            try (PreparedStatement release = c.prepareStatement("UPDATE outbox SET leased_by = NULL, lease_until = NULL WHERE leased_by = ?")) {
                release.setString(1, leases.holder());
                return release.executeUpdate();
            }
        }));
    }

    private static void bind(PreparedStatement statement, int first, QueuedMessage message) throws SQLException {
        statement.setString(first, message.id());
        statement.setString(first + 1, message.index());
        statement.setString(first + 2, message.message().to());
        statement.setString(first + 3, message.message().from());
        statement.setString(first + 4, message.message().body());
        statement.setObject(first + 5, at(message.created()));
        statement.setInt(first + 6, message.attempts());
        statement.setObject(first + 7, at(message.nextAttempt()));
        statement.setString(first + 8, message.lastReason());
    }

    private static List<QueuedMessage> read(PreparedStatement query) throws SQLException {
        List<QueuedMessage> messages = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                messages.add(new QueuedMessage(rs.getString("id"), rs.getString("iface"),
                        Message.of(rs.getString("destination"), rs.getString("sender"), rs.getString("body")),
                        instant(rs, "created"), rs.getInt("attempts"), instant(rs, "next_attempt"),
                        rs.getString("last_reason")));
            }
        }
        return messages;
    }

    /** For a log line. */
    @Override
    public String toString() {
        return "the outbox in " + store.describe();
    }

    /** A time as timestamptz, whatever the JVM's time zone. */
    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
