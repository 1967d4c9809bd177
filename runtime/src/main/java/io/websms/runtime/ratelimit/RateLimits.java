package io.websms.runtime.ratelimit;

import io.websms.api.InterfaceConfig;
import io.websms.runtime.files.PrivateFiles;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sending limits of the outgoing interfaces, as token buckets: {@code rate_limit} per interface and
 * {@code rate_limit_sender} per interface and sender number. A message goes only when every bucket it falls in has a
 * token ({@link #admit}); a 429 with {@code Retry-After} empties an interface's bucket for that long ({@link #pause}).
 * The buckets are saved to a file (at most once a second, and when closed) and read again at the start, so that a
 * restart does not refill a day's quota. Thread-safe.
 */
public final class RateLimits implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RateLimits.class.getName());
    /** Sender buckets kept at most; full ones are forgotten first (a full bucket is what a new one would be). */
    private static final int MAX_BUCKETS = 10_000;

    /** The rate of an interface that has no limit but was paused by a 429. */
    private static final Rate UNLIMITED = new Rate(1_000_000_000L, Duration.ofSeconds(1));

    /** No limits: what a one-shot {@code websms send} uses, which shares no state with a daemon. */
    public static final RateLimits NONE = new RateLimits(Clock.systemUTC(), null);

    private final Clock clock;
    private final Path file;
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private final ScheduledExecutorService saver;
    private boolean dirty;

    private RateLimits(Clock clock, Path file) {
        this.clock = clock;
        this.file = file;
        this.saver = file == null ? null : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("websms-rate-limits").factory());
    }

    /** The limits saved in {@code file} (created when missing), on {@code clock}. */
    public static RateLimits open(Path file, Clock clock) throws IOException {
        RateLimits limits = new RateLimits(clock, file);
        limits.load();
        limits.saver.scheduleWithFixedDelay(limits::saveQuietly, 1, 1, TimeUnit.SECONDS);
        return limits;
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
     */
    public Turn admit(InterfaceConfig iface, String sender, Duration maxWait) {
        Rate perInterface = rate(iface, "rate_limit");
        Rate perSender = rate(iface, "rate_limit_sender");
        if (file == null) {
            return Turn.NOW;
        }
        Instant now = clock.instant();
        synchronized (this) {
            TokenBucket a = bucket(iface.index(), perInterface, now);
            TokenBucket b = perSender == null ? null : bucket(iface.index() + "\u0000" + sender, perSender, now);
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
            dirty = true;
            return new Turn(true, wait);
        }
    }

    /** Whether a message of {@code iface} can wait for a turn here: it has a limit, or a 429 paused it. */
    public boolean isLimited(InterfaceConfig iface) {
        if (file == null) {
            return false;
        }
        if (rate(iface, "rate_limit") != null || rate(iface, "rate_limit_sender") != null) {
            return true;
        }
        synchronized (this) {
            return buckets.containsKey(iface.index());
        }
    }

    /** Sends nothing more through {@code iface} for {@code duration} (the ITSP answered 429 with Retry-After). */
    public void pause(InterfaceConfig iface, Duration duration) {
        if (file == null || duration.isNegative() || duration.isZero()) {
            return;
        }
        Instant now = clock.instant();
        synchronized (this) {
            TokenBucket bucket = bucket(iface.index(), rate(iface, "rate_limit"), now);
            if (bucket == null) {
                // An interface without rate_limit still pauses: a bucket of its own that never runs dry otherwise.
                bucket = TokenBucket.full(UNLIMITED, now);
                buckets.put(iface.index(), bucket);
            }
            bucket.pauseUntil(now.plus(duration));
            dirty = true;
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
    private TokenBucket bucket(String key, Rate rate, Instant now) {
        TokenBucket bucket = buckets.get(key);
        if (rate == null) {
            return bucket != null && bucket.rate().equals(UNLIMITED) ? bucket : null;
        }
        if (bucket == null || !bucket.rate().equals(rate)) {
            if (buckets.size() >= MAX_BUCKETS) {
                forgetFull(now);
            }
            bucket = TokenBucket.full(rate, now);
            buckets.put(key, bucket);
        }
        return bucket;
    }

    private void forgetFull(Instant now) {
        for (Iterator<TokenBucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().isFull(now)) {
                it.remove();
            }
        }
    }

    private void load() throws IOException {
        PrivateFiles.createFolders(file.getParent());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        }
        for (String line : text.split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length != 3) {
                continue;
            }
            try {
                String[] state = fields[2].split(" ");
                buckets.put(unescape(fields[0]), new TokenBucket(Rate.parse(fields[1]), Double.parseDouble(state[0]),
                        Instant.ofEpochMilli(Long.parseLong(state[1])), Instant.ofEpochMilli(Long.parseLong(state[2]))));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "{0}: a line that is no rate-limit bucket is skipped ({1})", file, e.getMessage());
            }
        }
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot save the rate-limit buckets to {0} ({1}); a restart now would refill them", file, e.toString());
        }
    }

    private void save() throws IOException {
        StringBuilder text = new StringBuilder();
        synchronized (this) {
            if (!dirty) {
                return;
            }
            dirty = false;
            buckets.forEach((key, bucket) -> text.append(escape(key)).append('\t').append(bucket.rate()).append('\t').append(bucket.state()).append('\n'));
        }
        PrivateFiles.writeDurably(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String key) {
        return key.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\u0000", "\\0");
    }

    private static String unescape(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' && i + 1 < key.length()) {
                char next = key.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next == '0' ? '\u0000' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Saves the buckets and stops saving. */
    @Override
    public void close() {
        if (saver != null) {
            saver.shutdownNow();
            saveQuietly();
        }
    }
}
