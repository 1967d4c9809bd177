package io.websms.runtime.store.postgresql;

import io.websms.api.DeliveryStatus;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.MessageLedger;
import io.websms.runtime.ledger.Query;
import io.websms.runtime.ledger.StatusChange;
import io.websms.runtime.outbound.WebsmsId;
import io.websms.runtime.store.StoreAddress;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The message ledger in a PostgreSQL store ({@code store = postgresql://…}), shared by every daemon on it: a message
 * sent through one daemon and reported on through another is one entry, and {@code websms status} sees them all.
 * Tables {@code ledger_message} and {@code ledger_status_change} ({@code schema/4.sql}).
 *
 * <p>The state rule is decided in the database, in one statement that holds the message's row lock
 * ({@code SELECT … FOR UPDATE}): the report goes into the history unless the same one is there (a unique index makes
 * that hold however reports race), and becomes the status only when the status it found, under the lock, is one the
 * report {@linkplain DeliveryStatus#supersedes supersedes}. So two daemons reporting at once are taken one after the
 * other, and exactly one of equal reports changes the state. Each call is its own transaction, committed before it
 * returns; PostgreSQL shares one WAL flush among the commits of several connections, so there is no group commit here.
 *
 * <p>The ledger keeps connections of its own ({@link PgStore}'s few), so that a burst of status changes never makes
 * a webhook wait for a connection to claim its message id. Thread-safe.
 */
public final class PgLedger implements MessageLedger {

    /** As the local store: one step per transaction, so that a large prune never holds up the sends meanwhile. */
    private static final int PRUNE_STEP = 5000;

    private static final String INSERT_MESSAGE = "INSERT INTO ledger_message (id, interface, to_number, from_number, characters, "
            + "segments, body, itsp_id, created, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_CHANGE = """
            INSERT INTO ledger_status_change (message, time, status, error_code, error_text)
            SELECT seq, ?, ?, ?, ? FROM ledger_message WHERE id = ?
            ON CONFLICT (message, time, status, error_code, (md5(error_text))) DO NOTHING""";
    /**
     * The whole of {@link #update}: lock the message's row, add the report unless it is there, and make it the status
     * when the locked row's status is one it supersedes. A report waiting for the lock sees the row as the one before
     * it left it.
     */
    private static final String UPDATE = """
            WITH target AS (
                SELECT seq, status FROM ledger_message WHERE id = ? FOR UPDATE
            ), added AS (
                INSERT INTO ledger_status_change (message, time, status, error_code, error_text)
                SELECT seq, ?, ?, ?, ? FROM target
                ON CONFLICT (message, time, status, error_code, (md5(error_text))) DO NOTHING
                RETURNING message
            ), changed AS (
                UPDATE ledger_message m SET status = ? FROM added, target
                WHERE m.seq = added.message AND target.status = ANY (?)
                RETURNING m.seq
            )
            SELECT EXISTS (SELECT 1 FROM target), EXISTS (SELECT 1 FROM changed)""";
    private static final String SET_ITSP_ID = "UPDATE ledger_message SET itsp_id = ?, interface = ? WHERE id = ?";
    private static final String PRUNE = "DELETE FROM ledger_message WHERE seq IN "
            + "(SELECT seq FROM ledger_message WHERE created < ? ORDER BY created LIMIT " + PRUNE_STEP + ")";

    private final PgStore store;
    private final boolean writable;
    private volatile boolean closed;

    private PgLedger(PgStore store, boolean writable) {
        this.store = store;
        this.writable = writable;
    }

    /**
     * The ledger in the store at {@code address}, for the daemon: on connections of its own, the schema brought up to
     * date.
     *
     * @throws IOException saying why the store cannot be used (no password in it)
     */
    public static PgLedger open(StoreAddress address, Optional<String> password) throws IOException {
        return new PgLedger(PgStore.open(address, password), true);
    }

    /**
     * The ledger in the store at {@code address} for reading only ({@code websms status}): changes nothing, not even
     * the schema, and every write throws {@link IOException}.
     *
     * @throws IOException when the store cannot be reached, or holds no ledger (no websmsd has used it yet)
     */
    public static PgLedger openReadOnly(StoreAddress address, Optional<String> password) throws IOException {
        PgStore store = PgStore.connect(address, password);
        try {
            boolean there = store.use(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT to_regclass('ledger_message') IS NOT NULL");
                     ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getBoolean(1);
                }
            });
            if (!there) {
                throw new IOException("the store " + address + " holds no message ledger yet: websmsd creates it there when it "
                        + "first starts with store = " + address);
            }
            return new PgLedger(store, false);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    // ---- writes

    @Override
    public void record(LedgerEntry accepted) throws IOException {
        recordAll(List.of(accepted));
    }

    @Override
    public void recordAll(Collection<LedgerEntry> entries) throws IOException {
        List<LedgerEntry> all = List.copyOf(entries);
        checkWritable();
        if (all.isEmpty()) {
            return;
        }
        // All or none, in one transaction: the messages in one batch, then their histories in another.
        Optional<String> duplicate = store.use(c -> {
            c.setAutoCommit(false);
            try {
                insert(c, all);
                c.commit();
                return Optional.<String>empty();
            } catch (SQLException e) {
                rollback(c, e);
                if (!duplicate(e)) {
                    throw e;
                }
                return Optional.of(alreadyThere(c, all));
            } catch (RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
        if (duplicate.isPresent()) {
            throw new IllegalArgumentException("the websms id " + duplicate.get() + " is already in the ledger");
        }
    }

    private static void insert(Connection c, List<LedgerEntry> entries) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(INSERT_MESSAGE)) {
            for (LedgerEntry entry : entries) {
                p.setString(1, entry.id().toString());
                p.setString(2, entry.interfaceIndex());
                p.setString(3, entry.to());
                p.setString(4, entry.from());
                p.setInt(5, entry.characters());
                p.setInt(6, entry.segments());
                setOptional(p, 7, entry.body());
                setOptional(p, 8, entry.itspId());
                p.setObject(9, time(entry.created()));
                p.setString(10, entry.status().wireName());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement(INSERT_CHANGE)) {
            for (LedgerEntry entry : entries) {
                for (StatusChange change : entry.history()) {
                    p.setObject(1, time(change.time()));
                    p.setString(2, change.status().wireName());
                    p.setString(3, change.errorCode());
                    p.setString(4, change.errorText());
                    p.setString(5, entry.id().toString());
                    p.addBatch();
                }
            }
            p.executeBatch();
        }
    }

    /** The websms id that made an insert of {@code entries} fail: one in the ledger already, or one given twice. */
    private static String alreadyThere(Connection c, List<LedgerEntry> entries) throws SQLException {
        String[] ids = entries.stream().map(e -> e.id().toString()).toArray(String[]::new);
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM ledger_message WHERE id = ANY (?) LIMIT 1")) {
            p.setArray(1, c.createArrayOf("text", ids));
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    return r.getString(1);
                }
            }
        }
        Set<String> seen = new HashSet<>();
        return Arrays.stream(ids).filter(id -> !seen.add(id)).findFirst().orElse("?");
    }

    @Override
    public boolean update(WebsmsId id, StatusChange change) throws IOException {
        checkWritable();
        String[] supersedes = Arrays.stream(DeliveryStatus.values()).filter(change.status()::supersedes)
                .map(DeliveryStatus::wireName).toArray(String[]::new);
        boolean[] result = store.use(c -> {
            try (PreparedStatement p = c.prepareStatement(UPDATE)) {
                p.setString(1, id.toString());
                p.setObject(2, time(change.time()));
                p.setString(3, change.status().wireName());
                p.setString(4, change.errorCode());
                p.setString(5, change.errorText());
                p.setString(6, change.status().wireName());
                p.setArray(7, c.createArrayOf("text", supersedes));
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return new boolean[] {r.getBoolean(1), r.getBoolean(2)};
                }
            }
        });
        if (!result[0]) {
            throw unknown(id);
        }
        return result[1];
    }

    @Override
    public void setItspId(WebsmsId id, String interfaceIndex, String itspId) throws IOException {
        checkWritable();
        int rows = store.use(c -> {
            try (PreparedStatement p = c.prepareStatement(SET_ITSP_ID)) {
                p.setString(1, itspId);
                p.setString(2, interfaceIndex);
                p.setString(3, id.toString());
                return p.executeUpdate();
            }
        });
        if (rows == 0) {
            throw unknown(id);
        }
    }

    @Override
    public long prune(Instant olderThan) throws IOException {
        checkWritable();
        long removed = 0;
        while (true) {
            int step = store.use(c -> {
                try (PreparedStatement p = c.prepareStatement(PRUNE)) {
                    p.setObject(1, time(olderThan));
                    return p.executeUpdate();
                }
            });
            removed += step;
            if (step < PRUNE_STEP) {
                return removed;
            }
        }
    }

    private static NoSuchElementException unknown(WebsmsId id) {
        return new NoSuchElementException("no message " + id + " in the ledger (never recorded, or pruned)");
    }

    // ---- reads

    @Override
    public Optional<LedgerEntry> byId(WebsmsId id) throws IOException {
        return select("id = ?", "seq", 1, List.of(id.toString())).stream().findFirst();
    }

    @Override
    public Optional<LedgerEntry> byItspId(String interfaceIndex, String itspId) throws IOException {
        return select("itsp_id = ? AND interface = ?", "seq DESC", 1, List.of(itspId, interfaceIndex)).stream().findFirst();
    }

    @Override
    public List<LedgerEntry> find(Query query) throws IOException {
        StringBuilder condition = new StringBuilder("true");
        List<Object> arguments = new ArrayList<>();
        query.to().ifPresent(n -> condition(condition, arguments, " AND to_number = ?", n));
        query.from().ifPresent(n -> condition(condition, arguments, " AND from_number = ?", n));
        query.itspId().ifPresent(i -> condition(condition, arguments, " AND itsp_id = ?", i));
        query.since().ifPresent(t -> condition(condition, arguments, " AND created >= ?", time(t)));
        query.until().ifPresent(t -> condition(condition, arguments, " AND created < ?", time(t)));
        return select(condition.toString(), "created DESC, seq DESC", query.limit(), arguments);
    }

    private static void condition(StringBuilder sql, List<Object> arguments, String condition, Object argument) {
        sql.append(condition);
        arguments.add(argument);
    }

    /**
     * The entries {@code condition} selects, the first {@code limit} in {@code order}, each with its history: one
     * statement, so one snapshot, however many daemons write meanwhile. Returned in the order of {@link Query}.
     */
    private List<LedgerEntry> select(String condition, String order, int limit, List<?> arguments) throws IOException {
        checkOpen();
        String sql = "SELECT m.seq, m.id, m.interface, m.to_number, m.from_number, m.characters, m.segments, m.body, m.itsp_id, "
                + "m.created, m.status, c.time, c.status, c.error_code, c.error_text "
                + "FROM (SELECT * FROM ledger_message WHERE " + condition + " ORDER BY " + order + " LIMIT " + limit + ") m "
                + "LEFT JOIN ledger_status_change c ON c.message = m.seq ORDER BY m.created DESC, m.seq DESC, c.seq";
        List<Row> rows = store.use(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < arguments.size(); i++) {
                    p.setObject(i + 1, arguments.get(i));
                }
                Map<Long, Row> found = new LinkedHashMap<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        Row row = found.computeIfAbsent(r.getLong(1), seq -> new Row());
                        if (row.id == null) {
                            row.read(r);
                        }
                        if (r.getObject(12) != null) {
                            row.history.add(new Change(instant(r, 12), r.getString(13), r.getString(14), r.getString(15)));
                        }
                    }
                }
                return new ArrayList<>(found.values());
            }
        });
        List<LedgerEntry> entries = new ArrayList<>(rows.size());
        for (Row row : rows) {
            entries.add(row.entry());
        }
        return entries;
    }

    /** One message as read, before its fields are checked: a damaged one fails outside the connection's use. */
    private static final class Row {
        String id;
        String interfaceIndex;
        String to;
        String from;
        int characters;
        int segments;
        String body;
        String itspId;
        Instant created;
        String status;
        final List<Change> history = new ArrayList<>();

        void read(ResultSet r) throws SQLException {
            id = r.getString(2);
            interfaceIndex = r.getString(3);
            to = r.getString(4);
            from = r.getString(5);
            characters = r.getInt(6);
            segments = r.getInt(7);
            body = r.getString(8);
            itspId = r.getString(9);
            created = instant(r, 10);
            status = r.getString(11);
        }

        LedgerEntry entry() throws IOException {
            WebsmsId websmsId;
            try {
                websmsId = WebsmsId.parse(id);
            } catch (IllegalArgumentException e) {
                throw new IOException("the ledger holds a damaged id: " + e.getMessage(), e);
            }
            List<StatusChange> changes = new ArrayList<>(history.size());
            for (Change change : history) {
                changes.add(new StatusChange(change.time(), status(change.status()), change.errorCode(), change.errorText()));
            }
            return new LedgerEntry(websmsId, interfaceIndex, to, from, characters, segments, Optional.ofNullable(body),
                    Optional.ofNullable(itspId), created, status(status), changes);
        }
    }

    /** One row of a message's history as read. */
    private record Change(Instant time, String status, String errorCode, String errorText) {
    }

    private static DeliveryStatus status(String wireName) throws IOException {
        Optional<DeliveryStatus> status = DeliveryStatus.fromWireName(wireName);
        if (status.isEmpty()) {
            throw new IOException("the ledger holds an unknown status '" + wireName + "' (written by a newer websms?)");
        }
        return status.get();
    }

    // ---- helpers

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        return r.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static void setOptional(PreparedStatement p, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            p.setString(index, value.get());
        } else {
            p.setNull(index, Types.VARCHAR);
        }
    }

    /** Whether {@code e}, or an error behind it (a batch reports its failing statement there), is a unique violation. */
    private static boolean duplicate(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void rollback(Connection c, Exception cause) throws SQLException {
        try {
            c.rollback();
        } catch (SQLException e) {
            e.addSuppressed(cause);
            throw e; // the connection is then closed, and with it the transaction
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("the ledger in " + store.address() + " is closed");
        }
    }

    private void checkWritable() throws IOException {
        checkOpen();
        if (!writable) {
            throw new IOException("the ledger in " + store.address() + " is open for reading only");
        }
    }

    /** Where it is kept, for a message: {@code the ledger in postgresql://…}. */
    @Override
    public String toString() {
        return "the ledger in " + store.address();
    }

    /** Closes its connections; calls after this throw {@link IOException}. */
    @Override
    public void close() {
        closed = true;
        store.close();
    }
}
