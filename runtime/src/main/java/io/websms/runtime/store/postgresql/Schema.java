package io.websms.runtime.store.postgresql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store's tables, brought up to date from plain numbered SQL files ({@code schema/1.sql}, {@code 2.sql}, …
 * beside this class), each applied once and recorded in {@code schema_version}. Two daemons starting at once take
 * turns on an advisory lock, so each file runs once.
 *
 * <p>Not Flyway: a migration library of several megabytes, with its own configuration and history table, for a few
 * tables whose files only ever get appended; the loop below is the whole of what it would do here.
 */
final class Schema {

    /** The advisory lock the daemons take while they update the schema: "websms" in ASCII. */
    private static final long LOCK = 0x7765_6273_6d73L;

    private Schema() {
    }

    /** Applies the files newer than the store's version, in one transaction; returns the version now. */
    static Integer update(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            int version;
            try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                rs.next();
                version = rs.getInt(1);
            }
            for (String sql = file(version + 1); sql != null; sql = file(version + 1)) {
                statement.execute(sql);
                version++;
                try (PreparedStatement record = connection.prepareStatement("INSERT INTO schema_version (version) VALUES (?)")) {
                    record.setInt(1, version);
                    record.executeUpdate();
                }
            }
            connection.commit();
            return version;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The newest version the files give. */
    static int latest() {
        int version = 0;
        while (file(version + 1) != null) {
            version++;
        }
        return version;
    }

    private static String file(int version) {
        try (InputStream in = Schema.class.getResourceAsStream("schema/" + version + ".sql")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema/" + version + ".sql from the websms jar", e);
        }
    }
}
