package io.websms.runtime.optout;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link OptOutStore} does (the contract in its javadoc), run against each: the folder of the local store
 * ({@code FileOptOutStoreTest}) and the shared PostgreSQL store ({@code PgOptOutStoreTest}), which add what only they do.
 */
public abstract class OptOutStoreContract {

    protected static final Instant T = Instant.parse("2025-11-20T10:00:00Z");

    /**
     * The list under test, on a store of this test's own, empty at first; each call opens it again on the same store,
     * as another process (a {@code websms} command, another daemon) does.
     */
    protected abstract OptOutStore open() throws IOException;

    @Test
    void aPairIsOnTheListForThatPairOnlyAndStaysForTheNextProcess() throws Exception {
        OptOutStore store = open();
        assertTrue(store.add(new OptOut("+46701234567", "+15017122661", T, "STOP on interface 1")));

        OptOutStore another = open();
        assertEquals(Optional.of(new OptOut("+46701234567", "+15017122661", T, "STOP on interface 1")),
                another.find("+46701234567", "+15017122661"));
        assertEquals(Optional.empty(), another.find("+46709999999", "+15017122661"), "another of our numbers may still write to them");
        assertEquals(Optional.empty(), another.find("+46701234567", "+15017120000"));
        assertEquals(List.of("OURS=+46701234567 THEIRS=+15017122661"),
                another.list().stream().map(o -> "OURS=" + o.ours() + " THEIRS=" + o.theirs()).toList());
    }

    @Test
    void numbersAreComparedWithoutSeparatorsPlusOr00() throws Exception {
        OptOutStore store = open();
        store.add(new OptOut("46701234567", "+1 (501) 712-2661", T, "STOP"));
        assertTrue(store.find("+46701234567", "+15017122661").isPresent());
        assertTrue(store.find("0046 70 123 45 67", "0015017122661").isPresent());
        assertFalse(store.add(new OptOut("+46701234567", "15017122661", T.plusSeconds(60), "STOP again")),
                "the same pair, written otherwise: already on the list");
        assertEquals(T, store.list().get(0).since(), "the first opt-out's time stays");
        assertEquals("+1 (501) 712-2661", store.list().get(0).theirs(), "kept as first written");
    }

    @Test
    void removeTakesThePairOffAndSaysWhetherItWasOn() throws Exception {
        OptOutStore store = open();
        store.add(new OptOut("+46701234567", "+15017122661", T, "STOP"));
        assertTrue(store.remove("+46701234567", "+15017122661"));
        assertFalse(store.remove("+46701234567", "+15017122661"));
        assertEquals(Optional.empty(), store.find("+46701234567", "+15017122661"));
        assertEquals(List.of(), store.list());
        assertTrue(store.add(new OptOut("+46701234567", "+15017122661", T.plusSeconds(5), "STOP after START")), "STOP again after START");
        assertEquals(T.plusSeconds(5), store.find("+46701234567", "+15017122661").orElseThrow().since());
    }

    @Test
    void anAlphanumericSenderIsOneNameInAnyCase() throws Exception {
        OptOutStore store = open();
        store.add(new OptOut("ACME Co/..", "+15017122661", T, "websms optout add"));
        assertTrue(store.find("acme co/..", "+15017122661").isPresent());
        assertEquals(Optional.empty(), store.find("ACME Corp", "+15017122661"));
    }

    @Test
    void theListIsOldestFirst() throws Exception {
        OptOutStore store = open();
        store.add(new OptOut("+46701234567", "+15017122662", T.plusSeconds(2), "STOP"));
        store.add(new OptOut("+46701234567", "+15017122661", T.plusSeconds(1), "STOP"));
        store.add(new OptOut("+46701234560", "+15017122663", T.plusSeconds(1), "STOP"));
        assertEquals(List.of("+15017122663", "+15017122661", "+15017122662"), open().list().stream().map(OptOut::theirs).toList(),
                "by time, then by our number");
    }
}
