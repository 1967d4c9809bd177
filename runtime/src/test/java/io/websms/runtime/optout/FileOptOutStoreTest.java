package io.websms.runtime.optout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The opt-out list on disk: one file per pair, the same list for every process that opens the folder. */
class FileOptOutStoreTest {

    private static final Instant T = Instant.parse("2025-11-20T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aPairIsOnTheListForThatPairOnlyAndStaysForTheNextProcess() throws Exception {
        FileOptOutStore store = FileOptOutStore.open(dir.resolve("optout"));
        assertTrue(store.add(new OptOut("+46701234567", "+15017122661", T, "STOP on interface 1")));

        FileOptOutStore another = FileOptOutStore.open(dir.resolve("optout"));
        assertEquals(Optional.of(new OptOut("+46701234567", "+15017122661", T, "STOP on interface 1")),
                another.find("+46701234567", "+15017122661"));
        assertEquals(Optional.empty(), another.find("+46709999999", "+15017122661"), "another of our numbers may still write to them");
        assertEquals(Optional.empty(), another.find("+46701234567", "+15017120000"));
        assertEquals(List.of("OURS=+46701234567 THEIRS=+15017122661"),
                another.list().stream().map(o -> "OURS=" + o.ours() + " THEIRS=" + o.theirs()).toList());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                Files.list(dir.resolve("optout")).findFirst().orElseThrow())), "phone numbers: private, as the outbox");
    }

    @Test
    void numbersAreComparedWithoutSeparatorsPlusOr00() throws Exception {
        FileOptOutStore store = FileOptOutStore.open(dir);
        store.add(new OptOut("46701234567", "+1 (501) 712-2661", T, "STOP"));
        assertTrue(store.find("+46701234567", "+15017122661").isPresent());
        assertTrue(store.find("0046 70 123 45 67", "0015017122661").isPresent());
        assertFalse(store.add(new OptOut("+46701234567", "15017122661", T.plusSeconds(60), "STOP again")),
                "the same pair, written otherwise: already on the list");
        assertEquals(T, store.list().get(0).since(), "the first opt-out's time stays");
    }

    @Test
    void removeTakesThePairOffAndSaysWhetherItWasOn() throws Exception {
        FileOptOutStore store = FileOptOutStore.open(dir);
        store.add(new OptOut("+46701234567", "+15017122661", T, "STOP"));
        assertTrue(store.remove("+46701234567", "+15017122661"));
        assertFalse(store.remove("+46701234567", "+15017122661"));
        assertEquals(Optional.empty(), store.find("+46701234567", "+15017122661"));
        assertEquals(List.of(), store.list());
    }

    @Test
    void anAlphanumericSenderAndOddCharactersMakeSafeFileNames() throws Exception {
        FileOptOutStore store = FileOptOutStore.open(dir);
        store.add(new OptOut("ACME Co/..", "+15017122661", T, "websms optout add"));
        assertTrue(store.find("acme co/..", "+15017122661").isPresent());
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
