package io.websms.runtime.store.postgresql;

import io.websms.api.Message;
import io.websms.runtime.inbox.InboxEntry;
import io.websms.runtime.inbox.InboxStore;
import io.websms.runtime.outbound.WebsmsId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The inbox ({@code delivery = ami}) in a PostgreSQL store, shared by every daemon on it: any daemon stores an
 * incoming SMS, one daemon at a time delivers it.
 *
 * <p>What is leased is a destination number, not a message ({@code inbox_lease}, one row per number): the courier
 * delivers a number's messages in order, the next one as soon as the one before has gone, so the daemon that holds
 * the first must hold them all. {@link #take} claims the numbers no daemon holds with one {@code INSERT … ON CONFLICT
 * DO UPDATE … WHERE lease_until < now()}: of two daemons claiming one number at once, exactly one gets it, and a lease
 * that expired goes to the first daemon that claims it. A daemon keeps its numbers, renewing the leases every third
 * of {@code lease} by the server's clock, while it can deliver: so the daemon that tried a message, and knows which
 * phones it waits for, is the one a registration of those phones wakes. It gives them back ({@link #release}) when
 * its AMI session is down, so that a daemon whose session is up takes them, and when it stops; a daemon that dies has
 * its numbers taken over when its leases expire. What Asterisk took from a daemon that died before it removed the
 * message is delivered again by the next: at least once, never lost (a device recorded in {@code delivered} is never
 * sent the text again).
 */
public final class PgInboxStore implements InboxStore, AutoCloseable {


    private static final String COLUMNS = "id, iface, destination, sender, body, itsp_id, created, attempts, next_attempt, last_reason, delivered, notified";
    private static final String ADD = "INSERT INTO inbox (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String LIST = "SELECT " + COLUMNS + " FROM inbox ORDER BY created, id";
    /** The leases of numbers that have no message left: this daemon's, and any that expired. */
    private static final String FORGET_EMPTY = """
            DELETE FROM inbox_lease l WHERE (l.leased_by = ? OR l.lease_until < now())
              AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.destination = l.destination)""";
    /**
     * Claims every number with a message that no daemon holds (in one order, so that two daemons claiming the same
     * numbers wait for each other rather than deadlock), then gives the messages of the numbers this daemon holds.
     */
    private static final String TAKE = """
            WITH claimed AS (
                INSERT INTO inbox_lease (destination, leased_by, lease_until)
                SELECT DISTINCT i.destination, ?, now() + make_interval(secs => ?) FROM inbox i
                WHERE NOT EXISTS (SELECT 1 FROM inbox_lease l WHERE l.destination = i.destination AND l.lease_until >= now())
                ORDER BY i.destination
                ON CONFLICT (destination) DO UPDATE SET leased_by = excluded.leased_by, lease_until = excluded.lease_until
                WHERE inbox_lease.lease_until < now()
                RETURNING destination)
            SELECT\s""" + COLUMNS + """
             FROM inbox
            WHERE destination IN (SELECT destination FROM claimed)
               OR destination IN (SELECT destination FROM inbox_lease WHERE leased_by = ? AND lease_until >= now())
            ORDER BY created, id""";
    private static final String WAITING = "SELECT count(*), min(created) FROM inbox";
    private static final String RELEASE = "DELETE FROM inbox_lease WHERE leased_by = ?";
    private static final String RENEW = "UPDATE inbox_lease SET lease_until = now() + make_interval(secs => ?) WHERE leased_by = ?";
    /**
     * Daemons and {@code websms inbox retry} write an entry as they read it a moment ago: the devices recorded
     * meanwhile are kept (added to, never replaced), and so is a copy posted meanwhile.
     */
    private static final String UPDATE = """
            UPDATE inbox SET attempts = ?, next_attempt = ?, last_reason = ?,
                delivered = delivered || ARRAY(SELECT d FROM unnest(?::text[]) WITH ORDINALITY AS n(d, o)
                                               WHERE NOT d = ANY (inbox.delivered) ORDER BY o),
                notified = notified OR ?
            WHERE id = ?""";
    private static final String REMOVE = "DELETE FROM inbox WHERE id = ?";
    private static final String BURY = """
            WITH gone AS (DELETE FROM inbox WHERE id = ? RETURNING id)
            INSERT INTO inbox_dead (""" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM gone";
    private static final String DEAD = "SELECT " + COLUMNS + " FROM inbox_dead ORDER BY created, id";

    private final PgStore store;
    private final Leases leases;

    private PgInboxStore(PgStore store, Leases leases) {
        this.store = store;
        this.leases = leases;
    }

    /**
     * The inbox in {@code store} for a daemon that delivers: the numbers it takes are leased for {@code lease},
     * renewed while it runs.
     */
    public static PgInboxStore forDaemon(PgStore store, Duration lease) {
        return new PgInboxStore(store, Leases.renewed(store, lease, "inbox", RENEW));
    }

    /** A daemon that never renews its leases, as if it had died once it took its messages (for tests). */
    static PgInboxStore frozen(PgStore store, Duration lease) {
        return new PgInboxStore(store, Leases.frozen(store, lease, "inbox"));
    }

    /** The inbox in {@code store} for a command that reads or changes it ({@code websms inbox}) and takes nothing. */
    public static PgInboxStore forCommand(PgStore store) {
        return new PgInboxStore(store, Leases.none(store, "inbox"));
    }

    @Override
    public InboxEntry add(InboxEntry entry) throws IOException {
        InboxEntry stored = new InboxEntry(WebsmsId.next().toString(), entry.index(), entry.message(), entry.created(), entry.attempts(),
                entry.nextAttempt(), entry.lastReason(), entry.delivered(), entry.notified());
        store.use(c -> {
            try (PreparedStatement add = c.prepareStatement(ADD)) {
                bind(c, add, 1, stored);
                return add.executeUpdate();
            }
        });
        return stored;
    }

    @Override
    public List<InboxEntry> list() throws IOException {
        return store.use(c -> read(c, LIST));
    }

    @Override
    public Taken take() throws IOException {
        if (!leases.takes()) {
            throw new IllegalStateException("websms inbox takes no messages");
        }
        return store.use(c -> {
            try (PreparedStatement forget = c.prepareStatement(FORGET_EMPTY)) {
                forget.setString(1, leases.holder());
                forget.executeUpdate();
            }
            List<InboxEntry> taken;
            try (PreparedStatement take = c.prepareStatement(TAKE)) {
                take.setString(1, leases.holder());
                take.setDouble(2, leases.seconds());
                take.setString(3, leases.holder());
                taken = read(take);
            }
            try (PreparedStatement waiting = c.prepareStatement(WAITING); ResultSet rs = waiting.executeQuery()) {
                rs.next();
                OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
                return new Taken(taken, rs.getInt(1), Optional.ofNullable(oldest).map(OffsetDateTime::toInstant));
            }
        });
    }

    @Override
    public void release() throws IOException {
        if (!leases.takes()) {
            return;
        }
        store.use(c -> {
            try (PreparedStatement release = c.prepareStatement(RELEASE)) {
                release.setString(1, leases.holder());
                return release.executeUpdate();
            }
        });
    }

    @Override
    public void update(InboxEntry entry) throws IOException {
        store.use(c -> {
            try (PreparedStatement update = c.prepareStatement(UPDATE)) {
                update.setInt(1, entry.attempts());
                update.setObject(2, at(entry.nextAttempt()));
                update.setString(3, entry.lastReason());
                update.setArray(4, c.createArrayOf("text", entry.delivered().toArray()));
                update.setBoolean(5, entry.notified());
                update.setString(6, entry.id());
                return update.executeUpdate();
            }
        });
    }

    @Override
    public void remove(InboxEntry entry) throws IOException {
        store.use(c -> {
            try (PreparedStatement remove = c.prepareStatement(REMOVE)) {
                remove.setString(1, entry.id());
                return remove.executeUpdate();
            }
        });
    }

    @Override
    public void bury(InboxEntry entry, String reason) throws IOException {
        store.use(c -> {
            try (PreparedStatement bury = c.prepareStatement(BURY)) {
                bury.setString(1, entry.id());
                bind(c, bury, 2, entry.heldUntil(entry.nextAttempt(), reason));
                return bury.executeUpdate();
            }
        });
    }

    @Override
    public List<InboxEntry> deadLetters() throws IOException {
        return store.use(c -> read(c, DEAD));
    }

    @Override
    public Optional<String> problem() {
        return store.problem().map(why -> "the inbox in " + store.describe() + " cannot take a message: " + why);
    }

    /** Gives back the numbers this daemon holds, so that the others need not wait for its leases to expire. */
    @Override
    public void close() {
        leases.close(this::release);
    }

    private static void bind(Connection c, PreparedStatement statement, int first, InboxEntry entry) throws SQLException {
        statement.setString(first, entry.id());
        statement.setString(first + 1, entry.index());
        statement.setString(first + 2, entry.message().to());
        statement.setString(first + 3, entry.message().from());
        statement.setBytes(first + 4, entry.message().body().getBytes(StandardCharsets.UTF_8));
        statement.setBytes(first + 5, entry.message().id().map(id -> id.getBytes(StandardCharsets.UTF_8)).orElse(null));
        statement.setObject(first + 6, at(entry.created()));
        statement.setInt(first + 7, entry.attempts());
        statement.setObject(first + 8, at(entry.nextAttempt()));
        statement.setString(first + 9, entry.lastReason());
        statement.setArray(first + 10, c.createArrayOf("text", entry.delivered().toArray()));
        statement.setBoolean(first + 11, entry.notified());
    }

    private static List<InboxEntry> read(Connection c, String sql) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            return read(query);
        }
    }

    private static List<InboxEntry> read(PreparedStatement query) throws SQLException {
        List<InboxEntry> entries = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                byte[] itspId = rs.getBytes("itsp_id");
                Message message = Message.builder().to(rs.getString("destination")).from(rs.getString("sender"))
                        .body(new String(rs.getBytes("body"), StandardCharsets.UTF_8))
                        .id(itspId == null ? null : new String(itspId, StandardCharsets.UTF_8)).build();
                Array delivered = rs.getArray("delivered");
                entries.add(new InboxEntry(rs.getString("id"), rs.getString("iface"), message, instant(rs, "created"), rs.getInt("attempts"),
                        instant(rs, "next_attempt"), rs.getString("last_reason"), Arrays.asList((String[]) delivered.getArray()),
                        rs.getBoolean("notified")));
            }
        }
        return entries;
    }

    /** For a log line. */
    @Override
    public String toString() {
        return "the inbox in " + store.describe();
    }

    /** A time as timestamptz, whatever the JVM's time zone. */
    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
