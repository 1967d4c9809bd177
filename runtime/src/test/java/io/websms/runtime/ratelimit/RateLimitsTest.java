package io.websms.runtime.ratelimit;

import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.runtime.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitsTest {

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private static InterfaceConfig iface(String rate, String perSender) {
        return InterfaceConfig.builder(Direction.OUTBOUND).index("1").put("rate_limit", rate).put("rate_limit_sender", perSender).build();
    }

    @Test
    void ratesAreReadAsWrittenAndNonsenseIsRefusedSayingWhatToWrite() {
        assertEquals(new Rate(1, Duration.ofSeconds(1)), Rate.parse("1/s"));
        assertEquals(new Rate(60, Duration.ofMinutes(1)), Rate.parse(" 60 / min "));
        assertEquals(new Rate(1000, Duration.ofDays(1)), Rate.parse("1000/day"));
        assertEquals("500/h", Rate.parse("500/hour").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rate.parse("fast"));
        assertEquals("'fast' is not a rate such as 1/s, 60/min, 500/h or 1000/day", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rate.parse("0/s"));
    }

    @Test
    void oneASecondPerSenderSpacesTurnsASecondApartInTheOrderTheyWereTakenWhileAnotherSenderGoesAtOnce() throws Exception {
        try (RateLimits limits = RateLimits.open(dir.resolve("buckets.tsv"), clock)) {
            InterfaceConfig iface = iface("", "1/s");
            assertEquals(new RateLimits.Turn(true, Duration.ZERO), limits.admit(iface, "+1555", Duration.ofSeconds(2)));
            assertEquals(new RateLimits.Turn(true, Duration.ofSeconds(1)), limits.admit(iface, "+1555", Duration.ofSeconds(2)));
            assertEquals(new RateLimits.Turn(true, Duration.ofSeconds(2)), limits.admit(iface, "+1555", Duration.ofSeconds(2)));
            RateLimits.Turn later = limits.admit(iface, "+1555", Duration.ofSeconds(2));
            assertFalse(later.taken(), "the fourth would wait 3 s, longer than it may: nothing taken");
            assertEquals(Duration.ofSeconds(3), later.delay());
            assertEquals(new RateLimits.Turn(true, Duration.ZERO), limits.admit(iface, "+1666", Duration.ZERO), "another sender has its own bucket");
            clock.move(Duration.ofSeconds(3));
            assertEquals(new RateLimits.Turn(true, Duration.ZERO), limits.admit(iface, "+1555", Duration.ZERO));
        }
    }

    @Test
    void aRetryAfterPausesTheInterfaceEvenWithoutALimitAndBothBucketsMustAgree() throws Exception {
        try (RateLimits limits = RateLimits.open(dir.resolve("buckets.tsv"), clock)) {
            InterfaceConfig unlimited = iface("", "");
            assertEquals(RateLimits.Turn.NOW, limits.admit(unlimited, "+1555", Duration.ZERO));
            limits.pause(unlimited, Duration.ofSeconds(3));
            assertEquals(new RateLimits.Turn(false, Duration.ofSeconds(3)), limits.admit(unlimited, "+1555", Duration.ofSeconds(2)));
            clock.move(Duration.ofSeconds(3));
            assertTrue(limits.admit(unlimited, "+1555", Duration.ZERO).taken());

            InterfaceConfig both = iface("2/s", "1/min");
            assertTrue(limits.admit(both, "+1555", Duration.ZERO).taken());
            RateLimits.Turn sender = limits.admit(both, "+1555", Duration.ZERO);
            assertEquals(Duration.ofMinutes(1), sender.delay(), "the sender's bucket is empty though the interface's is not");
            assertTrue(limits.admit(both, "+1666", Duration.ZERO).taken());
            assertFalse(limits.admit(both, "+1777", Duration.ZERO).taken(), "the interface's 2/s is used up");
        }
    }

    @Test
    void theBucketsSurviveARestartSoADaysQuotaIsNotRefilled() throws Exception {
        InterfaceConfig daily = iface("2/day", "");
        try (RateLimits limits = RateLimits.open(dir.resolve("buckets.tsv"), clock)) {
            assertTrue(limits.admit(daily, "+1555", Duration.ZERO).taken());
            assertTrue(limits.admit(daily, "+1555", Duration.ZERO).taken());
        }
        try (RateLimits again = RateLimits.open(dir.resolve("buckets.tsv"), clock)) {
            RateLimits.Turn turn = again.admit(daily, "+1555", Duration.ZERO);
            assertFalse(turn.taken(), "used up before the restart");
            assertEquals(Duration.ofHours(12), turn.delay());
        }
        try (RateLimits changed = RateLimits.open(dir.resolve("buckets.tsv"), clock)) {
            assertTrue(changed.admit(iface("5/day", ""), "+1555", Duration.ZERO).taken(), "a changed rate starts a full bucket");
        }
    }

    @Test
    void aRetryAfterPauseSurvivesARestart() throws Exception {
        InterfaceConfig unlimited = iface("", "");
        try (RateLimits limits = RateLimits.open(dir.resolve("buckets.tsv"), clock)) {
            limits.pause(unlimited, Duration.ofMinutes(5));
        }
        try (RateLimits again = RateLimits.open(dir.resolve("buckets.tsv"), clock)) {
            assertEquals(new RateLimits.Turn(false, Duration.ofMinutes(5)), again.admit(unlimited, "+1555", Duration.ZERO),
                    "the ITSP asked for 5 minutes; a restart does not shorten them");
        }
    }
}
