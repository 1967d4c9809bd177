package io.websms.runtime.ledger;

import io.websms.runtime.outbound.WebsmsId;
import io.websms.api.DeliveryStatus;
import io.websms.runtime.files.PrivateFiles;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ledger in one SQLite file, in WAL mode with {@code synchronous=FULL}: every change is in the write-ahead log
 * and forced to disk before its call returns, and readers (this process's, or {@code sqlite3} and {@code websms
 * status} beside a running daemon) never wait for a writer.
 *
 * <p>Writes go through one writer thread that commits what is waiting together (group commit): callers still return
 * only once their change is on disk, but many callers at once share one {@code fsync}, so the rate grows with the
 * number of callers instead of stopping at one {@code fsync} per change. Each change runs in its own savepoint, so a
 * failing one (a duplicate id) fails only its caller. Reads use a second connection.
 *
 * <p>The schema's version is SQLite's {@code user_version}; {@link #MIGRATIONS} lists the steps from each version
 * to the next, and opening a file applies the missing ones. One table pair needs no migration library (Flyway would
 * add a dependency and its own bookkeeping table for a few statements). A file from a newer websms is refused.
 */
public final class SqliteLedger implements MessageLedger {

    private static final System.Logger LOG = System.getLogger(SqliteLedger.class.getName());

    /** Migration {@code n} (from 0) brings the schema from version {@code n} to {@code n + 1}. Append only. */
    static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE message (
              seq INTEGER PRIMARY KEY,
              id TEXT NOT NULL UNIQUE,
              interface TEXT NOT NULL,
              to_number TEXT NOT NULL,
              from_number TEXT NOT NULL,
              characters INTEGER NOT NULL,
              segments INTEGER NOT NULL,
              body TEXT,
              itsp_id TEXT,
              created INTEGER NOT NULL,
              status TEXT NOT NULL
            )""",
            """
            CREATE TABLE status_change (
              seq INTEGER PRIMARY KEY,
              message INTEGER NOT NULL REFERENCES message(seq) ON DELETE CASCADE,
              time INTEGER NOT NULL,
              status TEXT NOT NULL,
              error_code TEXT NOT NULL,
              error_text TEXT NOT NULL
            )""",
            "CREATE INDEX status_change_message ON status_change(message)",
            "CREATE INDEX message_itsp_id ON message(itsp_id, interface) WHERE itsp_id IS NOT NULL",
            "CREATE INDEX message_to ON message(to_number, created)",
            "CREATE INDEX message_from ON message(from_number, created)",
            "CREATE INDEX message_created ON message(created)"));

    private static final String COLUMNS = "seq, id, interface, to_number, from_number, characters, segments, body, itsp_id, created, status";
    private static final int BATCH = 256;
    private static final int PRUNE_STEP = 5000;

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final ReentrantLock reading = new ReentrantLock();
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Pending<Void> stop = new Pending<>(() -> null);
    private final Thread writerThread;
    private final Object state = new Object();
    /** The writer's prepared statements, kept for its life: only the writer thread uses them. */
    private final Map<String, PreparedStatement> statements = new java.util.HashMap<>();
    private volatile boolean closed;

    private SqliteLedger(Path file, Connection writer, Connection reader) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
        this.writerThread = Thread.ofPlatform().daemon().name("websms-ledger-writer").unstarted(this::writeLoop);
    }

    /**
     * The ledger in {@code file}, created (with its folders, readable by owner and group only) when missing, its
     * schema brought up to date.
     *
     * @throws IOException when the file cannot be opened or written, is no SQLite file, or comes from a newer websms
     */
    public static SqliteLedger open(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            PrivateFiles.createFolders(absolute.getParent());
        }
        if (!Files.exists(absolute)) {
            // SQLite gives its -wal and -shm files the database file's permissions: create it private first.
            PrivateFiles.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        }
        Connection writer = null;
        Connection reader = null;
        try {
            writer = connect(absolute);
            try (Statement s = writer.createStatement()) {
                try (ResultSet mode = s.executeQuery("PRAGMA journal_mode=WAL")) {
                    String journal = mode.next() ? mode.getString(1) : "unknown";
                    if (!"wal".equalsIgnoreCase(journal)) {
                        throw new IOException("the ledger " + absolute + " cannot use WAL mode (journal mode " + journal
                                + "): put state_dir on a local file system");
                    }
                }
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
            }
            migrate(writer, absolute);
            reader = connect(absolute);
            try (Statement s = reader.createStatement()) {
                s.execute("PRAGMA query_only=ON");
            }
            SqliteLedger ledger = new SqliteLedger(absolute, writer, reader);
            ledger.writerThread.start();
            return ledger;
        } catch (SQLException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            throw new IOException("cannot open the ledger " + absolute + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            throw e;
        }
    }

    /**
     * The ledger in {@code file} for reading only ({@code websms status} beside a running daemon: WAL readers never
     * block the writer). Creates nothing, neither the file nor SQLite's {@code -wal} and {@code -shm} companions, so
     * that a reader run as another user never leaves files the daemon cannot open; every write throws
     * {@link IOException}.
     *
     * @throws IOException when the file does not exist, cannot be read, is no SQLite ledger, or comes from a newer websms
     */
    public static SqliteLedger openReadOnly(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new IOException("there is no ledger " + absolute);
        }
        Connection reader = null;
        try {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(10_000);
            reader = DriverManager.getConnection("jdbc:sqlite:" + absolute, config.toProperties());
            int version;
            try (Statement s = reader.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
                version = r.next() ? r.getInt(1) : 0;
            }
            if (version != MIGRATIONS.size()) {
                throw new IOException("the ledger " + absolute + " has schema version " + version + ", this websms reads version "
                        + MIGRATIONS.size() + (version < MIGRATIONS.size() ? ": start websmsd once to bring it up to date"
                        : ": use the websms that wrote it"));
            }
            return new SqliteLedger(absolute, null, reader);
        } catch (SQLException e) {
            closeQuietly(reader);
            throw new IOException("cannot read the ledger " + absolute + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
    }

    /** The ledger's file. */
    public Path file() {
        return file;
    }

    private static Connection connect(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = connection.createStatement()) {
            // Another process (websms status, sqlite3) may hold a lock for a moment.
            s.execute("PRAGMA busy_timeout=10000");
        }
        return connection;
    }

    private static void migrate(Connection connection, Path file) throws SQLException, IOException {
        int version;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            version = r.next() ? r.getInt(1) : 0;
        }
        if (version > MIGRATIONS.size()) {
            throw new IOException("the ledger " + file + " has schema version " + version + ", newer than this websms knows ("
                    + MIGRATIONS.size() + "): run the websms that wrote it, or move the file away to start a new ledger");
        }
        for (int step = version; step < MIGRATIONS.size(); step++) {
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    for (String sql : MIGRATIONS.get(step)) {
                        s.execute(sql);
                    }
                    s.execute("PRAGMA user_version=" + (step + 1));
                    s.execute("COMMIT");
                } catch (SQLException e) {
                    s.execute("ROLLBACK");
                    throw e;
                }
            }
            LOG.log(Level.INFO, "ledger {0}: schema version {1}", file, step + 1);
        }
    }

    // ---- writes

    @Override
    public void record(LedgerEntry accepted) throws IOException {
        write(() -> {
            insert(accepted);
            return null;
        });
    }

    @Override
    public void recordAll(Collection<LedgerEntry> entries) throws IOException {
        List<LedgerEntry> all = List.copyOf(entries);
        write(() -> {
            for (LedgerEntry entry : all) {
                insert(entry);
            }
            return null;
        });
    }

    /** The writer's statement for {@code sql}, prepared once; called on the writer thread only. */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = writer.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private void insert(LedgerEntry entry) throws SQLException {
        long seq;
        try {
            PreparedStatement p = statement("INSERT INTO message (id, interface, to_number, from_number, characters, "
                    + "segments, body, itsp_id, created, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq");
            p.setString(1, entry.id().toString());
            p.setString(2, entry.interfaceIndex());
            p.setString(3, entry.to());
            p.setString(4, entry.from());
            p.setInt(5, entry.characters());
            p.setInt(6, entry.segments());
            setOptional(p, 7, entry.body());
            setOptional(p, 8, entry.itspId());
            p.setLong(9, entry.created().toEpochMilli());
            p.setString(10, entry.status().wireName());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                seq = r.getLong(1);
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("UNIQUE constraint failed: message.id")) {
                throw new IllegalArgumentException("the websms id " + entry.id() + " is already in the ledger", e);
            }
            throw e;
        }
        for (StatusChange change : entry.history()) {
            insertChange(seq, change);
        }
    }

    private void insertChange(long message, StatusChange change) throws SQLException {
        PreparedStatement p = statement("INSERT INTO status_change (message, time, status, error_code, error_text) VALUES (?, ?, ?, ?, ?)");
        p.setLong(1, message);
        p.setLong(2, change.time().toEpochMilli());
        p.setString(3, change.status().wireName());
        p.setString(4, change.errorCode());
        p.setString(5, change.errorText());
        p.executeUpdate();
    }

    @Override
    public boolean update(WebsmsId id, StatusChange change) throws IOException {
        return write(() -> {
            long seq;
            DeliveryStatus current;
            PreparedStatement find = statement("SELECT seq, status FROM message WHERE id = ?");
            find.setString(1, id.toString());
            try (ResultSet r = find.executeQuery()) {
                if (!r.next()) {
                    throw new NoSuchElementException("no message " + id + " in the ledger (never recorded, or pruned)");
                }
                seq = r.getLong(1);
                current = status(r.getString(2));
            }
            PreparedStatement repeat = statement("SELECT 1 FROM status_change WHERE message = ? AND time = ? AND status = ? "
                    + "AND error_code = ? AND error_text = ?");
            repeat.setLong(1, seq);
            repeat.setLong(2, change.time().toEpochMilli());
            repeat.setString(3, change.status().wireName());
            repeat.setString(4, change.errorCode());
            repeat.setString(5, change.errorText());
            try (ResultSet r = repeat.executeQuery()) {
                if (r.next()) {
                    return false; // the same report again
                }
            }
            insertChange(seq, change);
            if (!change.status().supersedes(current)) {
                return false;
            }
            PreparedStatement state = statement("UPDATE message SET status = ? WHERE seq = ?");
            state.setString(1, change.status().wireName());
            state.setLong(2, seq);
            state.executeUpdate();
            return true;
        });
    }

    @Override
    public void setItspId(WebsmsId id, String interfaceIndex, String itspId) throws IOException {
        write(() -> {
            PreparedStatement p = statement("UPDATE message SET itsp_id = ?, interface = ? WHERE id = ?");
            p.setString(1, itspId);
            p.setString(2, interfaceIndex);
            p.setString(3, id.toString());
            if (p.executeUpdate() == 0) {
                throw new NoSuchElementException("no message " + id + " in the ledger (never recorded, or pruned)");
            }
            return null;
        });
    }

    @Override
    public long prune(Instant olderThan) throws IOException {
        long removed = 0;
        while (true) {
            // One step per transaction: a large prune never holds up the messages being sent meanwhile.
            int step = write(() -> {
                PreparedStatement p = statement("DELETE FROM message WHERE seq IN "
                        + "(SELECT seq FROM message WHERE created < ? ORDER BY created LIMIT " + PRUNE_STEP + ")");
                p.setLong(1, olderThan.toEpochMilli());
                return p.executeUpdate();
            });
            removed += step;
            if (step < PRUNE_STEP) {
                return removed;
            }
        }
    }

    // ---- reads

    @Override
    public Optional<LedgerEntry> byId(WebsmsId id) throws IOException {
        List<LedgerEntry> found = read("SELECT " + COLUMNS + " FROM message WHERE id = ?", List.of(id.toString()));
        return found.stream().findFirst();
    }

    @Override
    public Optional<LedgerEntry> byItspId(String interfaceIndex, String itspId) throws IOException {
        List<LedgerEntry> found = read("SELECT " + COLUMNS + " FROM message WHERE itsp_id = ? AND interface = ? ORDER BY seq DESC LIMIT 1",
                List.of(itspId, interfaceIndex));
        return found.stream().findFirst();
    }

    @Override
    public List<LedgerEntry> find(Query query) throws IOException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM message WHERE 1 = 1");
        List<Object> arguments = new ArrayList<>();
        query.to().ifPresent(n -> condition(sql, arguments, " AND to_number = ?", n));
        query.from().ifPresent(n -> condition(sql, arguments, " AND from_number = ?", n));
        query.itspId().ifPresent(i -> condition(sql, arguments, " AND itsp_id = ?", i));
        query.since().ifPresent(t -> condition(sql, arguments, " AND created >= ?", t.toEpochMilli()));
        query.until().ifPresent(t -> condition(sql, arguments, " AND created < ?", t.toEpochMilli()));
        sql.append(" ORDER BY created DESC, seq DESC LIMIT ").append(query.limit());
        return read(sql.toString(), arguments);
    }

    private static void condition(StringBuilder sql, List<Object> arguments, String condition, Object argument) {
        sql.append(condition);
        arguments.add(argument);
    }

    /** The entries {@code sql} selects ({@link #COLUMNS}), with their histories, from one snapshot of the file. */
    private List<LedgerEntry> read(String sql, List<?> arguments) throws IOException {
        reading.lock();
        try {
            if (closed) {
                throw new IOException("the ledger " + file + " is closed");
            }
            return snapshot(sql, arguments);
        } catch (SQLException e) {
            throw new IOException("cannot read the ledger " + file + ": " + e.getMessage(), e);
        } finally {
            reading.unlock();
        }
    }

    private List<LedgerEntry> snapshot(String sql, List<?> arguments) throws SQLException, IOException {
        try (Statement s = reader.createStatement()) {
            s.execute("BEGIN");
            try {
                Map<Long, Row> rows = new LinkedHashMap<>();
                try (PreparedStatement p = reader.prepareStatement(sql)) {
                    for (int i = 0; i < arguments.size(); i++) {
                        p.setObject(i + 1, arguments.get(i));
                    }
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            rows.put(r.getLong(1), new Row(r));
                        }
                    }
                }
                Map<Long, List<StatusChange>> histories = histories(rows.keySet());
                List<LedgerEntry> entries = new ArrayList<>(rows.size());
                for (Map.Entry<Long, Row> row : rows.entrySet()) {
                    entries.add(row.getValue().entry(histories.getOrDefault(row.getKey(), List.of())));
                }
                return entries;
            } finally {
                s.execute("COMMIT");
            }
        }
    }

    private Map<Long, List<StatusChange>> histories(Collection<Long> messages) throws SQLException, IOException {
        Map<Long, List<StatusChange>> histories = new LinkedHashMap<>();
        if (messages.isEmpty()) {
            return histories;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(messages.size(), "?"));
        try (PreparedStatement p = reader.prepareStatement("SELECT message, time, status, error_code, error_text FROM status_change "
                + "WHERE message IN (" + marks + ") ORDER BY seq")) {
            int i = 1;
            for (long message : messages) {
                p.setLong(i++, message);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    histories.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(new StatusChange(Instant.ofEpochMilli(r.getLong(2)),
                            status(r.getString(3)), r.getString(4), r.getString(5)));
                }
            }
        }
        return histories;
    }

    /** One row of {@code message}, read before its history. */
    private static final class Row {
        final WebsmsId id;
        final String interfaceIndex;
        final String to;
        final String from;
        final int characters;
        final int segments;
        final Optional<String> body;
        final Optional<String> itspId;
        final Instant created;
        final DeliveryStatus status;

        Row(ResultSet r) throws SQLException, IOException {
            try {
                id = WebsmsId.parse(r.getString(2));
            } catch (IllegalArgumentException e) {
                throw new IOException("the ledger holds a damaged id: " + e.getMessage(), e);
            }
            interfaceIndex = r.getString(3);
            to = r.getString(4);
            from = r.getString(5);
            characters = r.getInt(6);
            segments = r.getInt(7);
            body = Optional.ofNullable(r.getString(8));
            itspId = Optional.ofNullable(r.getString(9));
            created = Instant.ofEpochMilli(r.getLong(10));
            status = status(r.getString(11));
        }

        LedgerEntry entry(List<StatusChange> history) {
            return new LedgerEntry(id, interfaceIndex, to, from, characters, segments, body, itspId, created, status, history);
        }
    }

    private static DeliveryStatus status(String wireName) throws IOException {
        Optional<DeliveryStatus> status = DeliveryStatus.fromWireName(wireName);
        if (status.isEmpty()) {
            throw new IOException("the ledger holds an unknown status '" + wireName + "' (written by a newer websms?)");
        }
        return status.get();
    }

    private static void setOptional(PreparedStatement p, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            p.setString(index, value.get());
        } else {
            p.setNull(index, Types.VARCHAR);
        }
    }

    // ---- the writer thread

    /** One change, run on the writer thread inside the open transaction. */
    @FunctionalInterface
    private interface Change<T> {
        T apply() throws SQLException, IOException;
    }

    private record Pending<T>(Change<T> change, CompletableFuture<T> done) {
        Pending(Change<T> change) {
            this(change, new CompletableFuture<>());
        }
    }

    /** Hands {@code change} to the writer and waits until it is on disk. */
    private <T> T write(Change<T> change) throws IOException {
        if (writer == null) {
            throw new IOException("the ledger " + file + " is open for reading only");
        }
        Pending<T> pending = new Pending<>(change);
        synchronized (state) {
            if (closed) {
                throw new IOException("the ledger " + file + " is closed");
            }
            queue.add(pending);
        }
        try {
            return pending.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the ledger " + file + "; the change may or may not be on disk");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof SQLException sql) {
                throw new IOException("cannot write the ledger " + file + ": " + sql.getMessage(), sql);
            }
            throw new IOException("cannot write the ledger " + file + ": " + cause, cause);
        }
    }

    private void writeLoop() {
        List<Pending<?>> batch = new ArrayList<>(BATCH);
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() stops the writer
            }
            queue.drainTo(batch, BATCH - 1);
            stopping = batch.remove(stop);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
        }
        stop.done().complete(null);
    }

    /** Runs {@code batch} in one transaction, each change in a savepoint of its own, and tells each caller. */
    private void commit(List<Pending<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        try (Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                for (Pending<?> pending : batch) {
                    s.execute("SAVEPOINT one_change");
                    try {
                        results.add(pending.change().apply());
                        s.execute("RELEASE one_change");
                    } catch (SQLException | IOException | RuntimeException e) {
                        s.execute("ROLLBACK TO one_change");
                        s.execute("RELEASE one_change");
                        results.add(new Failed(e));
                    }
                }
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // the transaction is gone already
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.ERROR, "ledger {0}: a write failed: {1}", file, e.getMessage());
            for (Pending<?> pending : batch) {
                pending.done().completeExceptionally(e);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    /** A change that failed in its savepoint while the others of its batch went on. */
    private record Failed(Exception error) {
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result) {
        if (result instanceof Failed failed) {
            pending.done().completeExceptionally(failed.error());
        } else {
            pending.done().complete((T) result);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
            if (writer == null) {
                reading.lock();
                try {
                    reader.close();
                } catch (SQLException e) {
                    throw new IOException("cannot close the ledger " + file + ": " + e.getMessage(), e);
                } finally {
                    reading.unlock();
                }
                return;
            }
            queue.add(stop);
        }
        try {
            stop.done().get();
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing the ledger " + file);
        } catch (ExecutionException e) {
            throw new IOException("cannot close the ledger " + file + ": " + e.getCause(), e.getCause());
        }
        reading.lock();
        try {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
            writer.close();
            reader.close();
        } catch (SQLException e) {
            throw new IOException("cannot close the ledger " + file + ": " + e.getMessage(), e);
        } finally {
            reading.unlock();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing after a failed open: the first error is the one reported
            }
        }
    }
}
