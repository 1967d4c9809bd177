package io.websms.runtime.store.postgresql;

import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.runtime.ratelimit.RateLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limits kept in a PostgreSQL store hold for two daemons on it together. */
class PgBucketsTest {

    private TestDatabase db;
    private PgStore connectionsA;
    private PgStore connectionsB;

    @BeforeEach
    void open() throws IOException {
        db = new TestDatabase();
        connectionsA = PgStore.open(db.address(), Optional.empty());
        connectionsB = PgStore.open(db.address(), Optional.empty());
    }

    @AfterEach
    void close() {
        connectionsA.close();
        connectionsB.close();
        db.close();
    }

    private static InterfaceConfig iface(String rate, String perSender) {
        return InterfaceConfig.builder(Direction.OUTBOUND).index("1").put("rate_limit", rate).put("rate_limit_sender", perSender).build();
    }

    @Test
    void twoDaemonsSendingAtOnceShareOneInterfaceLimit() throws Exception {
        RateLimits a = RateLimits.in(PgBuckets.in(connectionsA));
        RateLimits b = RateLimits.in(PgBuckets.in(connectionsB));
        InterfaceConfig iface = iface("10/h", "");
        List<Future<Boolean>> turns = new ArrayList<>();
        try (ExecutorService daemons = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 40; i++) {
                RateLimits daemon = i % 2 == 0 ? a : b;
                turns.add(daemons.submit((Callable<Boolean>) () -> daemon.admit(iface, "+15017122661", Duration.ZERO).taken()));
            }
        }
        int taken = 0;
        for (Future<Boolean> turn : turns) {
            taken += turn.get() ? 1 : 0;
        }
        assertEquals(10, taken, "a burst of 10 an hour, for both daemons together");
        RateLimits.Turn next = b.admit(iface, "+15017122661", Duration.ofHours(1));
        assertTrue(next.taken());
        assertTrue(next.delay().compareTo(Duration.ofMinutes(5)) > 0 && next.delay().compareTo(Duration.ofMinutes(7)) < 0,
                "the 11th may go one token's time (6 min) after the burst: " + next.delay());
    }

    @Test
    void aSendersBucketAndARetryAfterPauseAreSeenByTheOtherDaemon() {
        RateLimits a = RateLimits.in(PgBuckets.in(connectionsA));
        RateLimits b = RateLimits.in(PgBuckets.in(connectionsB));
        InterfaceConfig iface = iface("", "1/s");
        assertTrue(a.admit(iface, "+15017122661", Duration.ZERO).taken());
        assertFalse(b.admit(iface, "+15017122661", Duration.ZERO).taken(), "the sender's second within the second, through the other daemon");
        assertTrue(b.admit(iface, "+15017122662", Duration.ZERO).taken(), "another sender has its own bucket");
        InterfaceConfig unlimited = iface("", "");
        assertFalse(b.isLimited(unlimited));
        a.pause(unlimited, Duration.ofSeconds(30));
        assertTrue(b.isLimited(unlimited), "a 429 seen by one daemon pauses the other");
        RateLimits.Turn turn = b.admit(unlimited, "+15017122661", Duration.ZERO);
        assertFalse(turn.taken());
        assertTrue(turn.delay().compareTo(Duration.ofSeconds(28)) > 0, turn.delay().toString());
    }

    @Test
    void whenTheStoreIsGoneNoTurnIsTakenAndTheMessageWaits() {
        RateLimits a = RateLimits.in(PgBuckets.in(connectionsA));
        connectionsA.close();
        RateLimits.Turn turn = a.admit(iface("10/s", ""), "+15017122661", Duration.ofSeconds(2));
        assertEquals(new RateLimits.Turn(false, Duration.ofSeconds(1)), turn);
    }
}
