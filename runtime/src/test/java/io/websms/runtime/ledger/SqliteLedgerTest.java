package io.websms.runtime.ledger;

import io.websms.runtime.outbound.WebsmsId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.websms.api.DeliveryStatus.DELIVERED;
import static io.websms.api.DeliveryStatus.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger's contract on the local store, one SQLite file; then what only the file does. */
class SqliteLedgerTest extends MessageLedgerContract {

    @TempDir
    Path dir;

    /** In a folder that does not exist yet: opening creates it. */
    private Path file() {
        return dir.resolve("state/ledger.db");
    }

    @Override
    protected MessageLedger open() throws IOException {
        return SqliteLedger.open(file());
    }

    @Override
    protected String where() {
        return "the ledger " + file();
    }

    @Override
    protected long historyRows() throws Exception {
        return sql(file(), "SELECT count(*) FROM status_change").getFirst();
    }

    @Test
    void theFileIsInWalModeAtSchemaVersion1WithStatusesByTheirNames() throws Exception {
        LedgerEntry entry = entry(T0, "+12025550183", "+15017122661");
        try (SqliteLedger ledger = SqliteLedger.open(file())) {
            ledger.record(entry);
            ledger.update(entry.id(), StatusChange.of(T0.plusSeconds(2), DELIVERED));
        }
        assertEquals(List.of(1L, 1L), sql(file(), "PRAGMA user_version", "SELECT count(*) FROM message WHERE status = 'delivered'"),
                "schema version 1; statuses by their wire names, for an admin's sqlite3");
        assertEquals("wal", sqlText(file(), "PRAGMA journal_mode"));
    }

    @Test
    void theFilesAreReadableByOwnerAndGroupOnly() throws Exception {
        Path file = dir.resolve("state/ledger.db");
        try (SqliteLedger ledger = SqliteLedger.open(file)) {
            ledger.record(entry(T0, "+12025550183", "+15017122661"));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/ledger.db-wal"))));
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state"))));
        }
    }

    @Test
    void aFileFromANewerWebsmsOrNoSqliteFileIsRefused() throws Exception {
        Path file = dir.resolve("ledger.db");
        SqliteLedger.open(file).close();
        sql(file, "PRAGMA user_version=99");
        IOException newer = assertThrows(IOException.class, () -> SqliteLedger.open(file));
        assertEquals("the ledger " + file + " has schema version 99, newer than this websms knows (1): run the websms that wrote it, "
                + "or move the file away to start a new ledger", newer.getMessage());
        Path text = Files.writeString(dir.resolve("notes.db"), "not a database, but long enough to have a header of some kind........");
        IOException damaged = assertThrows(IOException.class, () -> SqliteLedger.open(text));
        assertTrue(damaged.getMessage().startsWith("cannot open the ledger " + text + ": "), damaged.getMessage());
    }

    /** Runs statements on the file with a connection of its own, as an admin's sqlite3 would; the numbers each query returns. */
    private static List<Long> sql(Path file, String... statements) throws Exception {
        List<Long> results = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String statement : statements) {
                if (s.execute(statement)) {
                    try (ResultSet r = s.getResultSet()) {
                        r.next();
                        results.add(r.getLong(1));
                    }
                }
            }
        }
        return results;
    }

    private static String sqlText(Path file, String query) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void aReaderBesideTheWriterSeesEachChangeAndCannotWrite() throws Exception {
        Path file = dir.resolve("state/ledger.db");
        LedgerEntry entry = entry(T0, "+12025550183", "+15017122661");
        try (SqliteLedger writer = SqliteLedger.open(file)) {
            writer.record(entry);
            try (SqliteLedger reader = SqliteLedger.openReadOnly(file)) {
                assertEquals(Optional.of(entry), reader.byId(entry.id()));
                writer.update(entry.id(), StatusChange.of(T0.plusSeconds(1), SENT));
                assertEquals(SENT, reader.byId(entry.id()).orElseThrow().status(), "a change written meanwhile is seen");
                IOException refused = assertThrows(IOException.class, () -> reader.update(entry.id(), StatusChange.of(T0, DELIVERED)));
                assertTrue(refused.getMessage().contains("reading only"), refused.getMessage());
            }
        }
        try (SqliteLedger reader = SqliteLedger.openReadOnly(file)) {
            assertEquals(SENT, reader.byId(entry.id()).orElseThrow().status(), "read with no daemon running");
        }
        // SQLite may leave its -wal and -shm beside the file; they are as private as the file itself.
        try (var files = Files.list(file.getParent())) {
            for (Path companion : files.toList()) {
                assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(companion)), companion.toString());
            }
        }
        try (SqliteLedger daemon = SqliteLedger.open(file)) {
            daemon.update(entry.id(), StatusChange.of(T0.plusSeconds(2), DELIVERED));
        }
        IOException missing = assertThrows(IOException.class, () -> SqliteLedger.openReadOnly(dir.resolve("none/ledger.db")));
        assertTrue(missing.getMessage().contains("there is no ledger"), missing.getMessage());
        assertFalse(Files.exists(dir.resolve("none")), "nothing created");
    }
}
