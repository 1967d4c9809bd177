package io.websms.runtime.store;

import io.websms.runtime.config.Redaction;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code store = local | postgresql://user@host:port/db}, and where its password comes from. */
class StoreAddressTest {

    @Test
    void localIsTheDefaultAndAPostgresqlUrlNamesUserHostPortAndDatabase() {
        assertTrue(StoreAddress.parse("local").isLocal());
        assertTrue(StoreAddress.parse("").isLocal());
        StoreAddress shared = StoreAddress.parse("postgresql://websms@db.example.com:6432/sms?sslmode=verify-full");
        assertEquals(new StoreAddress("websms", "db.example.com", 6432, "sms", "sslmode=verify-full"), shared);
        assertEquals("jdbc:postgresql://db.example.com:6432/sms?sslmode=verify-full", shared.jdbcUrl());
        assertEquals(5432, StoreAddress.parse("postgresql://websms@db/sms").port());
        assertEquals("postgresql://websms@db:5432/sms", StoreAddress.parse("postgres://websms@db/sms").toString());
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutBeingShown() {
        for (String url : new String[] {"postgresql://websms:s3cret@db/sms", "postgresql://websms@db/sms?password=s3cret"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreAddress.parse(url));
            assertEquals("the store's URL holds a password, which would be in every copy of this file", e.getMessage());
        }
        assertEquals("postgresql://websms:********@db/sms", Redaction.of("store", "postgresql://websms:s3cret@db/sms"));
        assertEquals("postgresql://websms@db/sms?ssl=true&password=********", Redaction.of("store", "postgresql://websms@db/sms?ssl=true&password=s3cret"));
        assertEquals("postgresql://websms@db/sms", Redaction.of("store", "postgresql://websms@db/sms"));
    }

    @Test
    void whatIsNotAStoreSaysWhatIsMissing() {
        assertEquals("'mysql://websms@db/sms' is neither local nor a postgresql:// URL",
                assertThrows(IllegalArgumentException.class, () -> StoreAddress.parse("mysql://websms@db/sms")).getMessage());
        assertEquals("'postgresql://db/sms' names no user",
                assertThrows(IllegalArgumentException.class, () -> StoreAddress.parse("postgresql://db/sms")).getMessage());
        assertEquals("'postgresql://websms@db' names no database (postgresql://user@host:port/database)",
                assertThrows(IllegalArgumentException.class, () -> StoreAddress.parse("postgresql://websms@db")).getMessage());
    }

    @Test
    void thePasswordComesFromItsFileElseFromPgpassword(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("store.pw"), "from-file\nignored\n");
        Map<String, String> env = Map.of("PGPASSWORD", "from-env");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        java.io.IOException open = assertThrows(java.io.IOException.class, () -> StorePassword.of(file.toString(), env::get));
        assertEquals("store_password_file " + file + " can be read by every user of this host (mode rw-r--r--); chmod 600 it (or 640 with the group websmsd runs as)",
                open.getMessage());
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(Optional.of("from-file"), StorePassword.of(file.toString(), env::get));
        assertEquals(Optional.of("from-env"), StorePassword.of("", env::get));
        assertEquals(Optional.empty(), StorePassword.of("", Map.<String, String>of()::get));
        java.io.IOException missing = assertThrows(java.io.IOException.class, () -> StorePassword.of(dir.resolve("none").toString(), env::get));
        assertTrue(missing.getMessage().startsWith("cannot read store_password_file " + dir.resolve("none") + " (NoSuchFileException)"), missing.getMessage());
        assertFalse(missing.getMessage().contains("from-env"));
    }
}
