package io.websms.runtime.ratelimit;

import io.websms.api.InterfaceConfig;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The sending limits of the outgoing interfaces, as token buckets: {@code rate_limit} per interface and
 * {@code rate_limit_sender} per interface and sender number. A message goes only when every bucket it falls in has a
 * token ({@link #admit}); a 429 with {@code Retry-After} empties an interface's bucket for that long ({@link #pause}).
 * The buckets live in a {@link BucketStore}: a file of this daemon's, or a store shared by several daemons, whose
 * limits then hold for all of them together. Thread-safe.
 */
public final class RateLimits implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RateLimits.class.getName());
    /** The rate of an interface that has no limit but was paused by a 429. */
    private static final Rate UNLIMITED = new Rate(999_999_999L, Duration.ofSeconds(1)); // the most Rate.parse reads back
    /** How long a message waits before it is tried again when a shared store could not tell its turn. */
    private static final Duration STORE_DOWN = Duration.ofSeconds(1);

    /** No limits: what a one-shot {@code websms send} uses, which shares no state with a daemon. */
    public static final RateLimits NONE = new RateLimits(null);

    private final BucketStore buckets;

    private RateLimits(BucketStore buckets) {
        this.buckets = buckets;
    }

    /** The limits saved in {@code file} (created when missing), on {@code clock}: one daemon's. */
    public static RateLimits open(Path file, Clock clock) throws IOException {
        return new RateLimits(FileBuckets.open(file, clock));
    }

    /** The limits kept in {@code buckets}, such as a store shared by several daemons. */
    public static RateLimits in(BucketStore buckets) {
        return new RateLimits(buckets);
    }

    /**
     * A message's turn: {@code taken} when its tokens are taken and it may go after {@code delay} (zero: now), else
     * its turn would come only after {@code delay}, later than it may wait, and nothing was taken.
     */
    public record Turn(boolean taken, Duration delay) {

        static final Turn NOW = new Turn(true, Duration.ZERO);
    }

    /**
     * Takes a turn from each bucket a message of {@code iface} from {@code sender} falls in, when it comes within
     * {@code maxWait}. Turns are taken in the order of the calls, so messages that wait go in the order they came.
     * When a shared store cannot be reached no turn is taken: the message waits in the outbox rather than going
     * beyond the ITSP's limit.
     */
    public Turn admit(InterfaceConfig iface, String sender, Duration maxWait) {
        Rate perInterface = rate(iface, "rate_limit");
        Rate perSender = rate(iface, "rate_limit_sender");
        if (buckets == null) {
            return Turn.NOW;
        }
        String interfaceKey = iface.index();
        String senderKey = iface.index() + "\u0000" + sender;
        try {
            return buckets.update(perSender == null ? List.of(interfaceKey) : List.of(interfaceKey, senderKey), (stored, now) -> {
                TokenBucket a = bucket(stored, interfaceKey, perInterface, now);
                TokenBucket b = perSender == null ? null : bucket(stored, senderKey, perSender, now);
                if (a == null && b == null) {
                    return Turn.NOW;
                }
                Duration wait = Duration.ZERO;
                for (TokenBucket bucket : new TokenBucket[] {a, b}) {
                    if (bucket != null) {
                        Duration own = bucket.wait(now);
                        wait = own.compareTo(wait) > 0 ? own : wait;
                    }
                }
                if (wait.compareTo(maxWait) > 0) {
                    return new Turn(false, wait);
                }
                for (TokenBucket bucket : new TokenBucket[] {a, b}) {
                    if (bucket != null) {
                        bucket.take(now);
                    }
                }
                return new Turn(true, wait);
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "out interface={0}: the rate-limit buckets cannot be read ({1}); the message waits",
                    iface.index().isEmpty() ? "-" : iface.index(), e.getMessage());
            return new Turn(false, STORE_DOWN);
        }
    }

    /** Whether a message of {@code iface} can wait for a turn here: it has a limit, or a 429 paused it. */
    public boolean isLimited(InterfaceConfig iface) {
        if (buckets == null) {
            return false;
        }
        if (rate(iface, "rate_limit") != null || rate(iface, "rate_limit_sender") != null) {
            return true;
        }
        try {
            return buckets.update(List.of(iface.index()), (stored, now) -> stored.containsKey(iface.index()));
        } catch (IOException e) {
            return true; // admit will say when it may go
        }
    }

    /** Sends nothing more through {@code iface} for {@code duration} (the ITSP answered 429 with Retry-After). */
    public void pause(InterfaceConfig iface, Duration duration) {
        if (buckets == null || duration.isNegative() || duration.isZero()) {
            return;
        }
        Rate limit = rate(iface, "rate_limit");
        try {
            buckets.update(List.of(iface.index()), (stored, now) -> {
                TokenBucket bucket = bucket(stored, iface.index(), limit, now);
                if (bucket == null) {
                    // An interface without rate_limit still pauses: a bucket of its own that never runs dry otherwise.
                    bucket = TokenBucket.full(UNLIMITED, now);
                    stored.put(iface.index(), bucket);
                }
                bucket.pauseUntil(now.plus(duration));
                return null;
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "out interface={0}: cannot record the ITSP''s Retry-After in the rate-limit buckets ({1})",
                    iface.index().isEmpty() ? "-" : iface.index(), e.getMessage());
            return;
        }
        LOG.log(Level.WARNING, "out interface={0} paused for {1} ms: the ITSP answered 429 with Retry-After",
                iface.index().isEmpty() ? "-" : iface.index(), String.valueOf(duration.toMillis()));
    }

    private static Rate rate(InterfaceConfig iface, String key) {
        String value = iface.get(key).orElse("");
        return value.isBlank() ? null : Rate.parse(value);
    }

    /**
     * The bucket under {@code key}; a new, full one when there is none or its rate changed (a reload). With no rate,
     * the pause bucket of a 429 if one is there, else null.
     */
    private static TokenBucket bucket(Map<String, TokenBucket> stored, String key, Rate rate, Instant now) {
        TokenBucket bucket = stored.get(key);
        if (rate == null) {
            return bucket != null && bucket.rate().equals(UNLIMITED) ? bucket : null;
        }
        if (bucket == null || !bucket.rate().equals(rate)) {
            bucket = TokenBucket.full(rate, now);
            stored.put(key, bucket);
        }
        return bucket;
    }

    /** Keeps the buckets and stops. */
    @Override
    public void close() {
        if (buckets != null) {
            buckets.close();
        }
    }
}
