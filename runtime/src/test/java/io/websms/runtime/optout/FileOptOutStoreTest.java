package io.websms.runtime.optout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The opt-out list's contract on the local store, one file per pair; then what only the folder does. */
class FileOptOutStoreTest extends OptOutStoreContract {

    @TempDir
    Path dir;

    @Override
    protected OptOutStore open() throws IOException {
        return FileOptOutStore.open(dir.resolve("optout"));
    }

    @Test
    void eachPairIsAPrivateFile() throws Exception {
        open().add(new OptOut("+46701234567", "+15017122661", T, "STOP on interface 1"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                Files.list(dir.resolve("optout")).findFirst().orElseThrow())), "phone numbers: private, as the outbox");
    }

    @Test
    void anAlphanumericSenderAndOddCharactersMakeSafeFileNames() throws Exception {
        FileOptOutStore store = FileOptOutStore.open(dir);
        store.add(new OptOut("ACME Co/..", "+15017122661", T, "websms optout add"));
        assertEquals(List.of("acmeco%2F_15017122661.optout"), // blanks and dots are separators, as in a number
                Files.list(dir).map(f -> f.getFileName().toString()).toList());
    }

    @Test
    void aMissingFolderReadsAsAnEmptyListAndIsNotCreated() throws Exception {
        FileOptOutStore store = FileOptOutStore.reading(dir.resolve("none"));
        assertEquals(Optional.empty(), store.find("+46701234567", "+15017122661"));
        assertFalse(Files.exists(dir.resolve("none")));
    }
}
