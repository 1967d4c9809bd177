package io.websms.runtime.store.postgresql;

import io.websms.runtime.store.StoreAddress;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A schema of its own in the local PostgreSQL the project's machines run (127.0.0.1:5432, user postgres, trust
 * authentication, database {@code test}), dropped by {@link #close()}. Fails, saying how to start PostgreSQL, when it
 * is not running: these tests are never skipped.
 */
final class TestDatabase implements AutoCloseable {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String HOW_TO_START = "PostgreSQL is needed on 127.0.0.1:5432 (user postgres, trust authentication, database test): "
            + "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
            + "(or install Debian's postgresql first); .ci/run does both";

    final String schema;

    TestDatabase() {
        schema = "websms_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + schema);
    }

    /** The store address of this schema. */
    StoreAddress address() {
        return StoreAddress.parse("postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema);
    }

    /** A connection to this schema. */
    Connection connect() {
        try {
            return DriverManager.getConnection(URL + "?currentSchema=" + schema, "postgres", "");
        } catch (SQLException e) {
            throw new AssertionError(HOW_TO_START + " (" + e.getMessage() + ")", e);
        }
    }

    /** Runs {@code sql} in this schema. */
    void execute(String sql) {
        try (Connection c = connect();
             Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e.getSQLState() != null && e.getSQLState().startsWith("08") ? HOW_TO_START + " (" + e.getMessage() + ")"
                    : sql + ": " + e.getMessage(), e);
        }
    }

    /** A number {@code sql} gives. */
    long number(String sql) {
        try (Connection c = connect(); Statement statement = c.createStatement(); var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement statement = c.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new AssertionError("cannot drop " + schema + ": " + e.getMessage(), e);
        }
    }
}
