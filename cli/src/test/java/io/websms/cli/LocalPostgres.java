package io.websms.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The local PostgreSQL the project's machines run (127.0.0.1:5432, user postgres, trust authentication, database
 * {@code test}), for the tests of the shared store. Fails, saying how to start it, when it is not running: those
 * tests are never skipped.
 */
final class LocalPostgres {

    static final String HOW_TO_START = "PostgreSQL is needed on 127.0.0.1:5432 (user postgres, trust authentication, database test): "
            + "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
            + "(or install Debian's postgresql first); .ci/run does both";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private LocalPostgres() {
    }

    /** Runs {@code statement}. */
    static void sql(String statement) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new AssertionError(statement + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row {@code query} gives, as text; null when it gives none. */
    static String text(String query) {
        try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new AssertionError(query + ": " + e.getMessage(), e);
        }
    }

    /** The number {@code query} gives. */
    static long number(String query) {
        return Long.parseLong(text(query));
    }

    private static Connection connect() {
        try {
            return DriverManager.getConnection(URL, "postgres", "");
        } catch (SQLException e) {
            throw new AssertionError(HOW_TO_START + " (" + e.getMessage() + ")", e);
        }
    }
}
