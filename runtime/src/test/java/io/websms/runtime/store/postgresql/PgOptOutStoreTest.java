package io.websms.runtime.store.postgresql;

import io.websms.runtime.optout.OptOut;
import io.websms.runtime.optout.OptOutStore;
import io.websms.runtime.optout.OptOutStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The opt-out list's contract on the PostgreSQL store, in a schema of the test's own in the local PostgreSQL (fails
 * saying how to start it when it is not running); then what only a shared list does: several daemons on one list.
 */
class PgOptOutStoreTest extends OptOutStoreContract {

    private TestDatabase db;
    private final List<PgStore> connections = new ArrayList<>();

    @BeforeEach
    void schema() {
        db = new TestDatabase();
    }

    @AfterEach
    void drop() {
        connections.forEach(PgStore::close);
        db.close();
    }

    /** A daemon's connections to the store, its schema brought up to date as websmsd does. */
    private PgStore daemon() throws IOException {
        PgStore store = PgStore.open(db.address(), Optional.empty());
        connections.add(store);
        return store;
    }

    @Override
    protected OptOutStore open() throws IOException {
        return PgOptOutStore.in(daemon());
    }

    @Test
    void aStopTakenByOneDaemonRefusesTheOthersNextSendAndAStartAllowsItAgain() throws IOException {
        OptOutStore a = PgOptOutStore.in(daemon());
        OptOutStore b = PgOptOutStore.in(daemon());
        assertEquals(Optional.empty(), b.find("+46701234567", "+15017122661"));
        a.add(new OptOut("+46701234567", "+15017122661", T, "STOP on interface 1"));
        assertEquals("STOP on interface 1", b.find("46701234567", "001 501 712 2661").orElseThrow().how(), "at once: no cache on b");
        b.remove("+46701234567", "+15017122661");
        assertEquals(Optional.empty(), a.find("+46701234567", "+15017122661"));
    }

    @Test
    void theSameStopToSeveralDaemonsAtOnceIsNewForExactlyOne() throws Exception {
        List<OptOutStore> daemons = List.of(open(), open(), open(), open());
        for (int round = 0; round < 20; round++) {
            String theirs = String.format("+150171226%02d", round);
            int added = 0;
            try (ExecutorService pool = Executors.newFixedThreadPool(daemons.size())) {
                List<Future<Boolean>> results = new ArrayList<>();
                for (OptOutStore daemon : daemons) {
                    results.add(pool.submit((Callable<Boolean>) () -> daemon.add(new OptOut("+46701234567", theirs, T, "STOP"))));
                }
                for (Future<Boolean> result : results) {
                    added += result.get() ? 1 : 0;
                }
            }
            assertEquals(1, added, "round " + round + ": one LISTED, the others ALREADY_LISTED");
        }
        assertEquals(20, open().list().size());
    }

    @Test
    void aCommandThatOnlySendsReadsAStoreWithoutTheListAsEmptyAndFailsWhenItIsUnreachable() throws IOException {
        try (PgStore untouched = PgStore.connect(db.address(), Optional.empty())) {
            assertEquals(Optional.empty(), PgOptOutStore.reading(untouched).find("+46701234567", "+15017122661"),
                    "no daemon has created the tables yet: nobody opted out");
            assertEquals(0, db.number("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + db.schema + "'"),
                    "reading creates nothing");
        }
        try (PgStore down = PgStore.connect(io.websms.runtime.store.StoreAddress.parse("postgresql://postgres@127.0.0.1:1/test"), Optional.empty())) {
            IOException refused = assertThrows(IOException.class, () -> PgOptOutStore.reading(down).find("+46701234567", "+15017122661"));
            assertTrue(refused.getMessage().startsWith("the store postgresql://postgres@127.0.0.1:1/test failed: "), refused.getMessage());
        }
    }
}
