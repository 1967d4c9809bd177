package io.websms.runtime.store.postgresql;

import io.websms.runtime.store.StoreAddress;
import io.websms.runtime.store.StoreHealth;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL store ({@code store = postgresql://…}): a few connections, opened when needed, and the schema,
 * brought up to date when the store is opened. Thread-safe.
 *
 * <p>No connection pool library: each use is one short statement in autocommit (a claim, a mark, a delete), never
 * held while a call file is written, so {@value #CONNECTIONS} connections serve {@code http_max_requests} webhooks;
 * a connection that failed is closed and the next use opens a new one, which is all a pool would add here.
 */
public final class PgStore implements StoreHealth, AutoCloseable {

    /** The most connections a daemon holds to the store. */
    static final int CONNECTIONS = 4;
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final long WAIT_FOR_CONNECTION_MILLIS = 5_000;

    private final StoreAddress address;
    private final Properties login;
    private final BlockingQueue<Slot> slots = new ArrayBlockingQueue<>(CONNECTIONS);
    private volatile boolean closed;

    /** One of the connections; null until it is first needed, or after it failed. */
    private static final class Slot {
        Connection connection;
    }

    private PgStore(StoreAddress address, Optional<String> password) {
        this.address = address;
        this.login = new Properties();
        login.setProperty("user", address.user());
        password.ifPresent(p -> login.setProperty("password", p));
        login.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        login.setProperty("socketTimeout", "30");
        login.setProperty("ApplicationName", "websmsd");
        for (int i = 0; i < CONNECTIONS; i++) {
            slots.add(new Slot());
        }
    }

    /**
     * Connects to the store at {@code address} and brings its schema up to date.
     *
     * @throws IOException saying why it cannot be used (no password in it)
     */
    public static PgStore open(StoreAddress address, Optional<String> password) throws IOException {
        if (address.isLocal()) {
            throw new IllegalArgumentException("not a PostgreSQL store: " + address);
        }
        PgStore store = new PgStore(address, password);
        try {
            store.use(Schema::update);
            return store;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The store at {@code address} as it is, its schema left untouched: for a command that only reads (such as
     * {@code websms status}), run by a user who may not change the tables. Connects when first used.
     */
    public static PgStore connect(StoreAddress address, Optional<String> password) {
        if (address.isLocal()) {
            throw new IllegalArgumentException("not a PostgreSQL store: " + address);
        }
        return new PgStore(address, password);
    }

    /**
     * Tries a connection to the store at {@code address} and reads its schema version, changing nothing: what
     * {@code websms check-config} says of it.
     *
     * @return e.g. {@code reachable as websms, schema version 1 of 1}
     * @throws IOException saying why no connection can be made (no password in it)
     */
    public static String probe(StoreAddress address, Optional<String> password) throws IOException {
        PgStore store = new PgStore(address, password);
        try {
            return store.use(c -> {
                int version = 0;
                try (var statement = c.createStatement();
                     var rs = statement.executeQuery("SELECT to_regclass('schema_version') IS NOT NULL")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        try (var versions = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                            versions.next();
                            version = versions.getInt(1);
                        }
                    }
                }
                int latest = Schema.latest();
                return "reachable as " + address.user() + ", schema version " + version + " of " + latest
                        + (version < latest ? " (websmsd brings it up to date when it starts)" : "");
            });
        } finally {
            store.close();
        }
    }

    /** The address it connects to. */
    public StoreAddress address() {
        return address;
    }

    /** What a use of a connection does. */
    @FunctionalInterface
    interface Use<T> {
        T on(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code use} on one of the connections (opening it when needed); a connection on which it fails is closed.
     *
     * @throws IOException when the store cannot be reached or the statement fails, saying why
     */
    <T> T use(Use<T> use) throws IOException {
        Slot slot;
        try {
            slot = slots.poll(WAIT_FOR_CONNECTION_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a connection to the store " + address, e);
        }
        if (slot == null) {
            throw new IOException("all " + CONNECTIONS + " connections to the store " + address + " stayed busy for "
                    + WAIT_FOR_CONNECTION_MILLIS / 1000 + " s");
        }
        try {
            if (closed) {
                throw new IOException("the store " + address + " is closed");
            }
            if (slot.connection == null) {
                slot.connection = DriverManager.getConnection(address.jdbcUrl(), login);
            }
            return use.on(slot.connection);
        } catch (SQLException e) {
            discard(slot);
            throw new IOException("the store " + address + " failed: " + reason(e), e);
        } catch (RuntimeException e) {
            discard(slot);
            throw e;
        } finally {
            slots.add(slot);
        }
    }

    private static void discard(Slot slot) {
        if (slot.connection != null) {
            try {
                slot.connection.close();
            } catch (SQLException ignored) {
                // it failed already
            }
            slot.connection = null;
        }
    }

    /** What went wrong, in the server's or the driver's words; the SQL state when it is not a generic one. */
    static String reason(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String state = e.getSQLState();
        return state == null ? message : message + " (SQLSTATE " + state + ")";
    }

    @Override
    public Optional<String> problem() {
        try {
            use(c -> {
                try (var statement = c.createStatement()) {
                    statement.setQueryTimeout(2);
                    statement.execute("SELECT 1");
                }
                return null;
            });
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public String describe() {
        return address.toString();
    }

    /** Closes its connections; uses after this fail. */
    @Override
    public void close() {
        closed = true;
        for (Slot slot : slots) {
            discard(slot);
        }
    }
}
